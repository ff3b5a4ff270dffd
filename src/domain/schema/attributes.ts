// Validation of the interchange attributes of kinds.ts: required fields, types, enums,
// ranges. Strict by design: booleans must be real booleans and numbers real numbers — the
// importers convert '是'/'否', '12.5' and the like before the values get here. `null` counts
// as absent; unknown extra fields are the user's own attributes and are kept unchecked.
import {
  DISTRICT_KINDS,
  PARCEL_STATUSES,
  PARK_TIERS,
  SUPPLY_MODES,
  type DistrictKind,
  type LayerName,
  type ParcelStatus,
  type ParkTier,
  type SupplyMode,
} from './kinds';
import { isKnownLandUse } from './landUse';

export interface AttributeProblem {
  field: string;
  message: string;
  messageZh: string;
  value?: unknown;
}

interface Label {
  zh: string;
  en: string;
  unit?: { zh: string; en: string };
}

const WAN_YUAN = { zh: '万元', en: '10k yuan' };
const YI_YUAN = { zh: '亿元', en: '100M yuan' };

/**
 * A label for every attribute field of the four kinds. Park money fields are in 亿元 while
 * parcel ones are in 万元, so the park variants carry the key prefix 'park.'; use
 * `fieldLabel(layer, field)` to get the right one.
 */
export const FIELD_LABELS: Record<string, Label> = {
  name: { zh: '名称', en: 'name' },
  kind: { zh: '区县类型', en: 'district kind' },
  code: { zh: '行政区划代码', en: 'division code' },
  leadingIndustries: { zh: '主导产业', en: 'leading industries' },
  district: { zh: '所属区县', en: 'district' },
  tier: { zh: '园区层级', en: 'park tier' },
  characteristicIndustries: { zh: '特色产业', en: 'characteristic industries' },
  upgradeTarget: { zh: '升级改造园区', en: 'upgrade target' },
  designated: { zh: '产业名园', en: 'designated renowned park' },
  renovated: { zh: '新建或改造园区', en: 'new or renovated park' },
  digitalEconomy: { zh: '数字经济园区', en: 'digital-economy park' },
  'park.output': { zh: '产值', en: 'output value', unit: YI_YUAN },
  'park.revenue': { zh: '营业收入', en: 'revenue', unit: YI_YUAN },
  'park.leadingRevenue': { zh: '主导产业营业收入', en: 'leading-industry revenue', unit: YI_YUAN },
  'park.characteristicOutput': { zh: '特色产业产值', en: 'characteristic-industry output', unit: YI_YUAN },
  status: { zh: '状态', en: 'status' },
  landUse: { zh: '用地分类', en: 'land use' },
  grade: { zh: '土地等别', en: 'land grade' },
  priorityIndustry: { zh: '优先发展产业', en: 'priority industry' },
  encouragedManufacturing: { zh: '鼓励类制造业', en: 'encouraged manufacturing' },
  standardFactory: { zh: '标准厂房', en: 'standard factory' },
  standardLand: { zh: '标准地', en: 'standard land' },
  netLand: { zh: '净地', en: 'net land' },
  far: { zh: '容积率', en: 'FAR' },
  taxPerMu: { zh: '亩均税收', en: 'tax per mu', unit: { zh: '万元/亩', en: '10k yuan per mu' } },
  output: { zh: '产值', en: 'output value', unit: WAN_YUAN },
  revenue: { zh: '营业收入', en: 'revenue', unit: WAN_YUAN },
  supplyYear: { zh: '供地年份', en: 'supply year' },
  supplyMode: { zh: '供地方式', en: 'supply mode' },
  salePrice: { zh: '出让价款', en: 'sale price', unit: { zh: '元', en: 'yuan' } },
  floorArea: { zh: '建筑面积', en: 'floor area', unit: { zh: '平方米', en: 'm²' } },
  industry: { zh: '行业', en: 'industry' },
  projectName: { zh: '项目名称', en: 'project name' },
  notes: { zh: '备注', en: 'notes' },
};

