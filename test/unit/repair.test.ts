// Repairing invalid geometries on import: real parcels of the GDAL fixture broken the ways
// planners' files are (unclosed, repeated points, clockwise, a bow tie, a hole outside its
// shell), repaired with the change recorded; what cannot be repaired without guessing is
// refused with the reason; and the import pipeline with and without `repair`.
import { readFileSync } from 'node:fs';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { authalicLatitude, geometryArea } from '../../src/domain/geometry/area';
import { planarSignedArea2 } from '../../src/domain/geometry/orientation';
import { repairGeometry, type RepairResult } from '../../src/domain/geometry/repair';
import { geometryProblems } from '../../src/domain/geometry/validity';
import { readSource } from '../../src/io/formats/readSource';
import { prepareImport, type ImportFeature } from '../../src/io/import/prepareImport';

const FIXTURE = new URL('../fixtures/gdal/parcels-wgs84.geojson', import.meta.url);
const text = readFileSync(FIXTURE, 'utf8');
const source = JSON.parse(text) as FeatureCollection<Polygon>;
const clone = <T>(v: T): T => structuredClone(v);
/** The n-th parcel (0-based): an axis-aligned quadrilateral SW, SE, NE, NW, SW (counter-clockwise). */
const parcel = (n: number): Polygon => clone(source.features[n].geometry);
const codes = (problems: ReturnType<typeof geometryProblems>) => problems.map((p) => p.code);

/** The repaired geometry, asserting that there is one and that it is valid. */
function repaired(input: Polygon | MultiPolygon): { geometry: Polygon | MultiPolygon; actions: RepairResult['actions'] } {
  const snapshot = clone(input);
  const result = repairGeometry(input);
  expect(input, 'input untouched').toEqual(snapshot);
  if (!result.geometry) throw new Error(`not repaired: ${result.reason}`);
  expect(geometryProblems(result.geometry)).toEqual([]);
  return { geometry: result.geometry, actions: result.actions };
}

function refused(input: Polygon | MultiPolygon): string {
  const result = repairGeometry(input);
  if (result.geometry) throw new Error('repaired, expected refused');
  return result.reason;
}

