// The parcels export (CLI `export`, API `/export`): RFC 7946 GeoJSON of every parcel with
// its computed figures next to its own attributes, and the rule results and method as a
// foreign member. One builder, so every format (GeoJSON, FlatGeobuf, CSV) and the CLI
// give the same figures.
import type { Feature } from 'geojson';
import { evaluatePack, type Lang } from '../domain/policy/evaluate';
import { CityFacts } from '../domain/policy/facts';
import type { PolicyPack, Report } from '../domain/policy/pack';
import type { PriceTable } from '../domain/pricing/priceTable';
import { parcelFigures } from '../domain/report/parcelFigures';
import type { City } from '../domain/schema/kinds';
import { csvText } from './csv';
import { BOM } from './rulesCsv';
import { featureCollectionText, rfc7946Geometry } from './writeGeoJson';

export interface ExportOptions {
  /** the snapshot rules such as CQ-3 compare against */
  baseline?: { id: string; name?: string; city: City };
  /** when the data was last edited (ISO); the export time when unknown */
  dataDate?: string;
  /** when the export was made (ISO); now by default */
  exportedAt?: string;
  project?: { id: string; name: string };
}

/** The method note every export and the printed report carry. */
export interface ExportMethod {
  ellipsoid: 'CGCS2000';
  semiMajorAxis: number;
  inverseFlattening: number;
  crs: 'EPSG:4490';
  areaMethod: string;
  dataDate: string;
  exportedAt: string;
  /** what the figures rest on beyond the data, in words (parcels whose status was assumed); absent when nothing */
  assumptions?: string[];
}

export interface ExportForeign {
  parkatlas: {
    project?: { id: string; name: string };
    policy: string;
    policyVersion: string;
    policyTitle: string;
    lang: Lang;
    baseline: { id: string; name?: string } | null;
    method: ExportMethod;
    /** kept at the top level too, as before (scripts read them) */
    ellipsoid: 'CGCS2000';
    areaMethod: string;
    priceTables: Array<{ id: string; version: string | undefined; title?: string; placeholder: boolean | undefined; parcels: number }>;
    rules: Array<Omit<Report['rules'][number], 'features'>>;
  };
}

export interface ParcelExport {
  features: Feature[];
  foreign: ExportForeign;
  report: Report;
}

const AREA_METHOD = 'exact ellipsoidal area (authalic sphere, geodesic edges)';

export function parcelExport(city: City, pack: PolicyPack, tables: ReadonlyMap<string, PriceTable>, lang: Lang, facts = new CityFacts(city), options: ExportOptions = {}): ParcelExport {
  const report = evaluatePack(pack, city, { lang, tables, facts, baseline: options.baseline?.city });
  const figures = parcelFigures(city, pack, tables, lang, facts);
  const features = city.parcels.map((parcel, i) => ({
    type: 'Feature' as const,
    id: parcel.id,
    properties: { id: parcel.id, ...parcel.properties, ...figures[i] },
    geometry: rfc7946Geometry(parcel.geometry),
  }));
  const used = new Map<string, number>();
  for (const f of figures) if (f.price_floor_table !== null) used.set(f.price_floor_table, (used.get(f.price_floor_table) ?? 0) + 1);
  const exportedAt = options.exportedAt ?? new Date().toISOString();
  const foreign: ExportForeign = {
    parkatlas: {
      ...(options.project ? { project: options.project } : {}),
      policy: pack.id,
      policyVersion: pack.version,
      policyTitle: report.title,
      lang,
      baseline: options.baseline ? { id: options.baseline.id, ...(options.baseline.name ? { name: options.baseline.name } : {}) } : null,
      method: {
        ellipsoid: 'CGCS2000',
        semiMajorAxis: 6378137,
        inverseFlattening: 298.257222101,
        crs: 'EPSG:4490',
        areaMethod: AREA_METHOD,
        dataDate: options.dataDate ?? exportedAt,
        exportedAt,
        ...(report.assumptions ? { assumptions: report.assumptions.map((a) => a.text) } : {}),
      },
      ellipsoid: 'CGCS2000',
      areaMethod: AREA_METHOD,
      priceTables: [...used].map(([id, parcels]) => {
        const table = tables.get(id);
        return { id, version: table?.version, ...(table ? { title: table.name[lang] } : {}), placeholder: table?.placeholder, parcels };
      }),
      rules: report.rules.map(({ features: _features, ...r }) => r),
    },
  };
  return { features, foreign, report };
}

export function parcelExportText(exported: ParcelExport): string {
  return featureCollectionText(exported.features, { ...exported.foreign });
}

/** Parcels as CSV for spreadsheets: UTF-8 with a BOM (Excel then shows Chinese), one column per attribute. */
export function parcelExportCsv(exported: ParcelExport): string {
  const rows = exported.features.map((f) => f.properties ?? {});
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return BOM + csvText([columns, ...rows.map((r) => columns.map((c) => r[c]))]);
}
