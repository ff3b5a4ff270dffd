// The attribute form's field list and input parsing, bulk values, and the attribute
// table's rows, filter and sort, on the real demo parcels of Wuhan (20 854 features).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ApiFeature } from '../../src/api/types';
import { geometryArea } from '../../src/domain/geometry/area';
import { attributeProblems, FIELD_LABELS, fieldLabel } from '../../src/domain/schema/attributes';
import { LAYER_NAMES, type LayerName } from '../../src/domain/schema/kinds';
import { landUseCode } from '../../src/domain/schema/landUse';
import { fromSquareMetres } from '../../src/domain/units';
import { translate } from '../../src/app/i18n';
import {
  attributeFields,
  bulkValue,
  formatFieldValue,
  optionKey,
  parseFieldInput,
  searchLandUse,
  type AttributeField,
} from '../../src/app/panels/attributeFields';
import {
  buildRows,
  cellText,
  filterRows,
  nextSort,
  sortRows,
  tableColumns,
  type ColumnId,
  type TableRow,
} from '../../src/app/panels/tableRows';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/demo/wuhan');

function readLayer(name: LayerName): ApiFeature[] {
  const fc = JSON.parse(readFileSync(path.join(DIR, `${name}.geojson`), 'utf8')) as { features: Omit<ApiFeature, 'version'>[] };
  return fc.features.map((f) => ({ ...f, version: 1 }));
}

const parcels = readLayer('parcels');
const parks = readLayer('parks');

function field(layer: LayerName, name: string): AttributeField {
  const found = attributeFields(layer).find((f) => f.name === name);
  if (!found) throw new Error(`no field ${layer}.${name}`);
  return found;
}

/** The fields attributes.ts checks: every one rejects an object as its value. */
function validatedFields(layer: LayerName): string[] {
  const candidates = new Set(Object.keys(FIELD_LABELS).map((k) => k.replace(/^park\./, '')));
  const props = Object.fromEntries([...candidates].map((name) => [name, { not: 'a value' }]));
  return [...new Set(attributeProblems(layer, props).map((p) => p.field))].sort();
}

function problemsOf(layer: LayerName, name: string, value: unknown): string[] {
  return attributeProblems(layer, { [name]: value })
    .filter((p) => p.field === name)
    .map((p) => p.messageZh);
}

