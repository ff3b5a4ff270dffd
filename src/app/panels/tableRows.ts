// The rows of the attribute table: the columns each layer shows, each cell's value and
// its text in the current language, sorting (numbers numerically, text by pinyin) and the
// filter box (a row matches when any shown cell contains every word typed). Pure.
import type { LayerName } from '../../domain/schema/kinds';
import { landUseCode } from '../../domain/schema/landUse';
import { fromSquareMetres, type AreaUnit } from '../../domain/units';
import { formatNumber } from '../format';
import type { Lang, MessageKey, Translate } from '../i18n';
import { optionKey, type EnumName } from './attributeFields';

export type ColumnId =
  | 'id'
  | 'name'
  | 'landUse'
  | 'status'
  | 'grade'
  | 'far'
  | 'tier'
  | 'kind'
  | 'district'
  | 'areaMu'
  | 'areaM2'
  | 'areaHa'
  | 'areaKm2';

export interface TableColumn {
  id: ColumnId;
  type: 'text' | 'number';
  /** the attribute the column shows; absent for id and the areas */
  field?: string;
  /** for areas */
  unit?: AreaUnit;
  /** decimals of a number column */
  digits?: number;
  enumName?: EnumName;
}

const ID: TableColumn = { id: 'id', type: 'text' };
const NAME: TableColumn = { id: 'name', type: 'text', field: 'name' };
const DISTRICT: TableColumn = { id: 'district', type: 'text', field: 'district' };
const area = (id: ColumnId, unit: AreaUnit, digits: number): TableColumn => ({ id, type: 'number', unit, digits });

const COLUMNS: Readonly<Record<LayerName, readonly TableColumn[]>> = {
  parcels: [
    ID,
    NAME,
    { id: 'landUse', type: 'text', field: 'landUse' },
    { id: 'status', type: 'text', field: 'status', enumName: 'parcelStatus' },
    { id: 'grade', type: 'number', field: 'grade', digits: 0 },
    { id: 'far', type: 'number', field: 'far', digits: 2 },
    area('areaMu', 'mu', 2),
    area('areaM2', 'm2', 0),
  ],
  parks: [ID, NAME, { id: 'tier', type: 'text', field: 'tier', enumName: 'parkTier' }, DISTRICT, area('areaHa', 'ha', 2), area('areaMu', 'mu', 0)],
  zones: [ID, NAME, DISTRICT, area('areaKm2', 'km2', 2)],
  districts: [ID, NAME, { id: 'kind', type: 'text', field: 'kind', enumName: 'districtKind' }, area('areaKm2', 'km2', 2)],
};

export function tableColumns(layer: LayerName): readonly TableColumn[] {
  return COLUMNS[layer];
}

export type CellValue = string | number | null;

export interface TableRow {
  id: string;
  /** by column id, in the order of `tableColumns` */
  values: readonly CellValue[];
  texts: readonly string[];
  /** the texts, lower-cased and joined, for the filter */
  haystack: string;
}

/** A cell's text in `lang`: numbers grouped with fixed decimals, enums and land uses by name. */
export type CellText = (column: TableColumn, value: CellValue) => string;

export function cellText(lang: Lang, t: Translate): CellText {
  return (column, value) => {
    if (value === null) return '';
    if (typeof value === 'number') return formatNumber(lang, value, column.digits ?? 0);
    if (column.id === 'landUse') {
      const entry = landUseCode(value);
      return entry ? `${entry.code} ${lang === 'en' ? entry.en : entry.zh}` : value;
    }
    if (column.enumName) {
      const key: MessageKey | undefined = optionKey(column.enumName, value);
      return key ? t(key) : value;
    }
    return value;
  };
}

export interface RowSource {
  id: string;
  properties: Readonly<Record<string, unknown>> | null;
}

function cellValue(column: TableColumn, feature: RowSource, areaM2: number | undefined): CellValue {
  if (column.id === 'id') return feature.id;
  if (column.unit) return areaM2 === undefined ? null : fromSquareMetres(areaM2, column.unit);
  const raw = column.field && feature.properties ? feature.properties[column.field] : undefined;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'string') return raw;
  if (raw === undefined || raw === null) return null;
  return String(raw);
}

/**
 * Rows built earlier, by feature object: an edit replaces one feature, so only its row is
 * built again. Keep one cache per layer and language.
 */
export type RowCache = WeakMap<RowSource, { areaM2: number | undefined; row: TableRow }>;

export function buildRows(
  layer: LayerName,
  features: readonly RowSource[],
  areas: ReadonlyMap<string, number>,
  text: CellText,
  cache?: RowCache,
): TableRow[] {
  const columns = COLUMNS[layer];
  // Most columns repeat a few values (8 statuses, 15 grades): format each value once.
  const known = columns.map(() => new Map<CellValue, string>());
  const textOf = (i: number, value: CellValue): string => {
    if (columns[i].unit) return text(columns[i], value);
    let shown = known[i].get(value);
    if (shown === undefined) {
      shown = text(columns[i], value);
      known[i].set(value, shown);
    }
    return shown;
  };
  return features.map((f) => {
    const areaM2 = areas.get(f.id);
    const cached = cache?.get(f);
    if (cached && cached.areaM2 === areaM2) return cached.row;
    const values = columns.map((c) => cellValue(c, f, areaM2));
    const texts = values.map((value, i) => textOf(i, value));
    const row: TableRow = { id: f.id, values, texts, haystack: texts.join('\u0001').toLowerCase() };
    cache?.set(f, { areaM2, row });
    return row;
  });
}

/** Rows whose shown cells contain every whitespace-separated word of `query` (any case). */
export function filterRows(rows: readonly TableRow[], query: string): readonly TableRow[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return rows;
  return rows.filter((row) => words.every((w) => row.haystack.includes(w)));
}

export type SortDirection = 'asc' | 'desc';
export interface TableSort {
  column: ColumnId;
  direction: SortDirection;
}

/** A header click: a new column sorts ascending, the same column flips. */
export function nextSort(current: TableSort | null, column: ColumnId): TableSort {
  if (current?.column === column) return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { column, direction: 'asc' };
}

const collator = new Intl.Collator('zh-CN');

/**
 * Rows sorted by one column: numbers numerically, text as `localeCompare(…, 'zh-CN')`
 * (pinyin). Empty cells go last either way; ties keep the given order.
 */
export function sortRows(rows: readonly TableRow[], layer: LayerName, sort: TableSort | null): readonly TableRow[] {
  if (sort === null) return rows;
  const index = COLUMNS[layer].findIndex((c) => c.id === sort.column);
  if (index < 0) return rows;
  const sign = sort.direction === 'asc' ? 1 : -1;
  const numeric = COLUMNS[layer][index].type === 'number';
  const compare = (a: CellValue, b: CellValue): number => {
    if (numeric && typeof a === 'number' && typeof b === 'number') return a - b;
    return collator.compare(String(a), String(b));
  };
  const decorated = rows.map((row, order) => ({ row, order, value: row.values[index] }));
  decorated.sort((x, y) => {
    if (x.value === null || y.value === null) {
      return x.value === y.value ? x.order - y.order : x.value === null ? 1 : -1;
    }
    return sign * compare(x.value, y.value) || x.order - y.order;
  });
  return decorated.map((d) => d.row);
}
