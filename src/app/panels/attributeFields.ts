// The editable attribute fields of each layer, derived from the schema (kinds.ts for the
// fields, attributes.ts for labels and units), and the parsing of what a planner types
// into them. Pure: the form and the tests share it. Ranges here only drive the inputs'
// hints; the verdict on a value is `attributeProblems`, so there is one set of messages.
import { fieldLabel } from '../../domain/schema/attributes';
import {
  DISTRICT_KINDS,
  PARCEL_STATUSES,
  PARK_TIERS,
  SUPPLY_MODES,
  type DistrictProps,
  type LayerName,
  type ParcelProps,
  type ParkProps,
  type ZoneProps,
} from '../../domain/schema/kinds';
import { LAND_USE_CODES, landUseCode, type LandUseCode, type LandUseSystem } from '../../domain/schema/landUse';
import type { Lang, MessageKey } from '../i18n';
import { zhCN } from '../i18n/zh-CN';

export type FieldKind = 'text' | 'number' | 'integer' | 'boolean' | 'enum' | 'landUse' | 'list';

/** The enums of kinds.ts; option labels are the messages `forms.<enum>.<value>`. */
export type EnumName = 'parcelStatus' | 'parkTier' | 'supplyMode' | 'districtKind';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface AttributeField {
  name: string;
  kind: FieldKind;
  label: Bilingual;
  unit?: Bilingual;
  required: boolean;
  /** for kind 'enum' */
  enumName?: EnumName;
  options?: readonly string[];
  min?: number;
  /** min itself is not allowed (容积率 > 0) */
  minExclusive?: boolean;
  max?: number;
  /** a value to show in hints and messages: '2.5', '2020' */
  example: string;
  /** long free text (备注) */
  multiline: boolean;
}

type FieldSpec = Omit<AttributeField, 'name' | 'label' | 'unit' | 'required' | 'example' | 'multiline'> &
  Partial<Pick<AttributeField, 'required' | 'example' | 'multiline'>>;

/** One spec per property of P, in display order: a property added to kinds.ts without a field here does not compile. */
type Specs<P> = { readonly [K in keyof Required<P>]: FieldSpec };

const TEXT: FieldSpec = { kind: 'text' };
const LIST: FieldSpec = { kind: 'list' };
const FLAG: FieldSpec = { kind: 'boolean' };
const AMOUNT: FieldSpec = { kind: 'number', min: 0, example: '12.5' };
const NAME: FieldSpec = { kind: 'text', required: true };

const DISTRICT: Specs<DistrictProps> = {
  name: NAME,
  kind: { kind: 'enum', enumName: 'districtKind', options: DISTRICT_KINDS, required: true },
  code: TEXT,
  leadingIndustries: LIST,
};

const ZONE: Specs<ZoneProps> = {
  name: NAME,
  district: TEXT,
};

const PARK: Specs<ParkProps> = {
  name: NAME,
  tier: { kind: 'enum', enumName: 'parkTier', options: PARK_TIERS, required: true },
  district: TEXT,
  status: TEXT,
  leadingIndustries: LIST,
  characteristicIndustries: LIST,
  upgradeTarget: FLAG,
  designated: FLAG,
  renovated: FLAG,
  digitalEconomy: FLAG,
  output: AMOUNT,
  revenue: AMOUNT,
  leadingRevenue: AMOUNT,
  characteristicOutput: AMOUNT,
};

const PARCEL: Specs<ParcelProps> = {
  name: TEXT,
  landUse: { kind: 'landUse', required: true, example: '100101' },
  status: { kind: 'enum', enumName: 'parcelStatus', options: PARCEL_STATUSES },
  grade: { kind: 'integer', min: 1, max: 15, example: '5' },
  far: { kind: 'number', min: 0, minExclusive: true, max: 30, example: '2.5' },
  priorityIndustry: FLAG,
  encouragedManufacturing: FLAG,
  standardFactory: FLAG,
  standardLand: FLAG,
  netLand: FLAG,
  supplyYear: { kind: 'integer', min: 1949, max: 2100, example: '2020' },
  supplyMode: { kind: 'enum', enumName: 'supplyMode', options: SUPPLY_MODES },
  taxPerMu: AMOUNT,
  output: AMOUNT,
  revenue: AMOUNT,
  salePrice: { kind: 'number', min: 0, example: '12500000' },
  floorArea: AMOUNT,
  industry: TEXT,
  projectName: TEXT,
  notes: { kind: 'text', multiline: true },
};

const SPECS: Readonly<Record<LayerName, Readonly<Record<string, FieldSpec>>>> = {
  districts: DISTRICT,
  zones: ZONE,
  parks: PARK,
  parcels: PARCEL,
};

