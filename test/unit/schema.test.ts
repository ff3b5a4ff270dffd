import { describe, expect, it } from 'vitest';
import { attributeProblems, fieldLabel, FIELD_LABELS } from '../../src/domain/schema/attributes';
import { LAYER_NAMES, type LayerName } from '../../src/domain/schema/kinds';
import {
  isKnownLandUse,
  LAND_USE_CODES,
  landUseCode,
  landUseMatches,
  type LandUseSystem,
} from '../../src/domain/schema/landUse';

describe('land-use codes', () => {
  it('looks up 2023 codes', () => {
    expect(landUseCode('100101')).toMatchObject({ system: 'gb2023', zh: '一类工业用地', parent: '1001' });
    expect(landUseCode('1001')).toMatchObject({ zh: '工业用地', en: 'Industrial land', parent: '10' });
    expect(landUseCode('10')?.parent).toBeUndefined();
    expect(landUseCode('1102')?.zh).toBe('储备库用地');
  });

  it('looks up GB 50137 codes case-insensitively, with their 2023 equivalent', () => {
    expect(landUseCode('M1')).toMatchObject({ system: 'gb50137', parent: 'M', equivalent: '100101' });
    expect(landUseCode('m1')?.code).toBe('M1');
    expect(landUseCode('w3')?.equivalent).toBe('110103');
  });

  it('keeps bare codes for 2023 and prefixes 三调 codes with S3-', () => {
    expect(landUseCode('S3-0601')).toMatchObject({ system: 'survey3', zh: '工业用地', equivalent: '1001', parent: 'S3-06' });
    expect(landUseCode('s3-0601')?.code).toBe('S3-0601');
    expect(landUseCode('S3-0508')).toMatchObject({ zh: '物流仓储用地', equivalent: '1101', parent: 'S3-05' });
    expect(landUseCode('0601')?.system).toBe('gb2023');
    expect(landUseCode('06')?.zh).toBe('农业设施建设用地');
    expect(landUseCode('S3-06')?.zh).toBe('工矿用地');
  });

  it('has the local M0 extension under 1001', () => {
    expect(landUseCode('100104')).toMatchObject({ system: 'local', parent: '1001' });
    expect(landUseCode('M0')).toMatchObject({ system: 'local', equivalent: '100104' });
  });

  it('knows which codes exist', () => {
    expect(isKnownLandUse('100101')).toBe(true);
    expect(isKnownLandUse('M2')).toBe(true);
    expect(isKnownLandUse('1234')).toBe(false);
    expect(isKnownLandUse('')).toBe(false);
    expect(isKnownLandUse(' 100101')).toBe(false);
  });

  it('has every level-1 class 01–24 of 2023', () => {
    for (let i = 1; i <= 24; i++) {
      const code = String(i).padStart(2, '0');
      expect(landUseCode(code)?.system, code).toBe('gb2023');
    }
  });

  it('has all level-2 classes of 07–13', () => {
    const expected: Record<string, number> = { '07': 4, '08': 7, '09': 4, '10': 3, '11': 2, '12': 9, '13': 12 };
    for (const [l1, n] of Object.entries(expected)) {
      const children = LAND_USE_CODES.filter((c) => c.parent === l1);
      expect(children.map((c) => c.code), l1).toEqual(Array.from({ length: n }, (_, i) => `${l1}${String(i + 1).padStart(2, '0')}`));
    }
  });

  it('matches codes under listed classes', () => {
    expect(landUseMatches('100102', ['1001'])).toBe(true);
    expect(landUseMatches('100102', ['100102'])).toBe(true);
    expect(landUseMatches('M2', ['1001'])).toBe(true);
    expect(landUseMatches('M2', ['M'])).toBe(true);
    expect(landUseMatches('m2', ['10'])).toBe(true);
    expect(landUseMatches('110101', ['1001'])).toBe(false);
    expect(landUseMatches('110101', ['11'])).toBe(true);
    expect(landUseMatches('100104', ['100101', '100102', '100103'])).toBe(false);
    expect(landUseMatches('100104', ['1001'])).toBe(true);
    expect(landUseMatches('M0', ['100101', '100102', '100103'])).toBe(false);
    expect(landUseMatches('M0', ['1001'])).toBe(true);
    expect(landUseMatches('S3-0601', ['1001'])).toBe(true);
    expect(landUseMatches('S3-0508', ['1101'])).toBe(true);
    expect(landUseMatches('S3-0508', ['1001'])).toBe(false);
    expect(landUseMatches('1001', ['100101'])).toBe(false);
    expect(landUseMatches('100101', [])).toBe(false);
  });

  it('counts a class whose 2023 sub-classes are all listed (1001 under 100101–100103), never a local code', () => {
    const industrial = ['100101', '100102', '100103'];
    for (const code of ['1001', 'M', 'S3-0601', 's3-0601']) expect(landUseMatches(code, industrial), code).toBe(true);
    expect(landUseMatches('1001', ['M1', 'M2', 'M3'])).toBe(true);
    expect(landUseMatches('1001', ['100101', '100102'])).toBe(false);
    expect(landUseMatches('10', industrial)).toBe(false); // 1002 采矿, 1003 盐田 are not listed
    expect(landUseMatches('S3-06', industrial)).toBe(false);
    expect(landUseMatches('1101', ['110101', '110102', '110103'])).toBe(true);
    expect(landUseMatches('100104', [...industrial])).toBe(false);
    expect(landUseMatches('100104', [...industrial, '100104'])).toBe(true);
  });

  it('lets a listed code stand for its equivalent', () => {
    expect(landUseMatches('100102', ['M'])).toBe(true);
    expect(landUseMatches('100101', ['M1'])).toBe(true);
    expect(landUseMatches('100102', ['M1'])).toBe(false);
    expect(landUseMatches('0601', ['S3-06'])).toBe(false);
  });

  it('has a known parent for every code', () => {
    for (const c of LAND_USE_CODES) {
      if (c.parent === undefined) continue;
      const parent = landUseCode(c.parent);
      expect(parent, `${c.code} → ${c.parent}`).toBeDefined();
      expect(parent?.code).toBe(c.parent);
    }
  });

  it('has a known 2023 (or local) code for every equivalent', () => {
    for (const c of LAND_USE_CODES) {
      if (c.equivalent === undefined) continue;
      const eq = landUseCode(c.equivalent);
      expect(eq?.code, `${c.code} ≡ ${c.equivalent}`).toBe(c.equivalent);
      expect(['gb2023', 'local']).toContain(eq?.system);
    }
  });

  it('has no duplicate codes, even ignoring case', () => {
    const seen = new Set<string>();
    for (const c of LAND_USE_CODES) {
      const key = c.code.toUpperCase();
      expect(seen.has(key), c.code).toBe(false);
      seen.add(key);
    }
  });

  it('names every code in zh and en, in every system', () => {
    const systems: LandUseSystem[] = ['gb2023', 'gb50137', 'survey3', 'local'];
    for (const s of systems) expect(LAND_USE_CODES.some((c) => c.system === s), s).toBe(true);
    for (const c of LAND_USE_CODES) {
      expect(c.zh.trim(), c.code).not.toBe('');
      expect(c.en.trim(), c.code).not.toBe('');
      expect(/[\u4e00-\u9fff]/.test(c.zh), c.code).toBe(true);
      expect(/^[\x20-\x7e]+$/.test(c.en), c.code).toBe(true);
    }
  });
});

