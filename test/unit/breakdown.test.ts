// The queries behind a dashboard figure on the demo city: its features, its breakdown by
// place, and every parcel's price floor.
import { describe, expect, it } from 'vitest';
import { breakdown, resultFeatures } from '../../src/domain/policy/breakdown';
import { contributions } from '../../src/domain/policy/contributions';
import { LiveCity } from '../../src/domain/policy/liveCity';
import { SHIPPED_PACKS, SHIPPED_PRICE_TABLES } from '../../src/domain/policy/shipped';
import { floorRows } from '../../src/domain/report/floorRows';
import { demoCity } from '../helpers/demoLive';

describe('figure queries on the demo city', () => {
  const city = demoCity();
  const live = new LiveCity(city, SHIPPED_PRICE_TABLES);
  const w25 = SHIPPED_PACKS.get('wuhan-2025')!;
  const w21 = SHIPPED_PACKS.get('wuhan-2021')!;
  const report = live.report(w25, 'zh');
  const w251 = report.rules.find((r) => r.id === 'W25-1')!;

  it('features: the ids behind a result and their bounds', () => {
    const answer = resultFeatures(live, w25, 'W25-1', 'city')!;
    expect(answer.ids.parcels).toEqual(w251.features);
    const [minX, minY, maxX, maxY] = answer.bbox!;
    expect(minX).toBeGreaterThan(113);
    expect(maxX).toBeLessThan(115.2);
    expect(minY).toBeLessThan(maxY);
    expect(resultFeatures(live, w25, 'W25-1', 'nowhere')).toBeNull();
  });

  it('a city figure breaks down into districts, national zones, parks and parcels', () => {
    const b = breakdown(live, w25, 'W25-1', 'city', 'zh', 50)!;
    expect(b.levels.map((l) => l.level)).toEqual(['district', 'zone', 'park', 'parcel']);
    const [districts, zones, parks, parcels] = b.levels;
    // an area: the administrative districts and national zones share the city between them
    const sum = (rows: { value: number | null }[]): number => rows.reduce((s, r) => s + (r.value ?? 0), 0);
    expect(sum(districts.rows) + sum(zones.rows)).toBeCloseTo(w251.value!, 6);
    expect(districts.rows.every((r) => r.threshold === null && r.status === null)).toBe(true);
    expect(parks.rows.length).toBe(city.parks.length);
    // largest first
    for (let k = 1; k < districts.rows.length; k++) expect(districts.rows[k - 1].value!).toBeGreaterThanOrEqual(districts.rows[k].value!);
    // parcels: at most 50 of all that count, largest |contribution| first, adding up to the figure
    expect(parcels.rows.length).toBe(50);
    expect(parcels.total).toBe(w251.features.length);
    for (let k = 1; k < parcels.rows.length; k++) expect(Math.abs(parcels.rows[k - 1].value!)).toBeGreaterThanOrEqual(Math.abs(parcels.rows[k].value!));
  });

  it("a parcel's contribution in the breakdown is what it contributes by re-measuring", () => {
    for (const ruleId of ['W25-1', 'W25-2', 'W25-7']) {
      const b = breakdown(live, w25, ruleId, 'city', 'zh', 5)!;
      const top = b.levels.find((l) => l.level === 'parcel')!.rows[0];
      const rows = contributions(live, [w25], top.key, 'zh')!;
      const same = rows.find((r) => r.ruleId === ruleId && r.scope === 'city')!;
      expect(top.value!).toBeCloseTo(same.contribution!, 9);
    }
  });

  it('a district rule: its parks and parcels; the threshold shows where the rule applies', () => {
    const district = live.report(w21, 'zh').rules.find((r) => r.id === 'W21-3' && r.value !== null)!;
    const b = breakdown(live, w21, 'W21-3', district.scope, 'zh', 50)!;
    expect(b.levels.map((l) => l.level)).toEqual(['park', 'parcel']);
    const byCity = breakdown(live, w21, 'W21-3', district.scope, 'zh', 50)!;
    expect(byCity.levels[1].total).toBeGreaterThan(0);
    const cityRule = live.report(w25, 'zh').rules.find((r) => r.scope === 'city')!;
    const cityB = breakdown(live, w25, cityRule.id, 'city', 'zh', 10)!;
    expect(cityB.levels[0].rows.every((r) => r.status === null)).toBe(true);
  });

  it('floor rows: every parcel, breaches where the sale price is under the floor', () => {
    const { rows, tables } = floorRows(live.city, live.facts, w25, SHIPPED_PRICE_TABLES, 'zh');
    expect(rows.length).toBe(city.parcels.length);
    expect(tables.map((t) => t.id)).toEqual([w25.pricing!.table]);
    const breaches = new Set(rows.filter((r) => r.breach).map((r) => r.id));
    const w257 = report.rules.find((r) => r.id === 'W25-7')!;
    for (const id of w257.features) expect(breaches.has(id)).toBe(true);
    const row = rows.find((r) => r.floorYuan !== null)!;
    expect(row.floorYuan).toBeCloseTo(row.unitPrice! * row.areaM2 * row.factor! * row.farFactor!, 3);
    expect(row.reason).toContain('元');
  });
}, 120_000);
