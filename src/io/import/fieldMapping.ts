// From a file's own attribute names and codes to ParkAtlas's schema: which source field
// feeds which attribute (suggested from the names planners' data uses), and how land-use
// values translate (GB 50137 M1 → 100101; 三调 0601 工业用地 → 1001). The planner sees and
// can change every choice before anything is written.
import { FIELD_LABELS } from '../../domain/schema/attributes';
import type { LayerName } from '../../domain/schema/kinds';
import { landUseCode } from '../../domain/schema/landUse';
import { FIELD_ALIASES } from '../fieldAliases';

export interface FieldMapping {
  /** schema attribute → source field */
  fields: Record<string, string>;
  /** land-use value as found → the code stored (only values that change) */
  landUseValues: Record<string, string>;
}

export interface Bilingual {
  en: string;
  zh: string;
}

export interface MappingNote extends Bilingual {
  field: string;
}

/** The source fields that name a land-use class in words, used to tell 三调 codes from 2023 ones. */
const LAND_USE_NAME_FIELDS = ['DLMC', '地类名称', 'YDMC', '用地名称'];

/** Source field names that mean the schema attribute (beyond fieldAliases, case-insensitive). */
const MORE_ALIASES: Readonly<Partial<Record<LayerName, Readonly<Record<string, readonly string[]>>>>> = {
  parcels: {
    status: ['ZT', '状态', 'DKZT'],
    projectName: ['XMMC', '项目名称'],
    industry: ['HY', '行业', 'CYLX'],
    supplyYear: ['GDNF', '供地年份'],
    taxPerMu: ['MJSS', '亩均税收'],
  },
  parks: { tier: ['YQCJ', '园区层级'], district: ['SSQX', '所属区县'] },
};

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Suggested field mapping for a layer: exact schema names first, then planners' names. */
export function suggestFields(layer: LayerName, sourceFields: readonly string[]): FieldMapping['fields'] {
  const out: Record<string, string> = {};
  const taken = new Set<string>();
  const pick = (attribute: string, candidates: readonly string[]): void => {
    if (out[attribute]) return;
    for (const candidate of candidates) {
      const found = sourceFields.find((f) => same(f, candidate) && !taken.has(f));
      if (found) {
        out[attribute] = found;
        taken.add(found);
        return;
      }
    }
  };
  const attributes = new Set(['id', ...Object.keys(FIELD_ALIASES[layer]), ...Object.keys(MORE_ALIASES[layer] ?? {}), ...Object.keys(FIELD_LABELS).filter((k) => !k.includes('.'))]);
  for (const attribute of attributes) pick(attribute, [attribute]);
  for (const [attribute, aliases] of Object.entries(FIELD_ALIASES[layer])) pick(attribute, aliases);
  for (const [attribute, aliases] of Object.entries(MORE_ALIASES[layer] ?? {})) pick(attribute, aliases);
  return out;
}

/**
 * How each distinct land-use value of the file is read. A bare 4-digit code is a 2023 code
 * unless the file's class name (DLMC) says it is the 三调 class of that code; GB 50137 letter
 * codes become their 2023 equivalents; unknown values are listed for the planner to map.
 */
export function suggestLandUseValues(rows: ReadonlyArray<Record<string, unknown>>, landUseField: string | undefined, sourceFields: readonly string[]): { values: Record<string, string>; notes: MappingNote[]; unknown: string[] } {
  const values: Record<string, string> = {};
  const notes: MappingNote[] = [];
  const unknown: string[] = [];
  if (!landUseField) return { values, notes, unknown };
  const nameField = sourceFields.find((f) => LAND_USE_NAME_FIELDS.some((n) => same(n, f)));
  const seen = new Map<string, string | undefined>();
  for (const row of rows) {
    const raw = row[landUseField];
    if (raw === null || raw === undefined || raw === '') continue;
    const code = String(raw).trim();
    if (!seen.has(code)) seen.set(code, nameField ? String(row[nameField] ?? '').trim() : undefined);
  }
  for (const [code, name] of seen) {
    const bare = landUseCode(code);
    const survey = landUseCode(`S3-${code}`);
    if (survey && name && survey.zh === name && bare?.zh !== name) {
      const to = survey.equivalent ?? survey.code;
      values[code] = to;
      notes.push({ field: 'landUse', en: `${code} ${name} is a 三调 (land survey) code: read as ${to}`, zh: `${code} ${name} 为三调地类编码，按 ${to} 读入` });
    } else if (bare && bare.system === 'gb50137' && bare.equivalent) {
      values[code] = bare.equivalent;
      notes.push({ field: 'landUse', en: `${code} (GB 50137) read as its 2023 code ${bare.equivalent} ${bare.en}`, zh: `${code}（GB 50137）按 2023 分类 ${bare.equivalent} ${bare.zh} 读入` });
    } else if (!bare) {
      unknown.push(code);
    }
  }
  return { values, notes, unknown };
}

export function suggestMapping(layer: LayerName, sourceFields: readonly string[], sample: ReadonlyArray<Record<string, unknown>>): { mapping: FieldMapping; notes: MappingNote[]; unknownLandUse: string[] } {
  const fields = suggestFields(layer, sourceFields);
  const { values, notes, unknown } = layer === 'parcels' ? suggestLandUseValues(sample, fields.landUse, sourceFields) : { values: {}, notes: [], unknown: [] };
  return { mapping: { fields, landUseValues: values }, notes, unknownLandUse: unknown };
}

const NUMERIC = new Set(['grade', 'far', 'taxPerMu', 'output', 'revenue', 'supplyYear', 'salePrice', 'floorArea', 'leadingRevenue', 'characteristicOutput']);
const FLAGS = new Set(['priorityIndustry', 'encouragedManufacturing', 'standardFactory', 'standardLand', 'netLand', 'upgradeTarget', 'designated', 'renovated', 'digitalEconomy']);

/** A source field's text as the attribute's type: numbers, booleans ('是'/'否', 'Y'/'N', 1/0). */
function convert(attribute: string, value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (NUMERIC.has(attribute) && typeof value === 'string') {
    const n = Number(value.trim());
    return value.trim() !== '' && Number.isFinite(n) ? n : value;
  }
  if (FLAGS.has(attribute) && typeof value !== 'boolean') {
    const text = String(value).trim().toLowerCase();
    if (['是', 'y', 'yes', 't', 'true', '1'].includes(text)) return true;
    if (['否', 'n', 'no', 'f', 'false', '0'].includes(text)) return false;
  }
  if (attribute === 'id' || attribute === 'landUse' || attribute === 'name') return typeof value === 'number' ? String(value) : value;
  return value;
}

/**
 * A feature's properties under a mapping: the mapped attributes, converted, and every source
 * field kept under its own name as the planner's own attribute (nothing is dropped).
 */
export function mapProperties(props: Record<string, unknown>, mapping: FieldMapping): { id: string | undefined; properties: Record<string, unknown> } {
  const out: Record<string, unknown> = { ...props };
  let id: string | undefined;
  for (const [attribute, source] of Object.entries(mapping.fields)) {
    let value = convert(attribute, props[source]);
    if (attribute === 'landUse' && typeof value === 'string') value = mapping.landUseValues[value.trim()] ?? value.trim();
    if (attribute === 'id') {
      id = value === undefined ? undefined : String(value);
      continue;
    }
    if (value !== undefined) out[attribute] = value;
  }
  return { id, properties: out };
}