describe('repairGeometry: what it repairs', () => {
  it('closes an unclosed ring by appending its first point', () => {
    const original = parcel(0);
    const broken = parcel(0);
    broken.coordinates[0].pop();
    expect(codes(geometryProblems(broken))).toEqual(['unclosed-ring']);
    const { geometry, actions } = repaired(broken);
    expect(geometry).toEqual(original);
    expect(actions).toEqual([{ code: 'closed-ring', polygon: 0, ring: 0, at: original.coordinates[0][0] }]);
    expect(geometryArea(geometry)).toBe(geometryArea(original));
  });

  it('closes an unclosed triangle rather than dropping it for having 3 positions', () => {
    const [sw, se, ne] = parcel(1).coordinates[0];
    const broken: Polygon = { type: 'Polygon', coordinates: [[sw, se, ne]] };
    expect(codes(geometryProblems(broken))).toEqual(['unclosed-ring', 'too-few-points']);
    const { geometry, actions } = repaired(broken);
    expect(geometry).toEqual({ type: 'Polygon', coordinates: [[sw, se, ne, sw]] });
    expect(actions.map((a) => a.code)).toEqual(['closed-ring']);
  });

  it('removes consecutive repeated points', () => {
    const original = parcel(2);
    const broken = parcel(2);
    const ring = broken.coordinates[0];
    ring.splice(2, 0, [...ring[2]], [...ring[2]]);
    ring.push([...ring[0]]);
    expect(ring).toHaveLength(8);
    const { geometry, actions } = repaired(broken);
    expect(geometry).toEqual(original);
    expect(actions).toEqual([{ code: 'removed-repeated-points', polygon: 0, ring: 0, at: original.coordinates[0][2] }]);
  });

  it('turns a clockwise exterior counter-clockwise and a counter-clockwise hole clockwise (RFC 7946)', () => {
    const original = parcel(3);
    const broken = parcel(3);
    broken.coordinates[0].reverse();
    expect(planarSignedArea2(broken.coordinates[0])).toBeLessThan(0);
    const { geometry, actions } = repaired(broken);
    expect(actions).toEqual([{ code: 'reoriented', polygon: 0, ring: 0 }]);
    const ring = (geometry as Polygon).coordinates[0];
    expect(planarSignedArea2(ring)).toBeGreaterThan(0);
    expect(new Set(ring.map(String))).toEqual(new Set(original.coordinates[0].map(String)));
    expect(geometryArea(geometry)).toBeCloseTo(geometryArea(original), 6);

    // a hole drawn counter-clockwise, as the exterior is
    const [[sw, , ne]] = original.coordinates;
    const x0 = sw[0] + (ne[0] - sw[0]) / 4, x1 = sw[0] + (3 * (ne[0] - sw[0])) / 4;
    const y0 = sw[1] + (ne[1] - sw[1]) / 4, y1 = sw[1] + (3 * (ne[1] - sw[1])) / 4;
    const withHole: Polygon = { type: 'Polygon', coordinates: [original.coordinates[0], [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
    const fixed = repaired(withHole);
    expect(fixed.actions).toEqual([{ code: 'reoriented', polygon: 0, ring: 1 }]);
    expect(planarSignedArea2((fixed.geometry as Polygon).coordinates[1])).toBeLessThan(0);
    expect(geometryArea(fixed.geometry)).toBeCloseTo(geometryArea(withHole), 6);
  });

  it('drops rings with fewer than 3 distinct points or no area; a dropped exterior takes its polygon', () => {
    const keep = parcel(4);
    const [sw, se, ne] = keep.coordinates[0];
    const mid: Position = [(sw[0] + ne[0]) / 2, (sw[1] + ne[1]) / 2];
    // a hole of 2 distinct points
    const twoPoints: Polygon = { type: 'Polygon', coordinates: [keep.coordinates[0], [mid, mid, [mid[0] + 1e-5, mid[1]], mid]] };
    expect(codes(geometryProblems(twoPoints))).toEqual(['repeated-point']);
    const a = repaired(twoPoints);
    expect(a.geometry).toEqual(keep);
    expect(a.actions).toEqual([{ code: 'dropped-degenerate-ring', polygon: 0, ring: 1, at: mid }]);

    // a flat part (all three points on the parcel's south edge) of a MultiPolygon
    const flat: Position[] = [sw, [(sw[0] + se[0]) / 2, sw[1]], se, sw];
    const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[flat], keep.coordinates] };
    expect(codes(geometryProblems(multi))).toEqual(['zero-area']);
    const b = repaired(multi);
    expect(b.geometry).toEqual({ type: 'MultiPolygon', coordinates: [keep.coordinates] });
    expect(b.actions).toEqual([{ code: 'dropped-degenerate-ring', polygon: 0, ring: 0, at: sw }]);

    // nothing with an area left
    expect(refused({ type: 'Polygon', coordinates: [flat] })).toBe('nothing-left');
    expect(refused({ type: 'Polygon', coordinates: [[sw, sw, sw, se, sw]] })).toBe('nothing-left');
  });

  it('splits a bow tie at the exact great-circle crossing into two triangles holding the lobes’ area', () => {
    const original = parcel(5);
    const [a, b, c, d] = original.coordinates[0];
    // swapping the 2nd and 3rd vertices: the diagonals a→c and b→d cross
    const bowTie: Polygon = { type: 'Polygon', coordinates: [[a, c, b, d, a]] };
    expect(codes(geometryProblems(bowTie))).toEqual(['self-intersection']);
    const { geometry, actions } = repaired(bowTie);
    expect(geometry.type).toBe('MultiPolygon');
    const parts = (geometry as MultiPolygon).coordinates;
    expect(parts).toHaveLength(2);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ code: 'split-bow-tie', polygon: 0, ring: 0 });
    const x = actions[0].at as [number, number];

    // the crossing, computed here independently: the meeting of the diagonals' great circles
    // on the authalic sphere of the area model
    const independent = greatCircleMeeting(a, c, b, d);
    expect(Math.abs(x[0] - independent[0])).toBeLessThan(1e-12);
    expect(Math.abs(x[1] - independent[1])).toBeLessThan(1e-12);
    // (the planar crossing is measurably elsewhere: ~2 mm south)
    const planar = [(a[0] + c[0]) / 2, (a[1] + c[1]) / 2];
    expect(Math.abs(planar[1] - independent[1])).toBeGreaterThan(1e-9);

    // each triangle has the crossing point exactly (the same doubles), besides its own two corners
    for (const part of parts) {
      expect(part).toHaveLength(1);
      expect(part[0]).toHaveLength(4);
      expect(part[0].some((p) => p[0] === x[0] && p[1] === x[1])).toBe(true);
      expect(planarSignedArea2(part[0])).toBeGreaterThan(0);
    }
    const cb = parts.find((part) => part[0].some((p) => String(p) === String(b)))!;
    const da = parts.find((part) => part !== cb)!;
    expect(new Set(cb[0].map(String))).toEqual(new Set([String(x), String(b), String(c)]));
    expect(new Set(da[0].map(String))).toEqual(new Set([String(x), String(d), String(a)]));

    // the lobes computed independently: triangles c-b-X and d-a-X with the independent crossing
    const tri = (p: Position, q: Position, r: Position) => geometryArea({ type: 'Polygon', coordinates: [[p, q, r, p]] });
    const lobeCB = tri(c, b, independent);
    const lobeDA = tri(d, a, independent);
    // (the two crossings agree to ~1e-14°, a few µm: hence 1e-10 rather than rounding)
    const after = geometryArea(geometry);
    expect(Math.abs(after - (lobeCB + lobeDA)) / after).toBeLessThan(1e-10);
    const areaCB = geometryArea({ type: 'Polygon', coordinates: cb });
    const areaDA = geometryArea({ type: 'Polygon', coordinates: da });
    expect(Math.abs(areaCB - lobeCB) / lobeCB).toBeLessThan(1e-10);
    expect(Math.abs(areaDA - lobeDA) / lobeDA).toBeLessThan(1e-10);
    // consistent with the area model's edges: a lobe and the triangle beside it make up the
    // triangle the diagonal cuts off — true only with X on both diagonals' great circles (a
    // planar crossing is off by ~1e-5 of the area here)
    const close = (sum: number, whole: number) => expect(Math.abs(sum - whole) / whole).toBeLessThan(1e-9);
    close(areaCB + tri(a, b, x), tri(a, b, c));
    close(areaDA + tri(c, d, x), tri(c, d, a));
    close(areaCB + tri(c, d, x), tri(b, c, d));
    close(areaDA + tri(a, b, x), tri(d, a, b));
  });

  it('splits a figure 8 that passes twice through one vertex there', () => {
    const [sw, se, ne, nw] = parcel(6).coordinates[0];
    const w = ne[0] - sw[0];
    // a rectangle north-east of the parcel, sharing only its NE corner
    const far: Position[] = [[ne[0] + w, ne[1]], [ne[0] + w, ne[1] + w / 2], [ne[0], ne[1] + w / 2]];
    const eight: Polygon = { type: 'Polygon', coordinates: [[sw, se, ne, ...far, ne, nw, sw]] };
    expect(codes(geometryProblems(eight))).toContain('self-intersection');
    const { geometry, actions } = repaired(eight);
    expect(actions).toEqual([{ code: 'split-bow-tie', polygon: 0, ring: 0, at: ne }]);
    expect((geometry as MultiPolygon).coordinates).toHaveLength(2);
    expect(geometryArea(geometry)).toBeCloseTo(geometryArea(parcel(6)) + geometryArea({ type: 'Polygon', coordinates: [[ne, ...far, ne]] }), 6);
  });

  it('makes a hole lying outside its shell a polygon of its own', () => {
    const shell = parcel(7).coordinates[0];
    const [sw, , ne] = shell;
    // in the gap east of the parcel (the next column starts ~50 m further east)
    const x0 = ne[0] + 1e-4, x1 = ne[0] + 3e-4;
    const y0 = sw[1] + 5e-4, y1 = sw[1] + 7e-4;
    const hole: Position[] = [[x0, y0], [x0, y1], [x1, y1], [x1, y0], [x0, y0]];
    const broken: Polygon = { type: 'Polygon', coordinates: [shell, hole] };
    expect(codes(geometryProblems(broken))).toEqual(['hole-outside-shell']);
    const { geometry, actions } = repaired(broken);
    expect(actions).toEqual([{ code: 'hole-to-polygon', polygon: 0, ring: 1, at: [x0, y0] }]);
    const parts = (geometry as MultiPolygon).coordinates;
    expect(parts).toHaveLength(2);
    expect(parts[0]).toEqual([shell]);
    expect(planarSignedArea2(parts[1][0])).toBeGreaterThan(0);
    const holeArea = geometryArea({ type: 'Polygon', coordinates: [hole] });
    expect(geometryArea(geometry)).toBeCloseTo(geometryArea({ type: 'Polygon', coordinates: [shell] }) + holeArea, 6);
  });
});