describe('attributeFields', () => {
  it('has a field for every attribute attributes.ts validates, and no other', () => {
    for (const layer of LAYER_NAMES) {
      const names = attributeFields(layer).map((f) => f.name);
      expect(new Set(names).size, layer).toBe(names.length);
      expect([...names].sort(), layer).toEqual(validatedFields(layer));
    }
    expect(validatedFields('parcels')).toHaveLength(20);
  });

  it('labels fields from FIELD_LABELS with their units: park money in 亿元, parcel money in 万元', () => {
    for (const layer of LAYER_NAMES) {
      for (const f of attributeFields(layer)) {
        const label = fieldLabel(layer, f.name);
        expect(f.label, `${layer}.${f.name}`).toEqual({ zh: label?.zh, en: label?.en });
        expect(f.unit, `${layer}.${f.name}`).toEqual(label?.unit);
      }
    }
    expect(field('parks', 'output').unit?.zh).toBe('亿元');
    expect(field('parcels', 'output').unit?.zh).toBe('万元');
    expect(field('parcels', 'taxPerMu').unit?.zh).toBe('万元/亩');
  });

  it('marks exactly the fields whose absence attributes.ts reports as required', () => {
    for (const layer of LAYER_NAMES) {
      const missing = new Set(attributeProblems(layer, {}).map((p) => p.field));
      for (const f of attributeFields(layer)) expect(f.required, `${layer}.${f.name}`).toBe(missing.has(f.name));
    }
    expect(attributeFields('parcels').filter((f) => f.required).map((f) => f.name)).toEqual(['landUse']);
    expect(attributeFields('parks').filter((f) => f.required).map((f) => f.name)).toEqual(['name', 'tier']);
  });

  it('gives kinds, options and ranges that agree with attributes.ts', () => {
    for (const layer of LAYER_NAMES) {
      for (const f of attributeFields(layer)) {
        const at = `${layer}.${f.name}`;
        const accepts = (value: unknown): boolean => problemsOf(layer, f.name, value).length === 0;
        switch (f.kind) {
          case 'boolean':
            expect(accepts(true) && accepts(false) && !accepts('是'), at).toBe(true);
            break;
          case 'enum':
            expect(f.options?.length, at).toBeGreaterThan(0);
            for (const option of f.options ?? []) expect(accepts(option), `${at} ${option}`).toBe(true);
            expect(accepts('no-such-option'), at).toBe(false);
            break;
          case 'landUse':
            expect(accepts('100101') && accepts('M1') && !accepts('999999'), at).toBe(true);
            break;
          case 'list':
            expect(accepts(['新能源', '生物医药']) && !accepts('新能源'), at).toBe(true);
            break;
          case 'text':
            expect(accepts('文本') && !accepts(12), at).toBe(true);
            break;
          case 'number':
          case 'integer': {
            expect(accepts('12'), at).toBe(false);
            expect(f.min, at).toBeDefined();
            const min = f.min ?? 0;
            expect(accepts(min), at).toBe(!f.minExclusive);
            expect(accepts(min - 1), at).toBe(false);
            if (f.max !== undefined) {
              expect(accepts(f.max), at).toBe(true);
              expect(accepts(f.max + 1), at).toBe(false);
            } else {
              expect(accepts(1e12), at).toBe(true);
            }
            expect(accepts(min + 1.5), at).toBe(f.kind === 'number');
            const example = parseFieldInput(f, f.example);
            expect('value' in example && accepts(example.value), `${at} example ${f.example}`).toBe(true);
            break;
          }
        }
      }
    }
    expect(field('parcels', 'grade')).toMatchObject({ kind: 'integer', min: 1, max: 15 });
    expect(field('parcels', 'far')).toMatchObject({ kind: 'number', min: 0, minExclusive: true, max: 30 });
    expect(field('parcels', 'landUse').kind).toBe('landUse');
    expect(field('parks', 'tier')).toMatchObject({ kind: 'enum', options: ['modern', 'specialty', 'urban'] });
  });

  it('has a Chinese and an English label for every enum option', () => {
    for (const layer of LAYER_NAMES) {
      for (const f of attributeFields(layer).filter((x) => x.kind === 'enum')) {
        for (const option of f.options ?? []) {
          const key = f.enumName ? optionKey(f.enumName, option) : undefined;
          expect(key, `${f.name} ${option}`).toBeDefined();
          if (key) expect(translate('en', key)).not.toBe(translate('zh-CN', key));
        }
      }
    }
    const status = optionKey('parcelStatus', 'producing');
    expect(status && translate('zh-CN', status)).toBe('投产');
    expect(optionKey('parcelStatus', 'finished')).toBeUndefined();
  });
});

