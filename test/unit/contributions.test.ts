// What a parcel contributes, on the demo city: the figure "without" it must be the figure of
// the city with the parcel really removed.
import { describe, expect, it } from 'vitest';
import { contributions } from '../../src/domain/policy/contributions';
import { evaluatePack } from '../../src/domain/policy/evaluate';
import { LiveCity } from '../../src/domain/policy/liveCity';
import { SHIPPED_PACKS, SHIPPED_PRICE_TABLES } from '../../src/domain/policy/shipped';
import { demoCity } from '../helpers/demoLive';

const close = (a: number | null, b: number | null): boolean => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

describe('contributions on the demo city', () => {
  const city = demoCity();
  const live = new LiveCity(city, SHIPPED_PRICE_TABLES);
  const packs = ['wuhan-2025', 'chongqing-2021', 'wuhan-2021'].map((id) => SHIPPED_PACKS.get(id)!);
  // a parcel with a sale price below its floor, so the breach rules count it too
  const floors = live.facts.floors(packs[0], SHIPPED_PRICE_TABLES);
  const i = city.parcels.findIndex((p, k) => p.properties.salePrice !== undefined && p.properties.salePrice < floors[k] && live.facts.parkShare()[k] > 0);
  const parcel = city.parcels[i];

  it('lists every result the parcel is part of, with the figure were it removed', () => {
    const rows = contributions(live, packs, parcel.id, 'zh');
    expect(rows).not.toBeNull();
    expect(rows!.length).toBeGreaterThan(5);
    const without = { ...city, parcels: city.parcels.filter((p) => p.id !== parcel.id) };
    for (const pack of packs) {
      const before = evaluatePack(pack, city, { tables: SHIPPED_PRICE_TABLES });
      const after = evaluatePack(pack, without, { tables: SHIPPED_PRICE_TABLES });
      const mine = rows!.filter((r) => r.packId === pack.id);
      expect(mine.length).toBe(before.rules.filter((r) => r.features.includes(parcel.id)).length);
      for (const row of mine) {
        const was = after.rules.find((r) => r.id === row.ruleId && r.scope === row.scope)!;
        expect(close(row.without, was.value), `${row.ruleId} ${row.scope}: ${row.without} vs ${was.value}`).toBe(true);
        expect(row.statusWithout).toBe(was.status);
        if (row.value !== null && row.without !== null) expect(row.contribution).toBeCloseTo(row.value - row.without, 12);
      }
    }
    // the breach rule counts it once
    const breach = rows!.find((r) => r.ruleId === 'W25-7');
    expect(breach?.contribution).toBe(1);
  });

  it('answers null for a parcel that is not there', () => {
    expect(contributions(live, packs, 'no-such-parcel', 'zh')).toBeNull();
  });
}, 120_000);