describe('repairGeometry: what it refuses, and why', () => {
  const [sw, se, ne, nw] = parcel(8).coordinates[0];
  const w = se[0] - sw[0];
  const h = nw[1] - sw[1];
  /** a point of the parcel's box: fx, fy from 0 (SW) to 1 (NE) */
  const at = (fx: number, fy: number): Position => [sw[0] + fx * w, sw[1] + fy * h];

  it('a ring crossing itself twice', () => {
    const twice: Polygon = { type: 'Polygon', coordinates: [[at(0, 0), at(0.5, 1), at(1, 0), at(1, 1), at(0.5, 0), at(0, 1), at(0, 0)]] };
    expect(codes(geometryProblems(twice))).toEqual(['self-intersection', 'self-intersection']);
    expect(refused(twice)).toBe('multiple-self-intersections');
  });

  it('a ring whose one crossing leaves a loop inside the other loop', () => {
    const u = (fx: number, fy: number) => at(fx / 10, (fy + 1) / 12);
    const spiral: Polygon = { type: 'Polygon', coordinates: [[u(6, -1), u(10, -1), u(10, 10), u(0, 10), u(0, -1), u(4, -1), u(6, 1), u(6, 5), u(4, 5), u(4, 1), u(6, -1)]] };
    expect(codes(geometryProblems(spiral))).toEqual(['self-intersection']);
    expect(refused(spiral)).toBe('nested-loops');
  });

  it('a spike', () => {
    expect(refused({ type: 'Polygon', coordinates: [[sw, se, ne, at(1, 1.5), ne, nw, sw]] })).toBe('self-overlap');
  });

  it('a hole crossing the exterior, a hole inside a hole', () => {
    const crossing: Polygon = { type: 'Polygon', coordinates: [[sw, se, ne, nw, sw], [at(0.5, 0.5), at(0.5, 1.2), at(0.7, 1.2), at(0.7, 0.5), at(0.5, 0.5)]] };
    expect(codes(geometryProblems(crossing))).toContain('ring-intersection');
    expect(refused(crossing)).toBe('rings-intersect');
    const nested: Polygon = {
      type: 'Polygon',
      coordinates: [[sw, se, ne, nw, sw], [at(0.2, 0.2), at(0.2, 0.8), at(0.8, 0.8), at(0.8, 0.2), at(0.2, 0.2)], [at(0.4, 0.4), at(0.4, 0.6), at(0.6, 0.6), at(0.6, 0.4), at(0.4, 0.4)]],
    };
    expect(codes(geometryProblems(nested))).toEqual(['hole-outside-shell']);
    expect(refused(nested)).toBe('hole-inside-hole');
  });

  it('a hole enclosing its exterior', () => {
    const around: Polygon = { type: 'Polygon', coordinates: [[sw, se, ne, nw, sw], [at(-0.2, -0.2), at(-0.2, 1.2), at(1.2, 1.2), at(1.2, -0.2), at(-0.2, -0.2)]] };
    expect(codes(geometryProblems(around))).toEqual(['hole-outside-shell']);
    expect(refused(around)).toBe('hole-encloses-shell');
  });

  it('overlapping parts, and coordinates that are not lon/lat', () => {
    const shifted = parcel(8).coordinates[0].map(([x, y]) => [x + w / 2, y]);
    expect(refused({ type: 'MultiPolygon', coordinates: [parcel(8).coordinates, [shifted]] })).toBe('polygons-overlap');
    expect(refused({ type: 'Polygon', coordinates: [[[500000, 3400000], [500100, 3400000], [500100, 3400100], [500000, 3400000]]] })).toBe('out-of-range');
  });
});

