import { readFileSync } from 'node:fs';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { geometryArea, polygonArea, ringExcessExact, ringExcess } from '../../src/domain/geometry/area';
import { WGS84 } from '../../src/domain/geometry/ellipsoid';
import { fromSquareMetres, toSquareMetres } from '../../src/domain/units';
import { geometryAreaOracle } from '../oracle/geographiclib';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/area/parcels-10k.geojson', import.meta.url), 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;

describe('ellipsoidal area', () => {
  it('agrees with GeographicLib within 1e-6 on every polygon of the 10 000-parcel fixture', () => {
    let worst = 0;
    let worstId = '';
    const kinds = new Set<string>();
    for (const f of fixture.features) {
      const ours = geometryArea(f.geometry);
      const oracle = geometryAreaOracle(f.geometry);
      const rel = Math.abs(ours - oracle) / oracle;
      if (rel > worst) [worst, worstId] = [rel, String(f.id)];
      kinds.add(String(f.properties?.kind));
    }
    expect(kinds).toEqual(new Set(['park', 'tiny', 'holed', 'multi', 'parcel']));
    expect(worst, `worst ${worstId}`).toBeLessThan(1e-6);
  });

  it('covers 1 m² parcels and 50 km² parks with hundreds of vertices', () => {
    const areas = fixture.features.map((f) => geometryArea(f.geometry));
    expect(Math.min(...areas)).toBeLessThan(2);
    expect(Math.min(...areas)).toBeGreaterThan(0.2);
    expect(Math.max(...areas)).toBeGreaterThan(40e6);
    const verts = fixture.features.filter((f) => f.properties?.kind === 'park').map((f) => (f.geometry as Polygon).coordinates[0].length);
    expect(Math.max(...verts)).toBeGreaterThan(600);
  });

  it('fast and exact paths agree on small rings', () => {
    for (const f of fixture.features.slice(0, 500)) {
      const ring = f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0][0];
      const fast = ringExcess(ring);
      const exact = ringExcessExact(ring);
      expect(Math.abs(fast - exact) / Math.abs(exact)).toBeLessThan(1e-8);
    }
  });

  it('a 1 km square at 30.5°N, hand-computed', () => {
    // 1 km ≈ 0.0104359° of longitude and 0.0090172° of latitude there; GeographicLib gives the truth.
    const sq: Polygon = { type: 'Polygon', coordinates: [[[114, 30.5], [114.01, 30.5], [114.01, 30.51], [114, 30.51], [114, 30.5]]] };
    const area = geometryArea(sq);
    expect(Math.abs(area - geometryAreaOracle(sq)) / area).toBeLessThan(1e-9);
    expect(area).toBeGreaterThan(1_063_000);
    expect(area).toBeLessThan(1_065_000);
  });

  it('subtracts holes, adds MultiPolygon parts, ignores orientation', () => {
    const outer = [[114, 30], [114.01, 30], [114.01, 30.01], [114, 30.01], [114, 30]];
    const hole = [[114.002, 30.002], [114.002, 30.004], [114.004, 30.004], [114.004, 30.002], [114.002, 30.002]];
    const whole = polygonArea([outer]);
    const holeArea = polygonArea([hole]);
    expect(polygonArea([outer, hole])).toBeCloseTo(whole - holeArea, 6);
    expect(polygonArea([[...outer].reverse()])).toBeCloseTo(whole, 6);
    const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[outer], [hole]] };
    expect(geometryArea(multi)).toBeCloseTo(whole + holeArea, 6);
  });

  it('open rings get their closing edge', () => {
    const closed = [[114, 30], [114.01, 30], [114.01, 30.01], [114, 30]];
    expect(polygonArea([closed.slice(0, 3)])).toBeCloseTo(polygonArea([closed]), 6);
  });

  it('large rings (a district) take the exact path and stay within 1e-6', () => {
    const district: Polygon = { type: 'Polygon', coordinates: [[]] };
    for (let i = 0; i <= 64; i++) {
      const a = (2 * Math.PI * (i % 64)) / 64;
      district.coordinates[0].push([114.3 + 0.25 * Math.cos(a), 30.6 + 0.2 * Math.sin(a)]);
    }
    const area = geometryArea(district);
    expect(Math.abs(area - geometryAreaOracle(district)) / area).toBeLessThan(1e-6);
  });

  it('WGS84 differs from CGCS2000 by well under 1e-8', () => {
    const g = fixture.features[0].geometry;
    const rel = Math.abs(geometryArea(g, WGS84) - geometryArea(g)) / geometryArea(g);
    expect(rel).toBeGreaterThan(0);
    expect(rel).toBeLessThan(1e-8);
  });
});

describe('units', () => {
  it('1 亩 is exactly 10000/15 m²', () => {
    expect(fromSquareMetres(10_000, 'mu')).toBe(15);
    expect(toSquareMetres(15, 'mu')).toBe(10_000);
    expect(fromSquareMetres(2_000_000, 'km2')).toBe(2);
    expect(fromSquareMetres(25_000, 'ha')).toBe(2.5);
  });
});
