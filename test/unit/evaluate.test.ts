import { describe, expect, it } from 'vitest';
import { assumedStatus, withAssumedStatus } from '../../src/domain/policy/assumptions';
import { evaluatePack, statusOf } from '../../src/domain/policy/evaluate';
import { CityFacts } from '../../src/domain/policy/facts';
import { parcelWeight } from '../../src/domain/policy/filters';
import { LiveCity } from '../../src/domain/policy/liveCity';
import { SHIPPED_PACKS, SHIPPED_PRICE_TABLES } from '../../src/domain/policy/shipped';
import { parcelFigures } from '../../src/domain/report/parcelFigures';
import { landUseMatches } from '../../src/domain/schema/landUse';
import { geometryAreaOracle } from '../oracle/geographiclib';
import { intersectionAreaOracle } from '../oracle/intersection';
import { fixtureCity } from '../helpers/city';

const pack = (id: string) => {
  const p = SHIPPED_PACKS.get(id);
  if (!p) throw new Error(`no pack ${id}`);
  return p;
};

describe('the hand-drawn city', async () => {
  const city = await fixtureCity('hand');
  const facts = new CityFacts(city);
  const index = (id: string): number => city.parcels.findIndex((p) => p.id === id);
  const parks = city.parks.map((p) => p.geometry);

  it('parcel areas are GeographicLib areas', () => {
    city.parcels.forEach((p, i) => expect(Math.abs(facts.parcelArea()[i] / geometryAreaOracle(p.geometry) - 1)).toBeLessThan(1e-9));
  });

  it('park shares: half, inside two overlapping parks once, a MultiPolygon half out, a hole a quarter', () => {
    const share = facts.parkShare();
    expect(share[index('half')]).toBeCloseTo(0.5, 3);
    expect(share[index('both')]).toBeCloseTo(1, 12);
    expect(share[index('holed')]).toBeCloseTo(1, 12);
    expect(share[index('multi')]).toBeCloseTo(0.5, 2);
    expect(share[index('over-hole')]).toBeCloseTo(0.75, 3);
    expect(share[index('outside')]).toBe(0);
    for (const [i, p] of city.parcels.entries()) expect(Math.abs(share[i] * facts.parcelArea()[i] - intersectionAreaOracle(p.geometry, parks))).toBeLessThan(1e-6 * facts.parcelArea()[i]);
  });

  it('a parcel in the overlap of two parks belongs to the first of equal overlaps, and parks get districts', () => {
    expect(city.parks[facts.parcelPark()[index('both')]].id).toBe('pk-1');
    expect(city.parks[facts.parcelPark()[index('half')]].id).toBe('pk-2');
    expect(facts.parcelPark()[index('outside')]).toBe(-1);
    expect(facts.parkDistrict()).toEqual(['nz-a', 'nz-a']);
  });

  const report = evaluatePack(pack('wuhan-2025'), city, { tables: SHIPPED_PRICE_TABLES, facts });
  const rule = (id: string, scope = 'city') => {
    const r = report.rules.find((x) => x.id === id && x.scope === scope);
    if (!r) throw new Error(`no result ${id} ${scope}`);
    return r;
  };

  it('W25-1 sums existing industrial land only, exactly', () => {
    const existing = ['half', 'both', 'holed', 'multi', 'over-hole'];
    const expected = existing.reduce((s, id) => s + geometryAreaOracle(city.parcels[index(id)].geometry), 0) / 1e6;
    expect(rule('W25-1').value).toBeCloseTo(expected, 12);
    expect(rule('W25-1').status).toBe('fail');
    expect(rule('W25-1').gap).toBeCloseTo(expected - 380, 9);
    expect(new Set(rule('W25-1').features)).toEqual(new Set(existing));
  });

  it('W25-2 is the share of that land inside the union of parks: 12/15 by hand', () => {
    const existing = ['half', 'both', 'holed', 'multi', 'over-hole'].map((id) => city.parcels[index(id)].geometry);
    const inside = existing.reduce((s, g) => s + intersectionAreaOracle(g, parks), 0);
    const total = existing.reduce((s, g) => s + geometryAreaOracle(g), 0);
    expect(rule('W25-2').value).toBeCloseTo(inside / total, 9);
    expect(rule('W25-2').value).toBeCloseTo(0.8, 3);
    expect(rule('W25-2').unit).toBe('ratio');
    expect(rule('W25-2').status).toBe('fail');
  });

  it('per-scope rules give one result per scope with their own thresholds', () => {
    expect(report.rules.filter((r) => r.id === 'W25-4').map((r) => [r.scope, r.value, r.threshold])).toEqual([
      ['tier:modern', 1, 20],
      ['tier:specialty', 1, 30],
      ['tier:urban', 0, 50],
    ]);
    expect(rule('W25-5', 'pk-1')).toMatchObject({ value: 0.85, threshold: 0.8, status: 'pass' });
    expect(rule('W25-5', 'pk-2')).toMatchObject({ value: 0.8, threshold: 0.9, status: 'fail' });
    expect(rule('W25-6', 'city:output-1000yi')).toMatchObject({ value: 1, features: ['pk-1'] });
    expect(rule('W25-6', 'city:output-100yi')).toMatchObject({ value: 2 });
  });

  it('informational and data-less rules are n/a with the reason', () => {
    expect(rule('W25-8').status).toBe('n/a');
    expect(rule('W25-8').value).toBeGreaterThan(0);
    expect(rule('W25-10')).toMatchObject({ status: 'n/a', value: null });
    expect(rule('W25-10').reason).toContain('supplyYear');
  });

  it('wuhan-2021 evaluates per national zone and per new-city district', () => {
    const r = evaluatePack(pack('wuhan-2021'), city, { facts, lang: 'en' });
    const w211 = r.rules.filter((x) => x.id === 'W21-1');
    expect(w211.map((x) => x.scope)).toEqual(['nz-a']);
    // pk-1 is the only upgrade park: its area minus its hole.
    expect(w211[0].value).toBeCloseTo(geometryAreaOracle(city.parks[0].geometry) / 1e6, 9);
    expect(r.rules.filter((x) => x.id === 'W21-2').map((x) => [x.scope, x.value])).toEqual([['d-new', 0]]);
    const tax = r.rules.filter((x) => x.id === 'W21-4');
    expect(tax.map((x) => [x.scope, x.threshold])).toEqual([['nz-a', 35], ['d-new', 20]]);
    expect(tax[0].value).toBeCloseTo(40, 9);
    expect(tax[1]).toMatchObject({ value: null, status: 'n/a' });
    expect(r.rules.find((x) => x.id === 'W21-6')).toMatchObject({ value: 0.5, status: 'fail', features: ['pk-1'] });
  });

  it('chongqing-2021: CQ-3 compares against a baseline, CQ-6 checks the number of industries', () => {
    const noBaseline = evaluatePack(pack('chongqing-2021'), city, { facts, tables: SHIPPED_PRICE_TABLES });
    expect(noBaseline.rules.find((x) => x.id === 'CQ-3')).toMatchObject({ status: 'n/a', value: null });
    const shrunk = { ...city, parcels: city.parcels.filter((p) => p.id !== 'both') };
    const r = evaluatePack(pack('chongqing-2021'), shrunk, { tables: SHIPPED_PRICE_TABLES, baseline: city });
    const cq3 = r.rules.find((x) => x.id === 'CQ-3');
    expect(cq3?.status).toBe('fail');
    expect(cq3?.value).toBeCloseTo(-geometryAreaOracle(city.parcels[index('both')].geometry) / 1e6, 12);
    expect(r.rules.find((x) => x.id === 'CQ-6' && x.scope === 'pk-2')).toMatchObject({ status: 'fail', value: 100 / 150 });
    expect(r.rules.find((x) => x.id === 'CQ-6' && x.scope === 'pk-2')?.reason).toContain('1');
    expect(r.rules.find((x) => x.id === 'CQ-6' && x.scope === 'pk-1')).toMatchObject({ status: 'pass' });
  });
});