describe('import with repair', () => {
  const BROKEN = ['420113-0001', '420113-0050', '420113-0120'];

  /** The fixture with three parcels broken three ways: unclosed, a bow tie, a hole outside. */
  function brokenFile(extra?: (fc: FeatureCollection<Polygon>) => void): Uint8Array {
    const fc = JSON.parse(text) as FeatureCollection<Polygon>;
    const byId = (id: string) => fc.features.find((f) => f.properties?.DKBH === id)!.geometry;
    byId(BROKEN[0]).coordinates[0].pop();
    const bow = byId(BROKEN[1]).coordinates[0];
    [bow[1], bow[2]] = [bow[2], bow[1]];
    const shell = byId(BROKEN[2]).coordinates[0];
    const [x, y] = shell[2];
    byId(BROKEN[2]).coordinates.push([[x + 1e-4, y - 3e-4], [x + 1e-4, y - 1e-4], [x + 3e-4, y - 1e-4], [x + 3e-4, y - 3e-4], [x + 1e-4, y - 3e-4]]);
    extra?.(fc);
    return new TextEncoder().encode(JSON.stringify(fc));
  }

  async function run(bytes: Uint8Array, repair: boolean) {
    const [layer] = await readSource('parcels-broken.geojson', bytes);
    const features: ImportFeature[] = [];
    const prepared = await prepareImport(layer, { layer: 'parcels', repair }, undefined, { onChunk: (chunk) => void features.push(...chunk) });
    return { prepared, features };
  }

  it('imports all 210 parcels, the 3 broken ones repaired with before and after', async () => {
    const bytes = brokenFile();
    const broken = JSON.parse(new TextDecoder().decode(bytes)) as FeatureCollection<Polygon>;
    const { prepared, features } = await run(bytes, true);
    expect(prepared.errors).toEqual([]);
    expect(prepared.errorCount).toBe(0);
    expect(features).toHaveLength(210);
    expect(prepared.repairCount).toBe(3);
    expect(prepared.repairs.map((r) => r.feature)).toEqual(BROKEN);
    const original = (id: string) => source.features.find((f) => f.properties?.DKBH === id)!.geometry;
    const [unclosed, bowTie, hole] = prepared.repairs;
    for (const r of prepared.repairs) {
      expect(r.before).toEqual(broken.features.find((f) => f.properties?.DKBH === r.feature)!.geometry);
      expect(geometryProblems(r.before).length).toBeGreaterThan(0);
      expect(geometryProblems(r.after)).toEqual([]);
      expect(features.find((f) => f.id === r.feature)!.geometry).toEqual(r.after);
      expect(r.areaAfterM2).toBeCloseTo(geometryArea(r.after), 9);
      expect(r.at).toBeDefined();
    }
    expect(unclosed.actions.map((a) => a.code)).toEqual(['closed-ring']);
    expect(unclosed.after).toEqual(original(BROKEN[0]));
    expect(unclosed.areaBeforeM2).toBeCloseTo(geometryArea(original(BROKEN[0])), 6);
    expect(unclosed.areaAfterM2).toBeCloseTo(geometryArea(original(BROKEN[0])), 6);
    expect(bowTie.actions.map((a) => a.code)).toEqual(['split-bow-tie']);
    expect(bowTie.after.type).toBe('MultiPolygon');
    expect(bowTie.areaBeforeM2).toBeNull();
    expect(bowTie.at).toEqual(bowTie.actions[0].at);
    expect(bowTie.areaAfterM2).toBeLessThan(geometryArea(original(BROKEN[1])));
    expect(hole.actions.map((a) => a.code)).toEqual(['hole-to-polygon']);
    expect(hole.areaBeforeM2).toBeNull();
    expect(hole.areaAfterM2).toBeGreaterThan(geometryArea(original(BROKEN[2])));
    // the import's total is that of what was imported
    const total = features.reduce((s, f) => s + geometryArea(f.geometry), 0);
    expect(prepared.areaM2).toBeCloseTo(total, 3);
  });

  it('refuses the same file without repair: 3 errors, nothing sent', async () => {
    const { prepared, features } = await run(brokenFile(), false);
    expect(prepared.errorCount).toBe(3);
    expect(prepared.errors.map((e) => e.feature)).toEqual(BROKEN);
    expect(prepared.errors.every((e) => e.field === 'geometry' && e.repairReason === undefined)).toBe(true);
    expect(prepared.repairs).toEqual([]);
    expect(prepared.repairCount).toBe(0);
    expect(features).toHaveLength(0);
  });

  it('still refuses what cannot be repaired, saying why', async () => {
    const twice = '420113-0200';
    const bytes = brokenFile((fc) => {
      const g = fc.features.find((f) => f.properties?.DKBH === twice)!.geometry;
      const [[sw, , ne]] = g.coordinates;
      const p = (fx: number, fy: number): Position => [sw[0] + fx * (ne[0] - sw[0]), sw[1] + fy * (ne[1] - sw[1])];
      g.coordinates = [[p(0, 0), p(0.5, 1), p(1, 0), p(1, 1), p(0.5, 0), p(0, 1), p(0, 0)]];
    });
    const { prepared, features } = await run(bytes, true);
    expect(prepared.repairCount).toBe(3);
    expect(prepared.errorCount).toBe(2); // one per crossing, as without repair
    for (const e of prepared.errors) {
      expect(e).toMatchObject({ feature: twice, field: 'geometry', repairReason: 'multiple-self-intersections' });
      expect(e.en).toContain('not repaired: a ring crosses itself more than once');
      expect(e.zh).toContain('无法自动修复');
    }
    expect(features).toHaveLength(0);
  });
});