/** The label of a layer's field: the 'park.' variant for parks when there is one. */
export function fieldLabel(layer: LayerName, field: string): Label | undefined {
  if (layer === 'parks' && Object.hasOwn(FIELD_LABELS, `park.${field}`)) return FIELD_LABELS[`park.${field}`];
  return Object.hasOwn(FIELD_LABELS, field) ? FIELD_LABELS[field] : undefined;
}

// --- enum values in Chinese, for the messages ---------------------------------------------

const DISTRICT_KIND_ZH: Record<DistrictKind, string> = {
  central: '中心城区',
  'new-city': '新城区',
  'national-zone': '国家级开发区',
};
const PARK_TIER_ZH: Record<ParkTier, string> = { modern: '现代产业园', specialty: '特色产业园', urban: '都市工业园' };
export const PARCEL_STATUS_ZH: Record<ParcelStatus, string> = {
  planned: '规划',
  approved: '已批',
  acquired: '已征',
  supplied: '已供',
  'under-construction': '在建',
  producing: '投产',
  idle: '闲置',
  'low-efficiency': '低效',
};
const SUPPLY_MODE_ZH: Record<SupplyMode, string> = {
  'flexible-term': '弹性年期出让',
  'long-lease': '长期租赁',
  'lease-and-sale': '租让结合',
  'lease-then-sale': '先租后让',
  'full-term-sale': '一次性出让',
};

// --- field specifications ------------------------------------------------------------------

interface NumberRange {
  min: number;
  /** min itself is not allowed (far > 0) */
  minExclusive?: boolean;
  max?: number;
  integer?: boolean;
  /** What the range is, for the messages: "land grades (土地等别) run from 1 to 15". */
  en: string;
  zh: string;
}

type Spec =
  | { type: 'name'; required: boolean }
  | { type: 'string' }
  | { type: 'strings' }
  | { type: 'boolean' }
  | { type: 'enum'; values: readonly string[]; zhNames: Readonly<Record<string, string>>; required: boolean }
  | { type: 'number'; range: NumberRange }
  | { type: 'landUse' };

const AMOUNT: Spec = { type: 'number', range: { min: 0, en: 'it must be 0 or more', zh: '应为不小于 0 的数' } };
const BOOL: Spec = { type: 'boolean' };
const STR: Spec = { type: 'string' };
const STRS: Spec = { type: 'strings' };

const SPECS: Record<LayerName, Readonly<Record<string, Spec>>> = {
  districts: {
    name: { type: 'name', required: true },
    kind: { type: 'enum', values: DISTRICT_KINDS, zhNames: DISTRICT_KIND_ZH, required: true },
    code: STR,
    leadingIndustries: STRS,
  },
  zones: {
    name: { type: 'name', required: true },
    district: STR,
  },
  parks: {
    name: { type: 'name', required: true },
    tier: { type: 'enum', values: PARK_TIERS, zhNames: PARK_TIER_ZH, required: true },
    district: STR,
    leadingIndustries: STRS,
    characteristicIndustries: STRS,
    upgradeTarget: BOOL,
    designated: BOOL,
    renovated: BOOL,
    digitalEconomy: BOOL,
    output: AMOUNT,
    revenue: AMOUNT,
    leadingRevenue: AMOUNT,
    characteristicOutput: AMOUNT,
    status: STR,
  },
  parcels: {
    name: { type: 'name', required: false },
    landUse: { type: 'landUse' },
    status: { type: 'enum', values: PARCEL_STATUSES, zhNames: PARCEL_STATUS_ZH, required: false },
    grade: {
      type: 'number',
      range: { min: 1, max: 15, integer: true, en: 'land grades (土地等别) run from 1 to 15', zh: '土地等别为 1 至 15 的整数' },
    },
    priorityIndustry: BOOL,
    encouragedManufacturing: BOOL,
    standardFactory: BOOL,
    standardLand: BOOL,
    netLand: BOOL,
    far: {
      type: 'number',
      range: {
        min: 0,
        minExclusive: true,
        max: 30,
        en: 'the floor-area ratio (容积率) must be greater than 0 and at most 30',
        zh: '容积率应大于 0 且不超过 30',
      },
    },
    taxPerMu: AMOUNT,
    output: AMOUNT,
    revenue: AMOUNT,
    supplyYear: {
      type: 'number',
      range: { min: 1949, max: 2100, integer: true, en: 'supply years run from 1949 to 2100', zh: '应为 1949 至 2100 之间的四位年份' },
    },
    supplyMode: { type: 'enum', values: SUPPLY_MODES, zhNames: SUPPLY_MODE_ZH, required: false },
    salePrice: AMOUNT,
    floorArea: AMOUNT,
    industry: STR,
    projectName: STR,
    notes: STR,
  },
};