describe('parseFieldInput', () => {
  const far = field('parcels', 'far');
  const grade = field('parcels', 'grade');
  const salePrice = field('parcels', 'salePrice');

  it('reads numbers written with a decimal point, also full-width', () => {
    expect(parseFieldInput(far, '12.5')).toEqual({ value: 12.5 });
    expect(parseFieldInput(far, ' 2.49 ')).toEqual({ value: 2.49 });
    expect(parseFieldInput(far, '.5')).toEqual({ value: 0.5 });
    expect(parseFieldInput(far, '１２．５')).toEqual({ value: 12.5 });
    expect(parseFieldInput(far, '-3')).toEqual({ value: -3 }); // a number; attributes.ts says it is out of range
    expect(parseFieldInput(grade, '12')).toEqual({ value: 12 });
  });

  it('clears the field on empty input', () => {
    expect(parseFieldInput(far, '')).toEqual({ value: null });
    expect(parseFieldInput(field('parcels', 'name'), '   ')).toEqual({ value: null });
    expect(parseFieldInput(field('parcels', 'landUse'), '')).toEqual({ value: null });
  });

  it('rejects a decimal comma, saying which field and what to type', () => {
    const parsed = parseFieldInput(far, '12,5');
    expect('error' in parsed).toBe(true);
    if (!('error' in parsed)) return;
    expect(parsed.error.zh).toContain('“容积率”（far）');
    expect(parsed.error.zh).toContain('12.5');
    expect(parsed.error.en).toContain('FAR (far)');
    expect(parsed.error.en).toContain('type 12.5');
  });

  it('rejects thousands separators, text and decimals in whole-number fields', () => {
    const thousands = parseFieldInput(salePrice, '60,983,665');
    expect('error' in thousands && thousands.error.zh).toContain('60983665');
    expect('error' in thousands && thousands.error.zh).toContain('“出让价款”（salePrice）');

    const text = parseFieldInput(field('parcels', 'output'), 'abc');
    expect('error' in text && text.error.zh).toBe('“产值”（output）应为数值，单位为万元：请只输入数字，如 12.5');
    expect('error' in text && text.error.en).toBe('output value (output) must be a number in 10k yuan: type digits only, e.g. 12.5');
    const withUnit = parseFieldInput(field('parks', 'revenue'), '12.5亿');
    expect('error' in withUnit && withUnit.error.zh).toContain('单位为亿元');

    const half = parseFieldInput(grade, '5.5');
    expect('error' in half && half.error.zh).toContain('“土地等别”（grade）应为整数');
    expect('error' in half && half.error.en).toContain('land grade (grade) must be a whole number');
  });

  it('reads land-use codes by code, by "code name" and by name, canonically', () => {
    const landUse = field('parcels', 'landUse');
    expect(parseFieldInput(landUse, 'm1')).toEqual({ value: 'M1' });
    expect(parseFieldInput(landUse, 's3-0601')).toEqual({ value: 'S3-0601' });
    expect(parseFieldInput(landUse, '100101 一类工业用地')).toEqual({ value: '100101' });
    expect(parseFieldInput(landUse, '一类工业用地')).toEqual({ value: '100101' }); // also M1: the 2023 code wins
    expect(parseFieldInput(landUse, '新型产业用地（M0）')).toEqual({ value: '100104' });
    const unknown = parseFieldInput(landUse, '工业');
    expect('error' in unknown && unknown.error.zh).toContain('“用地分类”（landUse）');
  });

  it('reads enums, flags and lists', () => {
    const status = field('parcels', 'status');
    expect(parseFieldInput(status, 'producing')).toEqual({ value: 'producing' });
    expect(parseFieldInput(status, ' Producing ')).toEqual({ value: 'producing' });
    const bad = parseFieldInput(status, 'finished');
    expect('error' in bad && bad.error.en).toContain('status (status)');
    const flag = field('parcels', 'netLand');
    expect(parseFieldInput(flag, '是')).toEqual({ value: true });
    expect(parseFieldInput(flag, 'false')).toEqual({ value: false });
    expect('error' in parseFieldInput(flag, '也许')).toBe(true);
    const list = field('parks', 'characteristicIndustries');
    expect(parseFieldInput(list, '光通信、激光, 集成电路；')).toEqual({ value: ['光通信', '激光', '集成电路'] });
  });

  it('reads back every value of the demo parcels and parks as shown', () => {
    for (const [layer, features] of [
      ['parcels', parcels.slice(0, 2000)],
      ['parks', parks],
    ] as const) {
      for (const f of attributeFields(layer)) {
        for (const feature of features) {
          const value = feature.properties[f.name];
          if (value === undefined || f.kind === 'boolean') continue;
          expect(parseFieldInput(f, formatFieldValue(value)), `${feature.id} ${f.name}`).toEqual({ value });
        }
      }
    }
  });
});