function build(layer: LayerName): readonly AttributeField[] {
  return Object.entries(SPECS[layer]).map(([name, spec]) => {
    const label = fieldLabel(layer, name);
    const field: AttributeField = {
      ...spec,
      name,
      label: label ? { zh: label.zh, en: label.en } : { zh: name, en: name },
      required: spec.required ?? false,
      example: spec.example ?? '',
      multiline: spec.multiline ?? false,
    };
    if (label?.unit) field.unit = { ...label.unit };
    return Object.freeze(field);
  });
}

const FIELDS: Readonly<Record<LayerName, readonly AttributeField[]>> = {
  districts: build('districts'),
  zones: build('zones'),
  parks: build('parks'),
  parcels: build('parcels'),
};

/** The fields of a layer in the order the form shows them. */
export function attributeFields(layer: LayerName): readonly AttributeField[] {
  return FIELDS[layer];
}

/** A label in `lang`, capitalised in English ('land grade' → 'Land grade'). */
export function displayLabel(label: Bilingual, lang: Lang): string {
  return lang === 'en' ? label.en.charAt(0).toUpperCase() + label.en.slice(1) : label.zh;
}

/** The message key of an enum value's label, or undefined for a value outside the enum. */
export function optionKey(enumName: EnumName, value: string): MessageKey | undefined {
  const key = `forms.${enumName}.${value}`;
  return isMessageKey(key) ? key : undefined;
}

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

// --- parsing what was typed ----------------------------------------------------------------

export type ParsedInput = { value: unknown | null } | { error: Bilingual };

/** Full-width digits and signs (IME input) as ASCII: '１２．５' → '12.5'. */
function halfWidth(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/\uFF0E/g, '.')
    .replace(/\uFF0C/g, ',')
    .replace(/[\uFF0D\u2212]/g, '-')
    .replace(/\uFF0B/g, '+');
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const INTEGER = /^[+-]?\d+$/;
const THOUSANDS = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d*,\d+$/;

/** “容积率”（far） — the way attributes.ts names a field. */
function nameZh(field: AttributeField): string {
  return `“${field.label.zh}”（${field.name}）`;
}

function nameEn(field: AttributeField): string {
  return `${field.label.en} (${field.name})`;
}

function unitZh(field: AttributeField): string {
  return field.unit ? `，单位为${field.unit.zh}` : '';
}

function unitEn(field: AttributeField): string {
  return field.unit ? ` in ${field.unit.en}` : '';
}

function fail(zh: string, en: string): ParsedInput {
  return { error: { zh, en } };
}

function parseNumber(field: AttributeField, text: string): ParsedInput {
  const integer = field.kind === 'integer';
  const example = field.example || (integer ? '5' : '12.5');
  if (DECIMAL_COMMA.test(text) && !THOUSANDS.test(text)) {
    const fixed = text.replace(',', '.');
    return fail(
      `${nameZh(field)}请用小数点：输入 ${fixed}，不要输入 ${text}`,
      `${nameEn(field)}: use a decimal point: type ${fixed}, not ${text}`,
    );
  }
  if (THOUSANDS.test(text)) {
    const fixed = text.replace(/,/g, '');
    return fail(
      `${nameZh(field)}不要用千位分隔符：输入 ${fixed}`,
      `${nameEn(field)}: type the number without separators: ${fixed}`,
    );
  }
  if (!NUMBER.test(text)) {
    return fail(
      `${nameZh(field)}应为${integer ? '整数' : '数值'}${unitZh(field)}：请只输入数字，如 ${example}`,
      `${nameEn(field)} must be a ${integer ? 'whole number' : 'number'}${unitEn(field)}: type digits only, e.g. ${example}`,
    );
  }
  if (integer && !INTEGER.test(text)) {
    return fail(`${nameZh(field)}应为整数：如 ${example}`, `${nameEn(field)} must be a whole number, e.g. ${example}`);
  }
  return { value: Number(text) };
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', '是', '√', '✓']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '否', '×', '✗']);

/** Items of a list typed as one line: 新能源、生物医药, 光通信; 激光 */
export function splitList(text: string): string[] {
  return text
    .split(/[,，、;；\n]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function landUseByName(text: string): LandUseCode | undefined {
  const named = LAND_USE_CODES.filter((c) => c.zh === text || c.en.toLowerCase() === text.toLowerCase());
  // 一类工业用地 is both 100101 and M1: the 2023 code is the canonical one.
  return named.find((c) => c.system === 'gb2023') ?? (named.length === 1 ? named[0] : undefined);
}

/**
 * The value of what was typed into `field`: a number for '12.5', a list for '新能源、生物医药',
 * the canonical code for 'm1' or '100101 一类工业用地'. Empty input is `null`: clear the field.
 */
export function parseFieldInput(field: AttributeField, raw: string): ParsedInput {
  const text = field.kind === 'text' ? raw.trim() : halfWidth(raw).trim();
  if (text === '') return { value: null };
  switch (field.kind) {
    case 'text':
      return { value: text };
    case 'list':
      return { value: splitList(text) };
    case 'number':
    case 'integer':
      return parseNumber(field, text);
    case 'boolean': {
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word)) return { value: true };
      if (FALSE_WORDS.has(word)) return { value: false };
      return fail(`${nameZh(field)}应为“是”或“否”，不能是 “${text}”`, `${nameEn(field)} must be yes or no, not '${text}'`);
    }
    case 'enum': {
      const options = field.options ?? [];
      const found = options.find((o) => o === text) ?? options.find((o) => o === text.toLowerCase());
      if (found !== undefined) return { value: found };
      return fail(
        `${nameZh(field)}的值 “${text}” 无效：请从列表中选择（${options.join('、')}）`,
        `${nameEn(field)}: '${text}' is not allowed: choose one of ${options.join(', ')}`,
      );
    }
    case 'landUse': {
      const entry = landUseCode(text) ?? landUseCode(text.split(/\s+/)[0]) ?? landUseByName(text);
      if (entry !== undefined) return { value: entry.code };
      return fail(
        `${nameZh(field)}：未知的用地分类 “${text}”：请输入代码或名称并从列表中选择，如 100101（一类工业用地）、M1 或 S3-0601`,
        `${nameEn(field)}: unknown land-use class '${text}': type a code or name and pick from the list, e.g. 100101 (class 1 industrial land), M1 or S3-0601`,
      );
    }
  }
}

/** What a field shows before it is edited: '12.5', '新能源、生物医药', '' for none. */
export function formatFieldValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join('、');
  return JSON.stringify(value) ?? '';
}