describe('status', () => {
  it('pass, warn within the band, fail; approx with tolerance', () => {
    expect(statusOf(400, '>=', 380, 0.02)).toBe('pass');
    expect(statusOf(385, '>=', 380, 0.02)).toBe('warn');
    expect(statusOf(379.9, '>=', 380, 0.02)).toBe('fail');
    expect(statusOf(2.1, 'approx', 2, 0.1)).toBe('pass');
    expect(statusOf(2.35, 'approx', 2, 0.1)).toBe('warn');
    expect(statusOf(1.5, 'approx', 2, 0.1)).toBe('fail');
    expect(statusOf(0, '<=', 0)).toBe('pass');
    expect(statusOf(5, '>', 5)).toBe('fail');
  });
});

describe('every shipped pack', () => {
  it('has the rule ids of POLICIES.md', () => {
    const ids = (id: string) => [...new Set(pack(id).rules.map((r) => r.id))];
    expect(ids('wuhan-2025')).toEqual(['W25-1', 'W25-2', 'W25-3', 'W25-4', 'W25-5', 'W25-6', 'W25-7', 'W25-8', 'W25-9', 'W25-10']);
    expect(ids('wuhan-2021')).toEqual(['W21-1', 'W21-2', 'W21-3', 'W21-4', 'W21-5', 'W21-6', 'W21-7']);
    expect(ids('chongqing-2021')).toEqual(['CQ-1', 'CQ-2', 'CQ-3', 'CQ-4', 'CQ-5', 'CQ-6', 'CQ-7', 'CQ-8', 'CQ-9']);
    expect(ids('wuhan-edz-2019')).toEqual(['EDZ-1', 'EDZ-2', 'EDZ-3']);
    expect(ids('qiaokou-2019')).toEqual(['QK-1', 'QK-2', 'QK-3', 'QK-4']);
  });

  it('counts 100101–100103 and the class 1001 itself as industrial land, not logistics or M0', () => {
    for (const p of SHIPPED_PACKS.values()) {
      expect(landUseMatches('100102', p.industrialLandUse)).toBe(true);
      expect(landUseMatches('M2', p.industrialLandUse)).toBe(true);
      for (const code of ['1001', 'M', 'S3-0601']) expect(landUseMatches(code, p.industrialLandUse), `${p.id} ${code}`).toBe(true);
      expect(landUseMatches('M0', p.industrialLandUse)).toBe(false);
      expect(landUseMatches('110101', p.industrialLandUse)).toBe(false);
      expect(landUseMatches('100104', p.industrialLandUse)).toBe(false);
    }
  });

  it('every rule of every pack either evaluates or says why not', async () => {
    const city = await fixtureCity('hand');
    for (const p of SHIPPED_PACKS.values()) {
      const r = evaluatePack(p, city, { tables: SHIPPED_PRICE_TABLES });
      for (const rule of p.rules) expect(r.rules.some((x) => x.id === rule.id)).toBe(true);
      for (const x of r.rules) {
        if (x.status === 'n/a') expect(x.reason, `${x.id} ${x.scope}`).toBeTruthy();
        else expect(x.value, `${x.id} ${x.scope}`).not.toBeNull();
      }
    }
  });
});