describe('bulkValue', () => {
  const [a, b, c] = parcels;

  it('gives the value all features share, or mixed', () => {
    expect(a.properties.landUse).toBe(b.properties.landUse);
    expect(bulkValue([a, b], 'landUse')).toEqual({ mixed: false, value: a.properties.landUse });
    expect(a.properties.grade).not.toBe(b.properties.grade);
    expect(bulkValue([a, b], 'grade')).toEqual({ mixed: true });
    expect(bulkValue([a], 'grade')).toEqual({ mixed: false, value: a.properties.grade });
    expect(bulkValue([], 'grade')).toEqual({ mixed: false, value: null });
    expect(bulkValue([a, b, c], 'no-such-field')).toEqual({ mixed: false, value: null });
  });

  it('treats absent and null alike and compares lists by content', () => {
    const f = (properties: Record<string, unknown>) => ({ properties });
    expect(bulkValue([f({}), f({ notes: null })], 'notes')).toEqual({ mixed: false, value: null });
    expect(bulkValue([f({}), f({ notes: '' })], 'notes')).toEqual({ mixed: true });
    expect(bulkValue([f({ l: ['a', 'b'] }), f({ l: ['a', 'b'] })], 'l')).toEqual({ mixed: false, value: ['a', 'b'] });
    expect(bulkValue([f({ l: ['a', 'b'] }), f({ l: ['b', 'a'] })], 'l')).toEqual({ mixed: true });
    expect(bulkValue([f({ n: 1 }), f({ n: '1' })], 'n')).toEqual({ mixed: true });
  });

  it('finds every producing parcel sharing its status and the whole city mixed', () => {
    const producing = parcels.filter((p) => p.properties.status === 'producing');
    expect(bulkValue(producing, 'status')).toEqual({ mixed: false, value: 'producing' });
    expect(bulkValue(parcels, 'status')).toEqual({ mixed: true });
    expect(bulkValue(parcels, 'landUse')).toEqual({ mixed: true });
  });
});

describe('searchLandUse', () => {
  it('finds codes by code and by name, grouped by system', () => {
    const industrial = searchLandUse('一类工业');
    expect(industrial.map((g) => g.system)).toEqual(['gb2023', 'gb50137']);
    expect(industrial.flatMap((g) => g.codes.map((c) => c.code))).toEqual(['100101', 'M1']);
    expect(searchLandUse('s3-06')[0].codes.map((c) => c.code)).toEqual(['S3-06', 'S3-0601', 'S3-0602', 'S3-0603']);
    const m0 = searchLandUse('m0');
    expect(m0.map((g) => g.system)).toEqual(['local']);
    const byCode = searchLandUse('1001');
    expect(byCode[0].codes[0].code).toBe('1001');
    expect(searchLandUse('').reduce((n, g) => n + g.codes.length, 0)).toBeGreaterThan(200);
    expect(searchLandUse('', 10).reduce((n, g) => n + g.codes.length, 0)).toBe(10);
    expect(searchLandUse('不存在的用地')).toEqual([]);
  });
});