/**
 * Where the great circles through a, b and through c, d meet (the meeting near a), on the
 * CGCS2000 authalic sphere: normals by cross products, latitude back by bisection. The normal
 * is u × (v − u), not u × v: for points 300 m apart u × v loses 12 digits to cancellation.
 */
function greatCircleMeeting(a: Position, b: Position, c: Position, d: Position): [number, number] {
  const DEG = Math.PI / 180;
  const unit = (p: Position): [number, number, number] => {
    const [s, k] = authalicLatitude(p[1]);
    return [k * Math.cos(p[0] * DEG), k * Math.sin(p[0] * DEG), s];
  };
  const cross = (u: number[], v: number[]): [number, number, number] => [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
  const normal = (p: Position, q: Position) => {
    const u = unit(p), v = unit(q);
    return cross(u, [v[0] - u[0], v[1] - u[1], v[2] - u[2]]);
  };
  const ua = unit(a);
  const n1 = normal(a, b);
  const n2 = normal(c, d);
  let x = cross(n1, n2);
  if (x[0] * ua[0] + x[1] * ua[1] + x[2] * ua[2] < 0) x = [-x[0], -x[1], -x[2]];
  const len = Math.hypot(...x);
  const lon = Math.atan2(x[1], x[0]) / DEG;
  const sinBeta = x[2] / len;
  let lo = a[1] - 1;
  let hi = a[1] + 1;
  for (let k = 0; k < 200 && lo < hi; k++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (authalicLatitude(mid)[0] < sinBeta) lo = mid;
    else hi = mid;
  }
  return [lon, (lo + hi) / 2];
}