const LAYER_ZH: Record<LayerName, string> = { districts: '区县', zones: '片区', parks: '园区', parcels: '地块' };
const LAYER_ONE: Record<LayerName, string> = { districts: 'district', zones: 'zone', parks: 'park', parcels: 'parcel' };

// --- formatting ----------------------------------------------------------------------------

/** A short, safe rendering of any value for a message: '1234' for strings, 16 for numbers. */
function show(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function showZh(value: unknown): string {
  if (typeof value === 'string') return `“${value.length > 40 ? `${value.slice(0, 40)}…` : value}”`;
  if (Array.isArray(value)) return `含 ${value.length} 项的列表`;
  if (typeof value === 'object' && value !== null) return '对象';
  return show(value);
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'null';
  return typeof value;
}

const TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数值',
  boolean: '布尔值',
  list: '列表',
  object: '对象',
  bigint: '大整数',
  undefined: '空值',
  null: '空值',
  symbol: '符号',
  function: '函数',
};

function unitEn(label: Label | undefined): string {
  return label?.unit ? ` (in ${label.unit.en})` : '';
}

function unitZh(label: Label | undefined): string {
  return label?.unit ? `（单位：${label.unit.zh}）` : '';
}

// --- checks --------------------------------------------------------------------------------

class Collector {
  readonly problems: AttributeProblem[] = [];
  constructor(readonly layer: LayerName) {}

  /** “名称”（name） */
  zh(field: string): string {
    const label = fieldLabel(this.layer, field);
    return label ? `“${label.zh}”（${field}）` : field;
  }

  add(field: string, message: string, messageZh: string, value?: unknown, hasValue = true): void {
    const p: AttributeProblem = { field, message, messageZh };
    if (hasValue) p.value = value;
    this.problems.push(p);
  }

  missing(field: string, whatEn: string, whatZh: string): void {
    this.add(field, `${field} is missing: ${whatEn}`, `缺少${this.zh(field)}：${whatZh}`, undefined, false);
  }

  wrongType(field: string, value: unknown, expectedEn: string, expectedZh: string, fixEn: string, fixZh: string): void {
    const t = typeName(value);
    this.add(
      field,
      `${field} must be ${expectedEn}, got ${t} ${show(value)}: ${fixEn}`,
      `${this.zh(field)}应为${expectedZh}，实际为${TYPE_ZH[t] ?? t} ${showZh(value)}：${fixZh}`,
      value,
    );
  }
}

