// Sanity checks of the committed demo city (data/demo/wuhan, made by scripts/demoCity.ts):
// counts, ids, attribute ranges, geometry conventions, and that the FlatGeobuf copies hold
// the same features as the GeoJSON files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { geojson as fgbGeojson } from 'flatgeobuf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import {
  DISTRICT_KINDS,
  LAYER_NAMES,
  PARCEL_STATUSES,
  PARK_TIERS,
  SUPPLY_MODES,
  type DistrictProps,
  type LayerName,
  type ParcelProps,
  type ParkProps,
  type ZoneProps,
} from '../../src/domain/schema/kinds';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/demo/wuhan');

interface DemoFeature<P> {
  type: 'Feature';
  id: string;
  properties: P & { id: string };
  geometry: Polygon | MultiPolygon;
}

function readLayer<P>(name: LayerName): DemoFeature<P>[] {
  const fc = JSON.parse(readFileSync(path.join(DIR, `${name}.geojson`), 'utf8')) as { type: string; features: DemoFeature<P>[] };
  expect(fc.type).toBe('FeatureCollection');
  return fc.features;
}

const districts = readLayer<DistrictProps>('districts');
const zones = readLayer<ZoneProps>('zones');
const parks = readLayer<ParkProps>('parks');
const parcels = readLayer<ParcelProps>('parcels');
const layers: Record<LayerName, DemoFeature<object>[]> = { districts, zones, parks, parcels };

type BBox = [number, number, number, number];
function polygonsOf(g: Polygon | MultiPolygon): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}
function bboxOf(g: Polygon | MultiPolygon): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of polygonsOf(g))
    for (const [x, y] of p[0]) {
      b[0] = Math.min(b[0], x);
      b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x);
      b[3] = Math.max(b[3], y);
    }
  return b;
}
function signedArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
}
const EXISTING_STATUSES = new Set(['supplied', 'under-construction', 'producing', 'idle', 'low-efficiency']);
const LAND_USES = new Set(['100101', '100102', '100103', '100104', '110101', '110102', '110103']);

describe('demo city: counts and ids', () => {
  it('has the expected number of features per layer', () => {
    expect(districts).toHaveLength(16);
    expect(districts.filter((d) => d.properties.kind === 'central')).toHaveLength(7);
    expect(districts.filter((d) => d.properties.kind === 'new-city')).toHaveLength(6);
    expect(districts.filter((d) => d.properties.kind === 'national-zone')).toHaveLength(3);
    expect(zones.length).toBeGreaterThanOrEqual(40);
    expect(zones.length).toBeLessThanOrEqual(60);
    expect(parks).toHaveLength(100);
    const tiers = Object.fromEntries(PARK_TIERS.map((t) => [t, parks.filter((p) => p.properties.tier === t).length]));
    expect(tiers).toEqual({ modern: 18, specialty: 30, urban: 52 });
    expect(parcels.length).toBeGreaterThan(19_000);
    expect(parcels.length).toBeLessThan(22_000);
  });

  it('has unique ids that match properties.id', () => {
    for (const name of LAYER_NAMES) {
      const features = layers[name];
      expect(new Set(features.map((f) => f.id)).size, name).toBe(features.length);
      expect(features.filter((f) => typeof f.id !== 'string' || f.properties.id !== f.id).map((f) => f.id)).toEqual([]);
    }
  });

  it('refers only to existing districts', () => {
    const ids = new Set(districts.map((d) => d.id));
    for (const z of zones) expect(ids.has(z.properties.district ?? '')).toBe(true);
    for (const p of parks) expect(ids.has(p.properties.district ?? '')).toBe(true);
  });
});

describe('demo city: geometry conventions', () => {
  it('uses closed, oriented, 7-decimal rings', () => {
    // Collected rather than asserted one by one: there are ~150 000 coordinates.
    const problems: string[] = [];
    for (const name of LAYER_NAMES)
      for (const f of layers[name]) {
        const type: string = f.geometry.type;
        if (type !== 'Polygon' && type !== 'MultiPolygon') problems.push(`${f.id}: ${type}`);
        for (const poly of polygonsOf(f.geometry))
          poly.forEach((ring, k) => {
            const [first, last] = [ring[0], ring[ring.length - 1]];
            if (ring.length < 4 || first[0] !== last[0] || first[1] !== last[1]) problems.push(`${f.id}: ring ${k} not closed`);
            // exterior counter-clockwise, holes clockwise
            if (signedArea(ring) > 0 !== (k === 0)) problems.push(`${f.id}: ring ${k} wrongly oriented`);
            if (ring.some(([x, y]) => Math.round(x * 1e7) / 1e7 !== x || Math.round(y * 1e7) / 1e7 !== y)) problems.push(`${f.id}: ring ${k} not rounded`);
          });
      }
    expect(problems).toEqual([]);
  });

  it('keeps everything in Wuhan', () => {
    const city = districts
      .map((d) => bboxOf(d.geometry))
      .reduce<BBox>((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])], [Infinity, Infinity, -Infinity, -Infinity]);
    expect(city[0]).toBeGreaterThan(113.6);
    expect(city[2]).toBeLessThan(115.2);
    expect(city[1]).toBeGreaterThan(29.9);
    expect(city[3]).toBeLessThan(31.4);
  });

  it('puts every parcel inside some district bbox', () => {
    const boxes = districts.map((d) => bboxOf(d.geometry));
    const outside = parcels.filter((pc) => {
      const b = bboxOf(pc.geometry);
      return !boxes.some((d) => d[0] <= b[0] && d[1] <= b[1] && b[2] <= d[2] && b[3] <= d[3]);
    });
    expect(outside.map((pc) => pc.id)).toEqual([]);
  });

  it('has parcels with holes and with two parts, and a park with a hole', () => {
    expect(parcels.filter((p) => p.geometry.type === 'MultiPolygon').length).toBeGreaterThan(20);
    expect(parcels.filter((p) => polygonsOf(p.geometry).some((poly) => poly.length > 1)).length).toBeGreaterThan(50);
    expect(parks.some((p) => polygonsOf(p.geometry).some((poly) => poly.length > 1))).toBe(true);
  });
});