// --- several features at once ---------------------------------------------------------------

/** The value all features share (absent and null alike are `null`), or mixed. */
export type BulkValue = { mixed: false; value: unknown } | { mixed: true };

/** Same attribute value: null ≡ absent; lists and other structures by content. */
export function sameValue(a: unknown, b: unknown): boolean {
  const an = a === undefined ? null : a;
  const bn = b === undefined ? null : b;
  if (an === bn) return true;
  if (an === null || bn === null || typeof an !== 'object' || typeof bn !== 'object') return false;
  return JSON.stringify(an) === JSON.stringify(bn);
}

export function bulkValue(
  features: readonly { properties: Readonly<Record<string, unknown>> | null }[],
  field: string,
): BulkValue {
  const read = (f: { properties: Readonly<Record<string, unknown>> | null }): unknown =>
    f.properties !== null && Object.hasOwn(f.properties, field) ? (f.properties[field] ?? null) : null;
  if (features.length === 0) return { mixed: false, value: null };
  const first = read(features[0]);
  for (let i = 1; i < features.length; i++) {
    if (!sameValue(first, read(features[i]))) return { mixed: true };
  }
  return { mixed: false, value: first };
}

// --- land-use search ----------------------------------------------------------------------

export const LAND_USE_SYSTEMS: readonly LandUseSystem[] = ['gb2023', 'gb50137', 'survey3', 'local'];

export interface LandUseGroup {
  system: LandUseSystem;
  codes: LandUseCode[];
}

/**
 * Codes matching `query` by code ('1001', 'm1', 's3-06') or name ('工业', 'industrial'),
 * grouped by system in table order; an exact code comes first in its group. Empty: all.
 */
export function searchLandUse(query: string, limit = Infinity): LandUseGroup[] {
  const q = halfWidth(query).trim().toLowerCase();
  const codeQuery = q.split(/\s+/)[0] ?? '';
  const groups: LandUseGroup[] = [];
  let left = limit;
  for (const system of LAND_USE_SYSTEMS) {
    if (left <= 0) break;
    const matches = LAND_USE_CODES.filter(
      (c) =>
        c.system === system &&
        (q === '' ||
          c.code.toLowerCase().includes(codeQuery) ||
          c.zh.includes(q) ||
          c.en.toLowerCase().includes(q) ||
          `${c.code} ${c.zh}`.toLowerCase() === q),
    );
    const exact = matches.findIndex((c) => c.code.toLowerCase() === codeQuery);
    if (exact > 0) matches.unshift(...matches.splice(exact, 1));
    const codes = matches.slice(0, left);
    left -= codes.length;
    if (codes.length > 0) groups.push({ system, codes });
  }
  return groups;
}