describe('tableRows on the demo parcels', () => {
  const areas = new Map(parcels.map((p) => [p.id, geometryArea(p.geometry)]));
  const zh = cellText('zh-CN', (key, params) => translate('zh-CN', key, params));
  const rows = buildRows('parcels', parcels, areas, zh);
  const columns = tableColumns('parcels');
  const col = (id: ColumnId): number => columns.findIndex((c) => c.id === id);
  const ids = (list: readonly TableRow[]): string[] => list.map((r) => r.id);

  it('shows id, name, land use, status, grade, FAR and the area in 亩 and m²', () => {
    expect(columns.map((c) => c.id)).toEqual(['id', 'name', 'landUse', 'status', 'grade', 'far', 'areaMu', 'areaM2']);
    expect(tableColumns('parks').map((c) => c.id)).toEqual(['id', 'name', 'tier', 'district', 'areaHa', 'areaMu']);
    expect(tableColumns('zones').map((c) => c.id)).toEqual(['id', 'name', 'district', 'areaKm2']);
    expect(rows).toHaveLength(20_854);
    const first = rows[0];
    expect(first.id).toBe('P-420102-00001');
    expect(first.texts[col('landUse')]).toBe('100101 一类工业用地');
    expect(first.texts[col('status')]).toBe('投产');
    const m2 = areas.get(first.id) ?? NaN;
    expect(first.values[col('areaM2')]).toBe(m2);
    expect(first.values[col('areaMu')]).toBeCloseTo(fromSquareMetres(m2, 'mu'), 9);
    expect(first.texts[col('areaM2')]).toMatch(/^\d{1,3}(,\d{3})*$/);
    const en = buildRows('parcels', parcels.slice(0, 1), areas, cellText('en', (key, params) => translate('en', key, params)));
    expect(en[0].texts[col('landUse')]).toBe('100101 Class 1 industrial land');
    expect(en[0].texts[col('status')]).toBe('producing');
  });

  it('filters by a land-use code to exactly the parcels with that code', () => {
    for (const code of ['100102', '100104', '110103']) {
      const expected = parcels.filter((p) => p.properties.landUse === code).map((p) => p.id);
      expect(expected.length, code).toBeGreaterThan(0);
      expect(ids(filterRows(rows, code)), code).toEqual(expected);
    }
  });

  it('filters by what a cell shows: status and land-use names, several words all matching', () => {
    const producing = parcels.filter((p) => p.properties.status === 'producing');
    expect(filterRows(rows, '投产')).toHaveLength(producing.length);
    const m0 = parcels.filter((p) => landUseCode(String(p.properties.landUse))?.zh.includes('新型产业'));
    expect(filterRows(rows, '新型产业')).toHaveLength(m0.length);
    expect(filterRows(rows, 'm0')).toHaveLength(m0.length); // 新型产业用地（M0）, any case
    const both = producing.filter((p) => String(p.properties.name).includes('江岸'));
    expect(both.length).toBeGreaterThan(0);
    expect(ids(filterRows(rows, ' 江岸  投产 '))).toEqual(both.map((p) => p.id));
    expect(filterRows(rows, '')).toBe(rows);
    expect(filterRows(rows, '没有这个地块')).toHaveLength(0);
  });

  it('sorts areas numerically, ascending and descending, empty areas last', () => {
    const withGap = buildRows('parcels', parcels, new Map([...areas].slice(1)), zh);
    for (const direction of ['asc', 'desc'] as const) {
      const sorted = sortRows(withGap, 'parcels', { column: 'areaM2', direction });
      expect(sorted).toHaveLength(withGap.length);
      expect(sorted[sorted.length - 1].id).toBe(parcels[0].id);
      const values = sorted.slice(0, -1).map((r) => r.values[col('areaM2')] as number);
      for (let i = 1; i < values.length; i++) {
        expect(direction === 'asc' ? values[i - 1] <= values[i] : values[i - 1] >= values[i]).toBe(true);
      }
    }
    const grades = sortRows(rows, 'parcels', { column: 'grade', direction: 'asc' }).map((r) => r.values[col('grade')] as number);
    expect(grades[0]).toBe(1);
    expect(grades[grades.length - 1]).toBe(15);
    expect(grades.every((g, i) => i === 0 || grades[i - 1] <= g)).toBe(true); // 9 before 10, unlike text
  });

  it('sorts Chinese names by pinyin, like localeCompare(…, "zh-CN")', () => {
    const sorted = sortRows(rows, 'parcels', { column: 'name', direction: 'asc' });
    const names = sorted.map((r) => String(r.values[col('name')]));
    for (let i = 1; i < names.length; i++) expect(names[i - 1].localeCompare(names[i], 'zh-CN')).toBeLessThanOrEqual(0);
    // 蔡 (cài) before 汉 (hàn) before 江 (jiāng) before 青 (qīng), though 蔡 U+8521 follows 汉 and 江 in code points.
    const firstWith = (prefix: string): number => names.findIndex((n) => n.startsWith(prefix));
    const order = ['蔡甸', '汉阳', '江岸', '青山'].map(firstWith);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    const desc = sortRows(rows, 'parcels', { column: 'name', direction: 'desc' }).map((r) => String(r.values[col('name')]));
    expect(desc[0]).toBe(names[names.length - 1]);
  });

  it('keeps the given order among equal values and sorts nothing without a sort', () => {
    const byStatus = sortRows(rows, 'parcels', { column: 'status', direction: 'asc' });
    const idle = byStatus.filter((r) => r.values[col('status')] === 'idle').map((r) => r.id);
    expect(idle).toEqual(parcels.filter((p) => p.properties.status === 'idle').map((p) => p.id));
    expect(sortRows(rows, 'parcels', null)).toBe(rows);
  });

  it('flips the direction on a second click of the same header', () => {
    expect(nextSort(null, 'name')).toEqual({ column: 'name', direction: 'asc' });
    expect(nextSort({ column: 'name', direction: 'asc' }, 'name')).toEqual({ column: 'name', direction: 'desc' });
    expect(nextSort({ column: 'name', direction: 'desc' }, 'name')).toEqual({ column: 'name', direction: 'asc' });
    expect(nextSort({ column: 'name', direction: 'desc' }, 'areaMu')).toEqual({ column: 'areaMu', direction: 'asc' });
  });
});