function fields(layer: LayerName, props: Record<string, unknown>): string[] {
  return attributeProblems(layer, props).map((p) => p.field);
}

const goodParcel = {
  landUse: '100101',
  grade: 7,
  status: 'producing',
  supplyMode: 'flexible-term',
  far: 1.5,
  taxPerMu: 35,
  output: 12000,
  revenue: 11000,
  salePrice: 3_600_000,
  floorArea: 20000,
  supplyYear: 2021,
  priorityIndustry: true,
  netLand: false,
  name: null,
  myOwnField: 'kept',
};

describe('attributeProblems', () => {
  it('accepts good districts, zones, parks and parcels', () => {
    expect(attributeProblems('districts', { name: '南山区', kind: 'central', code: '440305', leadingIndustries: ['电子信息'] })).toEqual([]);
    expect(attributeProblems('zones', { name: '北片区', district: 'd1' })).toEqual([]);
    expect(
      attributeProblems('parks', {
        name: '高新园',
        tier: 'modern',
        output: 120,
        revenue: 100,
        leadingRevenue: 60,
        characteristicOutput: 50,
        upgradeTarget: true,
        characteristicIndustries: ['新能源', '生物医药'],
        district: null,
      }),
    ).toEqual([]);
    expect(attributeProblems('parcels', goodParcel)).toEqual([]);
    expect(attributeProblems('parcels', { landUse: 'm1' })).toEqual([]);
    expect(attributeProblems('parcels', { landUse: 'S3-0601' })).toEqual([]);
  });

  it('checks districts', () => {
    expect(fields('districts', { name: '南山区' })).toEqual(['kind']);
    expect(fields('districts', { name: '  ', kind: 'central' })).toEqual(['name']);
    expect(fields('districts', { kind: 'central' })).toEqual(['name']);
    expect(fields('districts', { name: '南山区', kind: 'suburb' })).toEqual(['kind']);
    expect(fields('districts', { name: '南山区', kind: 'central', code: 440305 })).toEqual(['code']);
    expect(fields('districts', { name: '南山区', kind: 'central', leadingIndustries: '电子信息' })).toEqual(['leadingIndustries']);
    expect(fields('districts', { name: '南山区', kind: 'central', leadingIndustries: ['a', 3] })).toEqual(['leadingIndustries']);
    const [missing] = attributeProblems('districts', { name: '南山区', kind: null });
    expect(missing.message).toMatch(/^kind is missing: set it to one of central, new-city, national-zone/);
    expect(missing.messageZh).toContain('kind');
    expect(missing.messageZh).toContain('中心城区');
    expect('value' in missing).toBe(false);
  });

  it('checks zones', () => {
    expect(fields('zones', {})).toEqual(['name']);
    expect(fields('zones', { name: 5 })).toEqual(['name']);
    expect(fields('zones', { name: 'z', district: 7 })).toEqual(['district']);
  });

  it('checks parks', () => {
    expect(fields('parks', { name: 'p' })).toEqual(['tier']);
    const [tier] = attributeProblems('parks', { name: 'p', tier: 'big' });
    expect(tier).toMatchObject({ field: 'tier', value: 'big' });
    expect(tier.message).toBe("tier 'big' is not allowed: use one of modern, specialty, urban");
    expect(tier.messageZh).toContain('现代产业园');
    expect(attributeProblems('parks', { name: 'p', tier: 'Modern' })[0].message).toContain("did you mean 'modern'");
    expect(fields('parks', { name: 'p', tier: 'urban', designated: 'yes', renovated: 1 })).toEqual(['designated', 'renovated']);
    expect(fields('parks', { name: 'p', tier: 'urban', output: -1, revenue: '12' })).toEqual(['output', 'revenue']);
    expect(fields('parks', { name: 'p', tier: 'urban', output: Number.NaN })).toEqual(['output']);
    expect(fields('parks', { name: 'p', tier: 'urban', revenue: Number.POSITIVE_INFINITY })).toEqual(['revenue']);
  });

  it('checks that leading revenue and characteristic output are parts of the whole', () => {
    const [lr] = attributeProblems('parks', { name: 'p', tier: 'urban', revenue: 10, leadingRevenue: 12 });
    expect(lr).toMatchObject({ field: 'leadingRevenue', value: 12 });
    expect(lr.message).toContain('leadingRevenue 12 exceeds revenue 10');
    expect(lr.message).toContain('100M yuan');
    expect(lr.messageZh).toContain('亿元');
    expect(fields('parks', { name: 'p', tier: 'urban', output: 10, characteristicOutput: 10.5 })).toEqual(['characteristicOutput']);
    expect(fields('parks', { name: 'p', tier: 'urban', output: 0.3, characteristicOutput: 0.1 + 0.2 })).toEqual([]);
    expect(fields('parks', { name: 'p', tier: 'urban', leadingRevenue: 12 })).toEqual([]);
  });

  it('checks parcels: land use', () => {
    expect(fields('parcels', {})).toEqual(['landUse']);
    expect(fields('parcels', { landUse: null })).toEqual(['landUse']);
    expect(fields('parcels', { landUse: 100101 })).toEqual(['landUse']);
    const [p] = attributeProblems('parcels', { landUse: '1234' });
    expect(p).toMatchObject({ field: 'landUse', value: '1234' });
    expect(p.message).toContain(
      "unknown land-use code '1234': use a code of the 2023 classification (e.g. 100101), GB 50137 (M1) or 三调 (S3-0601)",
    );
    expect(p.messageZh).toContain('未知的用地分类代码');
  });

  it('checks parcels: grade', () => {
    const grade = (g: unknown) => attributeProblems('parcels', { landUse: '100101', grade: g });
    expect(grade(1)).toEqual([]);
    expect(grade(15)).toEqual([]);
    expect(grade(null)).toEqual([]);
    expect(grade(0)[0].message).toBe('grade 0 is out of range: land grades (土地等别) run from 1 to 15');
    expect(grade(16)[0].message).toBe('grade 16 is out of range: land grades (土地等别) run from 1 to 15');
    expect(grade(7.5)[0].message).toBe('grade 7.5 is not a whole number: land grades (土地等别) run from 1 to 15');
    expect(grade('7')[0].message).toMatch(/^grade must be a number, got string '7'/);
    expect(grade(16)[0].messageZh).toContain('土地等别');
    expect(grade(16)[0].value).toBe(16);
  });

  it('checks parcels: far, money, year, enums, booleans', () => {
    const with_ = (extra: Record<string, unknown>) => fields('parcels', { landUse: '100101', ...extra });
    expect(with_({ far: -1 })).toEqual(['far']);
    expect(with_({ far: 0 })).toEqual(['far']);
    expect(with_({ far: 30 })).toEqual([]);
    expect(with_({ far: 31 })).toEqual(['far']);
    expect(attributeProblems('parcels', { landUse: '100101', far: -1 })[0].message).toBe(
      'far -1 is out of range: the floor-area ratio (容积率) must be greater than 0 and at most 30',
    );
    expect(with_({ taxPerMu: -0.5, output: -1, revenue: -1, salePrice: -1, floorArea: -1 })).toEqual([
      'taxPerMu',
      'output',
      'revenue',
      'salePrice',
      'floorArea',
    ]);
    expect(attributeProblems('parcels', { landUse: '100101', taxPerMu: -0.5 })[0].messageZh).toContain('万元/亩');
    expect(with_({ taxPerMu: 0, output: 0 })).toEqual([]);
    expect(with_({ supplyYear: 1948 })).toEqual(['supplyYear']);
    expect(with_({ supplyYear: 2101 })).toEqual(['supplyYear']);
    expect(with_({ supplyYear: 2020.5 })).toEqual(['supplyYear']);
    expect(with_({ supplyYear: 1949 })).toEqual([]);
    expect(with_({ status: 'sold' })).toEqual(['status']);
    expect(with_({ supplyMode: 'auction' })).toEqual(['supplyMode']);
    expect(with_({ standardLand: '是', standardFactory: 'true', encouragedManufacturing: 0 })).toEqual([
      'encouragedManufacturing',
      'standardFactory',
      'standardLand',
    ]);
    expect(with_({ notes: 42, myOwnField: { any: 'thing' } })).toEqual(['notes']);
  });

  it('names the field and the bad value in every message, in both languages', () => {
    const bad: Record<LayerName, Record<string, unknown>> = {
      districts: { name: '', kind: 'x', code: 1, leadingIndustries: [1] },
      zones: { name: 1, district: 2 },
      parks: {
        tier: 'big',
        district: 3,
        upgradeTarget: 'y',
        output: -1,
        revenue: 1,
        leadingRevenue: 2,
        characteristicIndustries: 'a',
        status: 4,
      },
      parcels: { landUse: '1234', grade: 16, far: -1, supplyYear: 1800, netLand: 1, salePrice: 'much', supplyMode: 'x' },
    };
    for (const layer of LAYER_NAMES) {
      const problems = attributeProblems(layer, bad[layer]);
      expect(problems.length, layer).toBeGreaterThan(1);
      for (const p of problems) {
        expect(p.message, p.message).toContain(p.field);
        expect(p.messageZh, p.messageZh).toContain(p.field);
        expect(/[\u4e00-\u9fff]/.test(p.messageZh), p.messageZh).toBe(true);
        expect(p.message, p.message).toMatch(/: /);
        if ('value' in p && typeof p.value !== 'object') expect(p.message).toContain(String(p.value));
      }
    }
  });
});