describe('demo city: attributes', () => {
  it('describes districts', () => {
    for (const d of districts) {
      expect(DISTRICT_KINDS).toContain(d.properties.kind);
      expect(d.properties.code).toMatch(/^42\d{4}$/);
      expect(d.properties.leadingIndustries?.length).toBeGreaterThanOrEqual(2);
      expect(d.properties.leadingIndustries?.length).toBeLessThanOrEqual(4);
    }
    expect(districts.map((d) => d.properties.name)).toContain('蔡甸区');
  });

  it('describes parks', () => {
    for (const p of parks) {
      const q = p.properties;
      expect(q.name).toMatch(/^\p{Script=Han}+$/u);
      expect(q.characteristicIndustries?.length).toBeGreaterThanOrEqual(1);
      expect(q.characteristicIndustries?.length).toBeLessThanOrEqual(4);
      expect(q.output).toBeGreaterThan(0);
      expect(q.revenue).toBeGreaterThan(0);
      expect(q.leadingRevenue).toBeLessThanOrEqual(q.revenue ?? 0);
      expect(q.characteristicOutput).toBeLessThanOrEqual(q.output ?? 0);
    }
    expect(parks.filter((p) => (p.properties.output ?? 0) >= 1000)).toHaveLength(4);
    expect(parks.filter((p) => p.properties.designated).length).toBeGreaterThanOrEqual(12);
    const digital = parks.filter((p) => p.properties.digitalEconomy).map((p) => p.properties.district).sort();
    expect(digital).toEqual(['d-hongshan', 'd-jianghan', 'nz-donghu', 'nz-linkong', 'nz-wedz']);
    const upgradeDistricts = new Set(parks.filter((p) => p.properties.upgradeTarget).map((p) => p.properties.district));
    expect([...upgradeDistricts].sort()).toEqual(['d-caidian', 'd-huangpi', 'd-jiangxia', 'd-xinzhou', 'nz-donghu', 'nz-linkong', 'nz-wedz']);
  });

  it('describes parcels within range', () => {
    const within = (x: number | undefined, lo: number, hi: number): boolean => x !== undefined && x >= lo && x <= hi;
    const problems: string[] = [];
    const check = (ok: boolean, id: string, what: string): void => {
      if (!ok) problems.push(`${id}: ${what}`);
    };
    for (const pc of parcels) {
      const p = pc.properties;
      const id = pc.id;
      const supplied = EXISTING_STATUSES.has(p.status ?? '');
      check(/^P-42\d{4}-\d{5}$/.test(id), id, 'id');
      check(LAND_USES.has(p.landUse), id, `landUse ${p.landUse}`);
      check(PARCEL_STATUSES.some((s) => s === p.status), id, `status ${p.status}`);
      check(Number.isInteger(p.grade) && within(p.grade, 1, 15), id, `grade ${p.grade}`);
      check(within(p.far, 0.8, 3.5), id, `far ${p.far}`);
      check((p.supplyYear !== undefined) === supplied, id, 'supplyYear iff supplied');
      if (p.supplyYear !== undefined) {
        check(within(p.supplyYear, 2005, 2026), id, `supplyYear ${p.supplyYear}`);
        check(SUPPLY_MODES.some((m) => m === p.supplyMode), id, `supplyMode ${p.supplyMode}`);
        check((p.floorArea ?? 0) > 0, id, 'floorArea');
      }
      if (p.salePrice !== undefined) check(supplied && p.salePrice > 0, id, 'salePrice');
      if (p.taxPerMu !== undefined) check(within(p.taxPerMu, 5, 60), id, `taxPerMu ${p.taxPerMu}`);
      if (p.output !== undefined) check(p.output >= 0, id, 'output');
      if (p.netLand) check(!supplied, id, 'net land already supplied');
    }
    expect(problems).toEqual([]);
  });

  it('has a realistic mix of land uses and statuses', () => {
    const share = (pred: (p: ParcelProps) => boolean): number => parcels.filter((f) => pred(f.properties)).length / parcels.length;
    expect(share((p) => ['100101', '100102', '100103'].includes(p.landUse))).toBeGreaterThan(0.75);
    expect(share((p) => p.landUse.startsWith('1101'))).toBeGreaterThan(0.08);
    expect(share((p) => p.status === 'producing')).toBeGreaterThan(0.5);
    for (const s of PARCEL_STATUSES) expect(share((p) => p.status === s), s).toBeGreaterThan(0.01);
    expect(share((p) => p.priorityIndustry === true)).toBeGreaterThan(0.2);
    expect(share((p) => p.standardFactory === true)).toBeGreaterThan(0.02);
  });
});

describe('demo city: FlatGeobuf copies', () => {
  for (const name of LAYER_NAMES) {
    it(`${name}.fgb has the same features as ${name}.geojson`, async () => {
      const bytes = new Uint8Array(readFileSync(path.join(DIR, 'fgb', `${name}.fgb`)));
      const ids: string[] = [];
      for await (const f of fgbGeojson.deserialize(bytes)) ids.push(String(f.properties?.id));
      expect(ids).toEqual(layers[name].map((f) => f.id));
    });
  }
});
