// The comparison of a city with its baseline, on the demo city (data/demo/wuhan): a copy
// with parcels deleted, added, reshaped and retagged, and every figure checked against what
// those edits must do — areas exact, and area change = Σ added − Σ removed + Σ changed deltas.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCityDir } from '../../src/cli/readCityDir';
import { geometryArea } from '../../src/domain/geometry/area';
import { CityFacts } from '../../src/domain/policy/facts';
import { SHIPPED_PACKS } from '../../src/domain/policy/shipped';
import { compareCities, sameJson, type CityComparison } from '../../src/domain/report/compareCities';
import { landUseMatches } from '../../src/domain/schema/landUse';
import type { AreaGeometry, City, Parcel } from '../../src/domain/schema/kinds';

const DIR = fileURLToPath(new URL('../../data/demo/wuhan', import.meta.url));
const INDUSTRIAL = (SHIPPED_PACKS.get('chongqing-2021') as { industrialLandUse: string[] }).industrialLandUse;

/** Each ring shrunk towards its first vertex's polygon centre by `k` (a reshape). */
function scaled(geometry: AreaGeometry, k: number): AreaGeometry {
  const rings = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const pts = rings.flat(2);
  const cx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const cy = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  const scale = (poly: number[][][]): number[][][] => poly.map((ring) => ring.map(([x, y]) => [cx + (x - cx) * k, cy + (y - cy) * k]));
  return geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: scale(geometry.coordinates) } : { type: 'MultiPolygon', coordinates: geometry.coordinates.map(scale) };
}