describe('FIELD_LABELS', () => {
  it('labels every attribute field of the four kinds', () => {
    const all = [
      'name', 'kind', 'code', 'leadingIndustries', 'district', 'tier', 'characteristicIndustries', 'upgradeTarget',
      'designated', 'renovated', 'digitalEconomy', 'output', 'revenue', 'leadingRevenue', 'characteristicOutput', 'status',
      'landUse', 'grade', 'priorityIndustry', 'encouragedManufacturing', 'standardFactory', 'standardLand', 'netLand',
      'far', 'taxPerMu', 'supplyYear', 'supplyMode', 'salePrice', 'floorArea', 'industry', 'projectName', 'notes',
    ];
    for (const layer of LAYER_NAMES) {
      for (const f of all) {
        if (layer !== 'parks' && (f === 'leadingRevenue' || f === 'characteristicOutput')) continue;
        const label = fieldLabel(layer, f);
        expect(label?.zh, `${layer}.${f}`).toBeTruthy();
        expect(label?.en, `${layer}.${f}`).toBeTruthy();
      }
    }
    expect(FIELD_LABELS.taxPerMu).toEqual({ zh: '亩均税收', en: 'tax per mu', unit: { zh: '万元/亩', en: '10k yuan per mu' } });
    expect(FIELD_LABELS.far.zh).toBe('容积率');
    expect(FIELD_LABELS.output.unit?.zh).toBe('万元');
    expect(FIELD_LABELS['park.output'].unit?.zh).toBe('亿元');
    expect(fieldLabel('parks', 'output')?.unit?.zh).toBe('亿元');
    expect(fieldLabel('parcels', 'output')?.unit?.zh).toBe('万元');
  });
});