function checkField(c: Collector, field: string, spec: Spec, value: unknown): void {
  const absent = value === undefined || value === null;
  const layerOne = LAYER_ONE[c.layer];
  switch (spec.type) {
    case 'name': {
      if (absent) {
        if (spec.required) c.missing(field, `give the ${layerOne} a name`, `请填写${LAYER_ZH[c.layer]}名称`);
        return;
      }
      if (typeof value !== 'string') {
        c.wrongType(field, value, 'text', '文本', 'write the name as text', '请以文本填写名称');
      } else if (value.trim() === '' && spec.required) {
        c.add(field, `${field} ${show(value)} is empty: give the ${layerOne} a name`, `${c.zh(field)}为空：请填写${LAYER_ZH[c.layer]}名称`, value);
      }
      return;
    }
    case 'string': {
      if (!absent && typeof value !== 'string') {
        c.wrongType(field, value, 'text', '文本', 'write it as text or leave it empty', '请以文本填写或留空');
      }
      return;
    }
    case 'strings': {
      if (absent) return;
      if (!Array.isArray(value)) {
        c.wrongType(
          field,
          value,
          'a list of texts',
          '文本列表',
          'give a list such as ["新能源", "生物医药"]',
          '请填写列表，如 ["新能源", "生物医药"]',
        );
        return;
      }
      const bad = value.findIndex((item) => typeof item !== 'string' || item.trim() === '');
      if (bad >= 0) {
        const item: unknown = value[bad];
        c.add(
          field,
          `${field} item ${bad + 1} is ${typeof item === 'string' ? 'empty' : `${typeName(item)} ${show(item)}`}: every item must be a non-empty text`,
          `${c.zh(field)}第 ${bad + 1} 项${typeof item === 'string' ? '为空' : `为${TYPE_ZH[typeName(item)] ?? typeName(item)} ${showZh(item)}`}：每一项都应为非空文本`,
          value,
        );
      }
      return;
    }
    case 'boolean': {
      if (!absent && typeof value !== 'boolean') {
        c.wrongType(field, value, 'true or false', '布尔值（true 或 false）', 'convert it to true or false when importing', '导入时请转换为 true 或 false');
      }
      return;
    }
    case 'enum': {
      const listEn = spec.values.join(', ');
      const listZh = spec.values.map((v) => `${v}（${spec.zhNames[v] ?? v}）`).join('、');
      if (absent) {
        if (spec.required) c.missing(field, `set it to one of ${listEn}`, `请填写以下之一：${listZh}`);
        return;
      }
      if (typeof value === 'string' && spec.values.includes(value)) return;
      const near = typeof value === 'string' ? spec.values.find((v) => v === value.trim().toLowerCase()) : undefined;
      const hintEn = near !== undefined ? ` (did you mean '${near}'?)` : '';
      const hintZh = near !== undefined ? `（是否应为 ${near}？）` : '';
      c.add(
        field,
        `${field} ${show(value)} is not allowed: use one of ${listEn}${hintEn}`,
        `${c.zh(field)}的值 ${showZh(value)} 无效：请使用以下之一：${listZh}${hintZh}`,
        value,
      );
      return;
    }
    case 'landUse': {
      if (absent) {
        c.missing(
          field,
          'give the land-use code, e.g. 100101 (2023 classification), M1 (GB 50137) or S3-0601 (三调)',
          '请填写用地分类代码，如 100101（2023 用地用海分类）、M1（GB 50137）或 S3-0601（三调）',
        );
        return;
      }
      if (typeof value !== 'string') {
        c.wrongType(
          field,
          value,
          'a code written as text',
          '文本形式的代码',
          "write the code as text ('100101', keeping leading zeros such as '0701')",
          '请以文本填写代码（如 "100101"，保留前导零，如 "0701"）',
        );
        return;
      }
      if (!isKnownLandUse(value)) {
        c.add(
          field,
          `${field}: unknown land-use code ${show(value)}: use a code of the 2023 classification (e.g. 100101), GB 50137 (M1) or 三调 (S3-0601)`,
          `${c.zh(field)}：未知的用地分类代码 ${showZh(value)}：请使用 2023 用地用海分类代码（如 100101）、GB 50137 代码（M1）或三调代码（S3-0601）`,
          value,
        );
      }
      return;
    }
    case 'number': {
      if (absent) return;
      const label = fieldLabel(c.layer, field);
      const r = spec.range;
      if (typeof value !== 'number') {
        c.wrongType(
          field,
          value,
          'a number',
          '数值',
          `store it as a plain number${unitEn(label)}, not as text`,
          `请以数值填写${unitZh(label)}，不要写成文本`,
        );
        return;
      }
      if (!Number.isFinite(value)) {
        c.add(field, `${field} ${show(value)} is not a finite number: give a real value${unitEn(label)}`, `${c.zh(field)}的值 ${show(value)} 不是有限数：请填写实际数值${unitZh(label)}`, value);
        return;
      }
      if (r.integer && !Number.isInteger(value)) {
        c.add(field, `${field} ${show(value)} is not a whole number: ${r.en}`, `${c.zh(field)}的值 ${show(value)} 不是整数：${r.zh}`, value);
        return;
      }
      const tooLow = r.minExclusive ? value <= r.min : value < r.min;
      const tooHigh = r.max !== undefined && value > r.max;
      if (tooLow || tooHigh) {
        const what = r.min === 0 && r.max === undefined && !r.minExclusive ? 'is negative' : 'is out of range';
        const whatZh = what === 'is negative' ? '为负数' : '超出范围';
        c.add(field, `${field} ${show(value)} ${what}: ${r.en}${unitEn(label)}`, `${c.zh(field)}的值 ${show(value)} ${whatZh}：${r.zh}${unitZh(label)}`, value);
      }
      return;
    }
  }
}