describe('compareCities on the demo city', () => {
  let baseline: City;
  let now: City;
  let cmp: CityComparison;
  /** industrial parcels wholly inside one park, with that park */
  let removed: Parcel, reshaped: Parcel, retagged: Parcel, source: Parcel, reordered: Parcel;
  let parkOf: Map<string, string>;
  let added: Parcel;

  beforeAll(async () => {
    baseline = (await readCityDir(DIR)).city;
    const facts = new CityFacts(baseline);
    const share = facts.parkShare();
    const park = facts.parcelPark();
    parkOf = new Map();
    // Industrial parcels wholly inside a park, each in a different park.
    const picks: Parcel[] = [];
    const usedParks = new Set<number>();
    baseline.parcels.forEach((p, i) => {
      if (picks.length < 5 && share[i] === 1 && park[i] >= 0 && !usedParks.has(park[i]) && landUseMatches(p.properties.landUse, INDUSTRIAL)) {
        picks.push(p);
        usedParks.add(park[i]);
        parkOf.set(p.id, baseline.parks[park[i]].id);
      }
    });
    expect(picks).toHaveLength(5);
    [removed, reshaped, retagged, source, reordered] = picks;

    now = structuredClone(baseline);
    now.parcels = now.parcels.filter((p) => p.id !== removed.id);
    const at = (id: string): Parcel => now.parcels.find((p) => p.id === id) as Parcel;
    at(reshaped.id).geometry = scaled(reshaped.geometry, 0.5);
    at(retagged.id).properties.landUse = '0901'; // 商业用地: no longer industrial
    const r = at(reordered.id);
    r.properties = Object.fromEntries(Object.entries(r.properties).reverse()) as Parcel['properties'];
    added = { id: 'P-NEW-0001', properties: { ...source.properties, name: '新增地块', landUse: '100101' }, geometry: structuredClone(source.geometry) };
    now.parcels.push(added);
    now.parks[0].properties = { ...now.parks[0].properties, name: `${now.parks[0].properties.name}（更名）` };

    cmp = compareCities(now, baseline, { industrialLandUse: INDUSTRIAL });
  }, 120_000);

  it('finds the parcels added, removed and changed (properties or geometry), not reordered keys', () => {
    const parcels = cmp.layers.parcels;
    expect(parcels.added).toEqual([added.id]);
    expect(parcels.removed).toEqual([removed.id]);
    expect(parcels.changed).toEqual([reshaped.id, retagged.id].sort());
    expect(parcels.countNow).toBe(baseline.parcels.length);
    expect(parcels.countBaseline).toBe(baseline.parcels.length);
    expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(cmp.layers.parks).toMatchObject({ added: [], removed: [], changed: [baseline.parks[0].id], changedDeltaM2: 0 });
    expect(cmp.layers.districts).toMatchObject({ added: [], removed: [], changed: [], areaChangeM2: 0 });
    expect(cmp.layers.zones.changed).toEqual([]);
  });

  it('has exact areas, and the area change is added − removed + changed deltas', () => {
    const parcels = cmp.layers.parcels;
    const sum = (c: City): number => c.parcels.reduce((s, p) => s + geometryArea(p.geometry), 0);
    expect(parcels.areaNowM2).toBeCloseTo(sum(now), 3);
    expect(parcels.areaBaselineM2).toBeCloseTo(sum(baseline), 3);
    expect(parcels.addedM2).toBe(geometryArea(added.geometry));
    expect(parcels.removedM2).toBe(geometryArea(removed.geometry));
    const reshapedNow = geometryArea(scaled(reshaped.geometry, 0.5));
    expect(reshapedNow / geometryArea(reshaped.geometry)).toBeCloseTo(0.25, 3);
    expect(parcels.changedDeltaM2).toBeCloseTo(reshapedNow - geometryArea(reshaped.geometry), 6);
    expect(parcels.areaChangeM2).toBeCloseTo(parcels.addedM2 - parcels.removedM2 + parcels.changedDeltaM2, 3);
    expect(parcels.areaChangeM2).toBe(parcels.areaNowM2 - parcels.areaBaselineM2);
    const parks = cmp.layers.parks;
    expect(parks.areaNowM2).toBeCloseTo(parks.areaBaselineM2, 6);
  });

  it('gives parcel area by land-use code with the code names', () => {
    const area = (p: Parcel): number => geometryArea(p.geometry);
    const expected = new Map<string, number>();
    const bump = (code: string, m2: number): void => void expected.set(code, (expected.get(code) ?? 0) + m2);
    bump(removed.properties.landUse, -area(removed));
    bump(reshaped.properties.landUse, geometryArea(scaled(reshaped.geometry, 0.5)) - area(reshaped));
    bump(retagged.properties.landUse, -area(retagged));
    bump('0901', area(retagged));
    bump('100101', area(added));
    for (const row of cmp.parcelAreaByLandUse) {
      const m2 = expected.get(row.code) ?? 0;
      expect(row.changeM2, row.code).toBeCloseTo(m2, 3);
      expect(row.changeM2).toBe(row.nowM2 - row.baselineM2);
    }
    const codes = cmp.parcelAreaByLandUse.map((r) => r.code);
    expect(codes).toEqual([...codes].sort());
    expect(cmp.parcelAreaByLandUse.find((r) => r.code === '100101')).toMatchObject({ zh: '一类工业用地', en: 'Class 1 industrial land' });
    expect(cmp.parcelAreaByLandUse.find((r) => r.code === '0901')?.zh).toBe('商业用地');
    const total = cmp.parcelAreaByLandUse.reduce((s, r) => s + r.nowM2, 0);
    expect(total).toBeCloseTo(cmp.layers.parcels.areaNowM2, 2);
  });

  it('gives industrial parcel area inside each park, and the city total', () => {
    const area = (p: Parcel): number => geometryArea(p.geometry);
    const row = (id: string | undefined) => cmp.industrialAreaByPark.find((r) => r.parkId === id);
    // Each edited parcel lies wholly in its own park: the park's figure moves by the parcel.
    expect(row(parkOf.get(removed.id))?.changeM2).toBeCloseTo(-area(removed), 1);
    expect(row(parkOf.get(retagged.id))?.changeM2).toBeCloseTo(-area(retagged), 1);
    expect(row(parkOf.get(reshaped.id))?.changeM2).toBeCloseTo(geometryArea(scaled(reshaped.geometry, 0.5)) - area(reshaped), 1);
    expect(row(parkOf.get(source.id))?.changeM2).toBeCloseTo(area(added), 1);
    expect(row(parkOf.get(reordered.id))?.changeM2).toBe(0);
    const touched = new Set([removed, retagged, reshaped, source].map((p) => parkOf.get(p.id)));
    for (const r of cmp.industrialAreaByPark) if (!touched.has(r.parkId)) expect(r.changeM2, r.parkId).toBe(0);
    expect(cmp.industrialAreaByPark).toHaveLength(baseline.parks.length);
    expect(row(baseline.parks[0].id)?.name).toBe(now.parks[0].properties.name);
    expect(cmp.industrialAreaByPark.every((r) => r.inNow && r.inBaseline)).toBe(true);
    // Parks hold at most the city's industrial land.
    expect(cmp.industrialAreaByPark.reduce((s, r) => s + r.nowM2, 0)).toBeLessThanOrEqual(cmp.industrialAreaNowM2 * 1.0001);
    const change = cmp.industrialAreaNowM2 - cmp.industrialAreaBaselineM2;
    expect(change).toBeCloseTo(area(added) - area(removed) - area(retagged) + geometryArea(scaled(reshaped.geometry, 0.5)) - area(reshaped), 2);
    expect(cmp.industrialLandUse).toEqual(INDUSTRIAL);
  });
});

describe('compareCities: the order features come in does not matter', () => {
  it('gives exactly no change for the same city in another order', async () => {
    const city = (await readCityDir(DIR)).city;
    const reversed: City = { districts: [...city.districts].reverse(), zones: [...city.zones].reverse(), parks: [...city.parks].reverse(), parcels: [...city.parcels].reverse() };
    const cmp = compareCities(reversed, city, { industrialLandUse: INDUSTRIAL });
    for (const layer of ['districts', 'zones', 'parks', 'parcels'] as const) {
      expect(cmp.layers[layer]).toMatchObject({ added: [], removed: [], changed: [], areaChangeM2: 0, addedM2: 0, removedM2: 0, changedDeltaM2: 0 });
    }
    expect(cmp.parcelAreaByLandUse.every((r) => r.changeM2 === 0)).toBe(true);
    expect(cmp.industrialAreaByPark.every((r) => r.changeM2 === 0)).toBe(true);
    expect(cmp.industrialAreaNowM2).toBe(cmp.industrialAreaBaselineM2);
  }, 60_000);
});
