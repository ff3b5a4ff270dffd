// Heavy reads: reports and exports computed over the project's rows (see ../pool.ts). The
// main thread reads the rows as jsonb text in pages (store/cityRows.ts, routes/context.ts);
// here they are parsed into a City, evaluated and formatted, and the bytes of the answer go
// back without a copy.
import type { TrendResponse } from '../../../api/types';
import { evaluatePack, type Lang } from '../../../domain/policy/evaluate';
import { CityFacts } from '../../../domain/policy/facts';
import type { PriceTable } from '../../../domain/pricing/priceTable';
import { compareCities, type CityComparison } from '../../../domain/report/compareCities';
import type { City } from '../../../domain/schema/kinds';
import { writeFlatGeobuf } from '../../../io/flatgeobufWriter';
import { parcelExport, parcelExportCsv, parcelExportText } from '../../../io/parcelExport';
import { reportJsonObject } from '../../../io/reportOutput';
import { rulesCsv } from '../../../io/rulesCsv';
import { cityFromRows, packOf, rowsOfPages, type RowPages } from '../../routes/context';
import type { ExportFormat } from '../../routes/reports';
import { inSnapshotOrder, newestOnly } from '../../store/cityRows';
import type { TaskResult } from '../tasks';

/** What every evaluation needs besides the rows: the pack (by id), the language, the project's tables. */
interface EvaluationInput {
  packId: string;
  lang: Lang;
  tables: ReadonlyMap<string, PriceTable>;
}

export interface ReportInput extends EvaluationInput {
  rows: RowPages;
  /** a snapshot's rows (any order): the baseline CQ-3 compares against */
  baselineRows?: RowPages;
  withFeatures: boolean;
}

export interface ExportInput extends EvaluationInput {
  rows: RowPages;
  format: ExportFormat;
  baseline?: { id: string; name: string; rows: RowPages };
  dataDate?: string;
  exportedAt: string;
  project: { id: string; name: string };
}

export interface CompareInput {
  nowRows: RowPages;
  /** the snapshot's rows, any order */
  baselineRows: RowPages;
  industrialLandUse: string[];
}

export interface TrendPointInput extends EvaluationInput {
  /** the snapshot's rows, any order */
  rows: RowPages;
}

export type TrendRules = TrendResponse['points'][number]['rules'];

/** UTF-8 bytes of their own buffer, so it can be moved to the caller. */
function moved(bytes: Uint8Array): TaskResult<Uint8Array> {
  return { value: bytes, transfer: [bytes.buffer as ArrayBuffer] };
}

const utf8 = (text: string): TaskResult<Uint8Array> => moved(new TextEncoder().encode(text));

/** The project's rows as a City (a feature read twice while it was re-created counts once). */
const projectCity = (pages: RowPages): City => cityFromRows(newestOnly(rowsOfPages(pages)));

/** A snapshot's rows as a City, in snapshotFeatures' order. */
const snapshotCity = (pages: RowPages): City => cityFromRows(inSnapshotOrder(rowsOfPages(pages)));

/** The export's file: its format's text or bytes from the same figures. */
function exportBytes(input: ExportInput, city: City): TaskResult<Uint8Array> {
  const pack = packOf(input.packId);
  const facts = new CityFacts(city);
  const baseline = input.baseline ? { id: input.baseline.id, name: input.baseline.name, city: snapshotCity(input.baseline.rows) } : undefined;
  if (input.format === 'rules-csv') {
    // the rule results alone: parcelExport's report without its per-parcel figures
    return utf8(rulesCsv(evaluatePack(pack, city, { lang: input.lang, tables: input.tables, facts, baseline: baseline?.city }), input.lang));
  }
  const exported = parcelExport(city, pack, input.tables, input.lang, facts, {
    baseline,
    dataDate: input.dataDate,
    exportedAt: input.exportedAt,
    project: input.project,
  });
  if (input.format === 'fgb') return moved(writeFlatGeobuf(exported.features, 4490));
  return utf8(input.format === 'csv' ? parcelExportCsv(exported) : parcelExportText(exported));
}

export const REPORT_TASKS = {
  /** GET …/report: the JSON contract, as UTF-8 bytes. */
  async report(input: ReportInput): Promise<TaskResult<Uint8Array>> {
    const baseline = input.baselineRows ? snapshotCity(input.baselineRows) : undefined;
    const report = evaluatePack(packOf(input.packId), projectCity(input.rows), { lang: input.lang, tables: input.tables, baseline });
    return utf8(JSON.stringify(reportJsonObject(report, input.withFeatures)));
  },

  /** GET …/export: GeoJSON, FlatGeobuf, parcels CSV or rules CSV. */
  async parcelExport(input: ExportInput): Promise<TaskResult<Uint8Array>> {
    return exportBytes(input, projectCity(input.rows));
  },

  /** GET …/snapshots/:sid/compare: the project now against a snapshot. */
  async compareSnapshot(input: CompareInput): Promise<TaskResult<CityComparison>> {
    return { value: compareCities(projectCity(input.nowRows), snapshotCity(input.baselineRows), { industrialLandUse: input.industrialLandUse }) };
  },

  /** One point of GET …/snapshots/trend: a snapshot's rule results. */
  async trendPoint(input: TrendPointInput): Promise<TaskResult<TrendRules>> {
    const report = evaluatePack(packOf(input.packId), snapshotCity(input.rows), { lang: input.lang, tables: input.tables });
    return { value: report.rules.map((r) => ({ id: r.id, scope: r.scope, scopeName: r.scopeName, title: r.title, unit: r.unit, value: r.value, status: r.status })) };
  },
};
