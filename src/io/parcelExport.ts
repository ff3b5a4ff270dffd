// The parcels export (CLI `export`, API `/export`): RFC 7946 GeoJSON of every parcel with
// its computed figures next to its own attributes, and the rule results and method as a
// foreign member. One builder, so both give the same file.
import type { Feature } from 'geojson';
import { evaluatePack, type Lang } from '../domain/policy/evaluate';
import { CityFacts } from '../domain/policy/facts';
import type { PolicyPack } from '../domain/policy/pack';
import type { PriceTable } from '../domain/pricing/priceTable';
import { parcelFigures } from '../domain/report/parcelFigures';
import type { City } from '../domain/schema/kinds';
import { csvText } from './csv';
import { featureCollectionText, rfc7946Geometry } from './writeGeoJson';

export interface ParcelExport {
  features: Feature[];
  foreign: Record<string, unknown>;
}

export function parcelExport(city: City, pack: PolicyPack, tables: ReadonlyMap<string, PriceTable>, lang: Lang, facts = new CityFacts(city)): ParcelExport {
  const report = evaluatePack(pack, city, { lang, tables, facts });
  const figures = parcelFigures(city, pack, tables, lang, facts);
  const features = city.parcels.map((parcel, i) => ({
    type: 'Feature' as const,
    id: parcel.id,
    properties: { id: parcel.id, ...parcel.properties, ...figures[i] },
    geometry: rfc7946Geometry(parcel.geometry),
  }));
  const usedTables = [...new Set(figures.map((f) => f.price_floor_table).filter((t): t is string => t !== null))];
  const foreign = {
    parkatlas: {
      policy: pack.id,
      policyVersion: pack.version,
      ellipsoid: 'CGCS2000',
      areaMethod: 'exact ellipsoidal area (authalic sphere, geodesic edges)',
      priceTables: usedTables.map((id) => ({ id, version: tables.get(id)?.version, placeholder: tables.get(id)?.placeholder })),
      rules: report.rules.map(({ features: _features, ...r }) => r),
    },
  };
  return { features, foreign };
}

export function parcelExportText(exported: ParcelExport): string {
  return featureCollectionText(exported.features, exported.foreign);
}

/** Parcels as CSV for spreadsheets: UTF-8 with a BOM (Excel then shows Chinese), one column per attribute. */
export function parcelExportCsv(exported: ParcelExport): string {
  const rows = exported.features.map((f) => f.properties ?? {});
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return '\uFEFF' + csvText([columns, ...rows.map((r) => columns.map((c) => r[c]))]);
}