describe('regression: a parcel coded only to the class 1001 工业用地 was not industrial land (fixture industrial-class-1001)', async () => {
  const city = await fixtureCity('industrial-class-1001');
  const facts = new CityFacts(city);
  const index = (id: string): number => city.parcels.findIndex((p) => p.id === id);
  const industrial = ['class-1001', 'survey-0601', 'gb-m', 'class-100101'];
  const parks = city.parks.map((p) => p.geometry);

  it('W25-1 and W25-2 count 1001, S3-0601 and M with 100101, and leave out M0 and logistics, in every reading', () => {
    const report = evaluatePack(pack('wuhan-2025'), city, { tables: SHIPPED_PRICE_TABLES, facts });
    const w251 = report.rules.find((r) => r.id === 'W25-1');
    const total = industrial.reduce((s, id) => s + geometryAreaOracle(city.parcels[index(id)].geometry), 0);
    expect(w251?.value).toBeCloseTo(total / 1e6, 12);
    expect(new Set(w251?.features)).toEqual(new Set(industrial));
    const inside = industrial.reduce((s, id) => s + intersectionAreaOracle(city.parcels[index(id)].geometry, parks), 0);
    expect(report.rules.find((r) => r.id === 'W25-2')?.value).toBeCloseTo(inside / total, 9);
    expect(report.rules.find((r) => r.id === 'W25-2')?.value).toBeCloseTo(0.75, 3); // gb-m alone is outside the parks
  });

  it('a 1001 parcel gets a floor (70 % of the benchmark, priority and inside a park); M0 gets none', () => {
    const figures = parcelFigures(city, pack('wuhan-2025'), SHIPPED_PRICE_TABLES, 'zh', facts);
    const of = (id: string) => figures[index(id)];
    expect(of('class-1001').price_floor_yuan).toBeCloseTo(360 * facts.parcelArea()[index('class-1001')] * 0.7, 6);
    expect(of('class-1001').price_floor_reason).toContain('依据W25-7');
    expect(of('class-1001').price_floor_reason).not.toContain('非工业用地');
    expect(of('survey-0601').price_floor_yuan).toBeCloseTo(360 * facts.parcelArea()[index('survey-0601')], 6);
    expect(of('gb-m').price_floor_yuan).toBeCloseTo(360 * facts.parcelArea()[index('gb-m')], 6);
    expect(of('new-m0').price_floor_yuan).toBeNull();
    expect(of('new-m0').price_floor_reason).toContain('非工业用地（100104');
    // CQ-1 on the national minimum (grade 7: 288 元/m²) likewise
    const cq = parcelFigures(city, pack('chongqing-2021'), SHIPPED_PRICE_TABLES, 'en', facts);
    expect(cq[index('class-1001')].price_floor_yuan).toBeCloseTo(288 * facts.parcelArea()[index('class-1001')], 6);
  });

  it('every shipped pack counts them as industrial land', () => {
    for (const p of SHIPPED_PACKS.values()) {
      const weight = (id: string) => parcelWeight({ industrial: true }, city.parcels[index(id)], index(id), p, facts);
      for (const id of industrial) expect(weight(id), `${p.id} ${id}`).toBe(1);
      expect(weight('new-m0'), p.id).toBe(0);
      expect(weight('logistics'), p.id).toBe(0);
    }
  });
});