/** a ≤ b, with room for rounding in values that were summed elsewhere. */
function notAbove(a: number, b: number): boolean {
  return a <= b + Math.abs(b) * 1e-9 + 1e-12;
}

function checkPart(c: Collector, props: Record<string, unknown>, part: string, whole: string, whatEn: string, whatZh: string): void {
  const p = props[part];
  const w = props[whole];
  if (typeof p !== 'number' || typeof w !== 'number' || !Number.isFinite(p) || !Number.isFinite(w) || p < 0 || w < 0) return;
  if (notAbove(p, w)) return;
  const label = fieldLabel(c.layer, part);
  c.add(
    part,
    `${part} ${show(p)} exceeds ${whole} ${show(w)}: ${whatEn} is part of the park's ${whole === 'revenue' ? 'revenue' : 'output'}; check both values${unitEn(label)}`,
    `${c.zh(part)}为 ${show(p)}，大于${c.zh(whole)}（${show(w)}）：${whatZh}是园区${whole === 'revenue' ? '营业收入' : '产值'}的一部分，请核对两项数值${unitZh(label)}`,
    p,
  );
}

/** Checks one feature's properties for its layer: required fields, types, enums, ranges. Unknown extra fields are allowed (kept as the user's own attributes). */
export function attributeProblems(layer: LayerName, props: Record<string, unknown>): AttributeProblem[] {
  const specs = Object.hasOwn(SPECS, layer) ? SPECS[layer] : undefined;
  if (specs === undefined) throw new Error(`unknown layer '${String(layer)}': use one of districts, zones, parks, parcels`);
  const c = new Collector(layer);
  for (const [field, spec] of Object.entries(specs)) {
    checkField(c, field, spec, Object.hasOwn(props, field) ? props[field] : undefined);
  }
  if (layer === 'parks') {
    checkPart(c, props, 'leadingRevenue', 'revenue', "the leading industries' revenue", '主导产业营业收入');
    checkPart(c, props, 'characteristicOutput', 'output', "the characteristic industries' output", '特色产业产值');
  }
  checkSizes(c, props);
  return c.problems;
}

/** Attribute names and texts a store and a form can hold: the user's own attributes too. */
export const ATTRIBUTE_LIMITS = { keys: 200, keyLength: 100, textLength: 10_000 } as const;

function checkSizes(c: Collector, props: Record<string, unknown>): void {
  const keys = Object.keys(props);
  if (keys.length > ATTRIBUTE_LIMITS.keys)
    c.add('properties', `${keys.length} attributes; at most ${ATTRIBUTE_LIMITS.keys} are allowed: drop the ones you do not need`, `属性有 ${keys.length} 个，最多允许 ${ATTRIBUTE_LIMITS.keys} 个：请删去不需要的属性`, undefined, false);
  for (const key of keys) {
    const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
    if (key.length > ATTRIBUTE_LIMITS.keyLength)
      c.add(shown, `the attribute name has ${key.length} characters; at most ${ATTRIBUTE_LIMITS.keyLength} are allowed: shorten it`, `属性名有 ${key.length} 个字符，最多允许 ${ATTRIBUTE_LIMITS.keyLength} 个：请缩短`, undefined, false);
    const value = props[key];
    if (typeof value === 'string' && value.length > ATTRIBUTE_LIMITS.textLength)
      c.add(shown, `${shown} has ${value.length} characters; at most ${ATTRIBUTE_LIMITS.textLength} are allowed: shorten it`, `${c.zh(shown)}有 ${value.length} 个字符，最多允许 ${ATTRIBUTE_LIMITS.textLength} 个：请缩短`, undefined, false);
  }
}