describe('a parcel layer with no status field at all', async () => {
  const hand = await fixtureCity('hand');
  const noStatus = { ...hand, parcels: hand.parcels.map(({ properties: { status: _status, ...rest }, ...p }) => ({ ...p, properties: rest })) };
  const w25 = pack('wuhan-2025');
  const result = (city: typeof hand, id: string, lang: 'zh' | 'en' = 'zh') => evaluatePack(w25, city, { tables: SHIPPED_PRICE_TABLES, lang }).rules.find((r) => r.id === id);

  it('W25-1 and W25-2 are n/a with the fix named, in both languages', () => {
    for (const id of ['W25-1', 'W25-2']) {
      expect(result(noStatus, id)).toMatchObject({ status: 'n/a', value: null });
      expect(result(noStatus, id)?.reason).toContain('请为地块填写状态');
      expect(result(noStatus, id)?.reason).toContain('--assume-status existing');
      expect(result(noStatus, id)?.reason).toContain('导入时为图层指定默认状态');
      expect(result(noStatus, id, 'en')?.reason).toContain('default status on import');
      expect(result(noStatus, id, 'en')?.reason).toContain('--assume-status existing');
    }
    expect(evaluatePack(w25, noStatus).assumptions).toBeUndefined();
  });

  it('taken as existing: every industrial parcel counts as producing, and the report says it rests on that', () => {
    expect(assumedStatus('existing', w25)).toBe('producing');
    const assumed = withAssumedStatus(noStatus, assumedStatus('existing', w25));
    const report = evaluatePack(w25, assumed, { tables: SHIPPED_PRICE_TABLES });
    const industrial = hand.parcels.filter((p) => p.properties.landUse === '100102');
    const total = industrial.reduce((s, p) => s + geometryAreaOracle(p.geometry), 0) / 1e6;
    expect(report.rules.find((r) => r.id === 'W25-1')?.value).toBeCloseTo(total, 9);
    expect(report.assumptions).toEqual([{ kind: 'status', status: 'producing', parcels: hand.parcels.length, text: expect.stringContaining('按“投产”（producing）计') }]);
    expect(evaluatePack(w25, assumed, { lang: 'en' }).assumptions?.[0].text).toContain('taken as "producing" (existing land)');
    // the live city of the editor says the same
    expect(new LiveCity(assumed, SHIPPED_PRICE_TABLES).report(w25, 'zh').assumptions).toEqual(report.assumptions);
  });

  it('taken as planned: no existing land; a parcel with its own status keeps it; an assumed status changed since is no longer an assumption', () => {
    const planned = withAssumedStatus(noStatus, assumedStatus('planned'));
    expect(result(planned, 'W25-1')).toMatchObject({ value: 0 });
    expect(evaluatePack(w25, planned).assumptions?.[0]).toMatchObject({ status: 'planned', parcels: hand.parcels.length });
    const partly = withAssumedStatus(hand, 'planned');
    expect(partly.parcels.map((p) => p.properties.status)).toEqual(hand.parcels.map((p) => p.properties.status));
    expect(evaluatePack(w25, partly).assumptions).toBeUndefined();
    const edited = { ...planned, parcels: planned.parcels.map((p, i) => (i === 0 ? { ...p, properties: { ...p.properties, status: 'producing' as const } } : p)) };
    expect(evaluatePack(w25, edited).assumptions?.[0].parcels).toBe(hand.parcels.length - 1);
  });

  it('a pack that does not count producing as existing gets its first existing status', () => {
    expect(assumedStatus('existing', { ...w25, existingStatuses: ['supplied', 'idle'] })).toBe('supplied');
  });
});
