import { readFileSync } from 'node:fs';
import type { FeatureCollection, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { authalicLatitude, geometryArea, polygonArea, ringArea } from '../../src/domain/geometry/area';
import { cutHole, geodeticLatitude, mergePolygons, offGreatCircle, splitPolygon, type EditResult } from '../../src/domain/geometry/edit';
import { planarSignedArea2 } from '../../src/domain/geometry/orientation';
import { geometryProblems } from '../../src/domain/geometry/validity';

// Real parcels of the demo city (see the fixture's "source"); neighbours there keep a 4 m
// gap, so parcels that share edges are made here by splitting real ones.
const fixture = JSON.parse(readFileSync(new URL('../fixtures/edit/parcels.geojson', import.meta.url), 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
const parcel = (id: string): Polygon => {
  const geometry = fixture.features.find((f) => f.id === id)?.geometry;
  if (geometry?.type !== 'Polygon') throw new Error(`no polygon ${id}`);
  return geometry;
};
const plain = parcel('P-420102-00001'); // 4 vertices, ≈ 250 m × 230 m
const westNeighbour = parcel('P-420102-00026');
const courtyard = parcel('P-420102-00358'); // with a hole
const twoPart = fixture.features.find((f) => f.id === 'P-420102-00350')!.geometry as MultiPolygon;

const DEG = Math.PI / 180;
const line = (...coordinates: Position[]): LineString => ({ type: 'LineString', coordinates });
const poly = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });
const rect = (x0: number, y0: number, x1: number, y1: number): Position[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

function value<T>(result: EditResult<T>): T {
  if (!result.ok) throw new Error(`edit refused: ${JSON.stringify(result.problem)}`);
  return result.value;
}
function problemOf<T>(result: EditResult<T>): string {
  return result.ok ? 'ok' : result.problem.code;
}

/** What the editor promises of every polygon it hands back. */
function expectWellFormed(polygon: Polygon): void {
  expect(geometryProblems(polygon)).toEqual([]);
  polygon.coordinates.forEach((ring, r) => {
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    // RFC 7946: shell counter-clockwise, holes clockwise.
    expect(Math.sign(planarSignedArea2(ring))).toBe(r === 0 ? 1 : -1);
  });
}

const hasVertex = (polygon: Polygon, p: Position): boolean => polygon.coordinates.some((ring) => ring.some((q) => q[0] === p[0] && q[1] === p[1]));

describe('inverse authalic latitude', () => {
  it('takes every authalic latitude back to its geodetic latitude within 1e-15 rad', () => {
    // Up to 80°: nearer the poles sin β itself no longer tells latitudes 1e-15 rad apart.
    const lats = [-80, -60, -30.123456789, -1e-9, 0, 1e-7, 12.5, 30.6499051, 30.6519697, 45, 66.6, 80];
    for (let k = 0; k < 200; k++) lats.push(18 + k * 0.17321); // China's latitudes, irregular steps
    for (const lat of lats) {
      const [s, c] = authalicLatitude(lat);
      expect(Math.abs(geodeticLatitude(s, c) - lat) * DEG).toBeLessThanOrEqual(1e-15);
    }
  });

  it('is not the identity: β and φ differ by ≈ 0.11° at 30°', () => {
    const [s, c] = authalicLatitude(30);
    expect(30 - Math.atan2(s, c) / DEG).toBeGreaterThan(0.1);
    expect(geodeticLatitude(s, c)).toBeCloseTo(30, 13);
  });
});

describe('splitPolygon', () => {
  // South to north across the long east–west edges, the ones a planar crossing gets wrong most.
  const across = line([114.3246, 30.6484], [114.3252, 30.6528]);

  it('splits a real parcel in two whose areas add up to the parcel’s within 1e-9', () => {
    const before = JSON.stringify(plain);
    const [a, b] = value(splitPolygon(plain, across));
    expect(JSON.stringify(plain)).toBe(before);
    expectWellFormed(a);
    expectWellFormed(b);
    const whole = geometryArea(plain);
    expect(relative(geometryArea(a) + geometryArea(b), whole)).toBeLessThanOrEqual(1e-9);
    // A real split, not a sliver: each side holds between 30 % and 70 %.
    expect(geometryArea(a) / whole).toBeGreaterThan(0.3);
    expect(geometryArea(b) / whole).toBeGreaterThan(0.3);
    // Both parts keep all but the other side's vertices, and share the two cut points.
    const cuts = a.coordinates[0].filter((p) => hasVertex(b, p));
    expect(new Set(cuts.map(String)).size).toBe(2);
    for (const p of plain.coordinates[0]) expect(hasVertex(a, p) !== hasVertex(b, p)).toBe(true);
  });

  it('puts the cut points on the great circles of the edges they cut', () => {
    const [a, b] = value(splitPolygon(plain, across));
    const shell = plain.coordinates[0];
    const cuts = a.coordinates[0].slice(0, -1).filter((p) => hasVertex(b, p));
    for (const p of cuts) {
      const offs = shell.slice(0, -1).map((v, i) => offGreatCircle(p, v, shell[i + 1]));
      // on one edge's circle to rounding (1e-13° ≈ 10 nm), i.e. not on the lon/lat chord
      expect(Math.min(...offs)).toBeLessThan(1e-13);
    }
  });

  it('cuts a corner off within 1e-9, where a planar lon/lat crossing would not', () => {
    // From the long south edge (≈ 250 m, east–west: its great circle bows ≈ 0.7 mm from the
    // lon/lat chord) to the east edge. Cutting the south and north edges, as above, the two
    // bows partly cancel; here one of them counts alone.
    const corner = line([114.3250, 30.6488], [114.3270, 30.6505]);
    const [a, b] = value(splitPolygon(plain, corner));
    expectWellFormed(a);
    expectWellFormed(b);
    expect(relative(geometryArea(a) + geometryArea(b), geometryArea(plain))).toBeLessThanOrEqual(1e-9);
    // The same parts with the cut points where the lon/lat segments cross instead.
    const shell = plain.coordinates[0];
    const [c, d] = corner.coordinates;
    const planar = (p: Position): Position => {
      const i = shell.findIndex((v, k) => k + 1 < shell.length && offGreatCircle(p, v, shell[k + 1]) < 1e-12);
      const [e, f] = [shell[i], shell[i + 1]];
      const den = (f[0] - e[0]) * (d[1] - c[1]) - (f[1] - e[1]) * (d[0] - c[0]);
      const t = ((c[0] - e[0]) * (d[1] - c[1]) - (c[1] - e[1]) * (d[0] - c[0])) / den;
      return [e[0] + t * (f[0] - e[0]), e[1] + t * (f[1] - e[1])];
    };
    const cuts = new Set(a.coordinates[0].filter((p) => hasVertex(b, p)).map(String));
    expect(cuts.size).toBe(2);
    const moved = (g: Polygon): Polygon => poly(...g.coordinates.map((ring) => ring.map((p) => (cuts.has(String(p)) ? planar(p) : p))));
    expect(relative(geometryArea(moved(a)) + geometryArea(moved(b)), geometryArea(plain))).toBeGreaterThan(1e-7);
  });

  it('cuts along the drawn line’s own vertices inside the parcel', () => {
    const bend1: Position = [114.3244, 30.6502];
    const bend2: Position = [114.3254, 30.6510];
    const [a, b] = value(splitPolygon(plain, line([114.3240, 30.6488], bend1, bend2, [114.3247, 30.6530])));
    for (const part of [a, b]) {
      expectWellFormed(part);
      expect(hasVertex(part, bend1) && hasVertex(part, bend2)).toBe(true);
    }
    expect(relative(geometryArea(a) + geometryArea(b), geometryArea(plain))).toBeLessThanOrEqual(1e-9);
  });

  it('handles a line that enters and leaves through the same edge', () => {
    // A V dipping into the parcel from the south.
    const [a, b] = value(splitPolygon(plain, line([114.3240, 30.6490], [114.3246, 30.6504], [114.3252, 30.6488])));
    expectWellFormed(a);
    expectWellFormed(b);
    const small = Math.min(geometryArea(a), geometryArea(b));
    expect(small / geometryArea(plain)).toBeGreaterThan(0.02);
    expect(small / geometryArea(plain)).toBeLessThan(0.2);
    expect(relative(geometryArea(a) + geometryArea(b), geometryArea(plain))).toBeLessThanOrEqual(1e-9);
  });

  it('accepts a clockwise input and still returns counter-clockwise parts', () => {
    const clockwise = poly(plain.coordinates[0].slice().reverse());
    const [a, b] = value(splitPolygon(clockwise, across));
    expectWellFormed(a);
    expectWellFormed(b);
  });

  it('gives a hole to the part that contains it', () => {
    // West of the courtyard's hole, across the parcel from south to north.
    const [a, b] = value(splitPolygon(courtyard, line([114.3206, 30.6664], [114.3207, 30.6680])));
    expectWellFormed(a);
    expectWellFormed(b);
    const withHole = [a, b].filter((p) => p.coordinates.length === 2);
    expect(withHole).toHaveLength(1);
    for (const p of courtyard.coordinates[1]) expect(hasVertex(withHole[0], p)).toBe(true);
    expect(relative(geometryArea(a) + geometryArea(b), geometryArea(courtyard))).toBeLessThanOrEqual(1e-9);
  });

  it('refuses a cut through a hole', () => {
    expect(problemOf(splitPolygon(courtyard, line([114.3200, 30.6664], [114.3201, 30.6680])))).toBe('line-crosses-hole');
  });

  it('refuses a line that does not cross the parcel', () => {
    const result = splitPolygon(plain, line([114.3200, 30.6480], [114.3210, 30.6530]));
    expect(problemOf(result)).toBe('line-does-not-cross');
    expect(result.ok ? null : result.problem.where).toEqual([114.32, 30.648]);
  });

  it('refuses a line that ends inside the parcel', () => {
    expect(problemOf(splitPolygon(plain, line([114.3246, 30.6484], [114.3248, 30.6505])))).toBe('line-end-inside');
  });

  it('refuses a line that crosses a U-shaped parcel four times', () => {
    // A U open to the north, ≈ 300 m wide: a line straight across both arms.
    const u = poly([[114.30, 30.60], [114.303, 30.60], [114.303, 30.603], [114.302, 30.603], [114.302, 30.601], [114.301, 30.601], [114.301, 30.603], [114.30, 30.603], [114.30, 30.60]]);
    expect(geometryProblems(u)).toEqual([]);
    const result = splitPolygon(u, line([114.299, 30.602], [114.304, 30.6021]));
    expect(problemOf(result)).toBe('line-crosses-more-than-twice');
    // The same U cut below the notch splits fine.
    expect(splitPolygon(u, line([114.299, 30.6005], [114.304, 30.6006])).ok).toBe(true);
  });

  it('refuses a line through a vertex of the parcel', () => {
    const [v0, , v2] = plain.coordinates[0]; // opposite corners: the diagonal passes through both
    const dx = v2[0] - v0[0], dy = v2[1] - v0[1];
    const result = splitPolygon(plain, line([v0[0] - dx, v0[1] - dy], [v2[0] + dx, v2[1] + dy]));
    expect(problemOf(result)).toBe('line-touches-boundary');
  });
});

describe('mergePolygons', () => {
  const across = line([114.3246, 30.6484], [114.3252, 30.6528]);

  it('split then merge gives back the parcel’s area within 1e-9', () => {
    const [a, b] = value(splitPolygon(plain, across));
    const before = JSON.stringify([a, b]);
    const merged = value(mergePolygons([a, b]));
    expect(JSON.stringify([a, b])).toBe(before);
    expectWellFormed(merged);
    expect(merged.coordinates).toHaveLength(1);
    expect(relative(geometryArea(merged), geometryArea(plain))).toBeLessThanOrEqual(1e-9);
    expect(relative(geometryArea(merged), geometryArea(a) + geometryArea(b))).toBeLessThanOrEqual(1e-9);
    // The parcel's corners plus the two cut points, which stay on the old edges.
    for (const p of plain.coordinates[0]) expect(hasVertex(merged, p)).toBe(true);
    expect(merged.coordinates[0]).toHaveLength(plain.coordinates[0].length + 2);
  });

  it('merges three parcels in a row, in any order', () => {
    const [west, east] = value(splitPolygon(plain, line([114.3240, 30.6484], [114.3246, 30.6528])));
    const eastParts = value(splitPolygon(east, line([114.3252, 30.6484], [114.3256, 30.6528])));
    // `far` holds the parcel's south-east corner.
    const [middle, far] = hasVertex(eastParts[0], plain.coordinates[0][1]) ? [eastParts[1], eastParts[0]] : eastParts;
    // west and far do not touch: only the middle joins them.
    expect(problemOf(mergePolygons([west, far]))).toBe('not-adjacent');
    const sum = geometryArea(west) + geometryArea(middle) + geometryArea(far);
    for (const order of [[west, middle, far], [far, west, middle], [middle, far, west]]) {
      const merged = value(mergePolygons(order));
      expectWellFormed(merged);
      expect(relative(geometryArea(merged), sum)).toBeLessThanOrEqual(1e-9);
      expect(relative(geometryArea(merged), geometryArea(plain))).toBeLessThanOrEqual(1e-9);
    }
  });

  it('merges across a T-junction: a vertex on the neighbour’s edge only', () => {
    // Split, then split the eastern part again with a line that crosses the first cut:
    // the new cut point lies on the first cut, which the western part does not know.
    const [a, b] = value(splitPolygon(plain, across));
    const [west, east] = hasVertex(a, plain.coordinates[0][0]) ? [a, b] : [b, a];
    const [e1, e2] = value(splitPolygon(east, line([114.3246, 30.6500], [114.3270, 30.6508])));
    const onCut = e1.coordinates[0].find((p) => hasVertex(e2, p) && !hasVertex(west, p) && !hasVertex(plain, p) && westTouches(west, p));
    expect(onCut).toBeDefined();
    for (const part of [e1, e2]) {
      const merged = value(mergePolygons([west, part]));
      expectWellFormed(merged);
      expect(relative(geometryArea(merged), geometryArea(west) + geometryArea(part))).toBeLessThanOrEqual(1e-9);
    }
    const all = value(mergePolygons([e2, west, e1]));
    expect(relative(geometryArea(all), geometryArea(plain))).toBeLessThanOrEqual(1e-9);
  });

  it('merges across a T-junction on a meridian edge, and keeps the extra vertex', () => {
    // The west square's east edge has no vertex at 30.6005; the two squares east of it do.
    const west = poly(rect(114.300, 30.600, 114.301, 30.601));
    const south = poly(rect(114.301, 30.600, 114.302, 30.6005));
    const north = poly(rect(114.301, 30.6005, 114.302, 30.601));
    const merged = value(mergePolygons([west, south, north]));
    expectWellFormed(merged);
    expect(relative(geometryArea(merged), geometryArea(poly(rect(114.300, 30.600, 114.302, 30.601))))).toBeLessThanOrEqual(1e-9);
    expect(hasVertex(merged, [114.302, 30.6005])).toBe(true);
    expect(hasVertex(merged, [114.301, 30.6005])).toBe(false);
  });

  it('refuses parcels that are apart (real neighbours 4 m apart) or touch only at a corner', () => {
    const apart = mergePolygons([plain, westNeighbour]);
    expect(problemOf(apart)).toBe('not-adjacent');
    expect(apart.ok ? null : apart.problem.index).toBe(1);
    const corner = mergePolygons([poly(rect(114.300, 30.600, 114.301, 30.601)), poly(rect(114.301, 30.601, 114.302, 30.602))]);
    expect(problemOf(corner)).toBe('not-adjacent');
    // A two-part parcel whose parts are 2 m apart does not become one polygon either.
    expect(problemOf(mergePolygons([twoPart, westNeighbour]))).toBe('not-adjacent');
  });

  it('refuses fewer than two polygons', () => {
    expect(problemOf(mergePolygons([plain]))).toBe('too-few-polygons');
  });

  it('keeps the gap inside a ring of parcels as a hole', () => {
    // Four parcels around a 100 m square yard.
    const x = [114.300, 114.301, 114.302, 114.303], y = [30.600, 30.601, 30.602, 30.603];
    const south = poly([[x[0], y[0]], [x[3], y[0]], [x[3], y[1]], [x[2], y[1]], [x[1], y[1]], [x[0], y[1]], [x[0], y[0]]]);
    const north = poly([[x[0], y[2]], [x[1], y[2]], [x[2], y[2]], [x[3], y[2]], [x[3], y[3]], [x[0], y[3]], [x[0], y[2]]]);
    const west = poly(rect(x[0], y[1], x[1], y[2]));
    const east = poly(rect(x[2], y[1], x[3], y[2]));
    const parts = [south, east, north, west];
    const merged = value(mergePolygons(parts));
    expectWellFormed(merged);
    expect(merged.coordinates).toHaveLength(2);
    const sum = parts.reduce((s, p) => s + geometryArea(p), 0);
    expect(relative(geometryArea(merged), sum)).toBeLessThanOrEqual(1e-9);
    expect(relative(ringArea(merged.coordinates[1]), ringArea(rect(x[1], y[1], x[2], y[2])))).toBeLessThanOrEqual(1e-12);
  });

  it('keeps a yard that touches the outside at one corner as a hole of its own', () => {
    // The yard's north-east corner meets the empty lot north-east of it at a single point.
    const x = [114.300, 114.301, 114.302, 114.303], y = [30.600, 30.601, 30.602, 30.603];
    const south = poly([[x[0], y[0]], [x[3], y[0]], [x[3], y[1]], [x[2], y[1]], [x[1], y[1]], [x[0], y[1]], [x[0], y[0]]]);
    const east = poly(rect(x[2], y[1], x[3], y[2]));
    const west = poly(rect(x[0], y[1], x[1], y[2]));
    const northWest = poly([[x[0], y[2]], [x[1], y[2]], [x[2], y[2]], [x[2], y[3]], [x[0], y[3]], [x[0], y[2]]]);
    const parts = [northWest, south, west, east];
    const merged = value(mergePolygons(parts));
    expectWellFormed(merged);
    expect(merged.coordinates).toHaveLength(2);
    expect(hasVertex(poly(merged.coordinates[0]), [x[2], y[2]]) && hasVertex(poly(merged.coordinates[1]), [x[2], y[2]])).toBe(true);
    const sum = parts.reduce((s, p) => s + geometryArea(p), 0);
    expect(relative(geometryArea(merged), sum)).toBeLessThanOrEqual(1e-9);
  });

  it('splits a courtyard parcel and merges it back with its hole', () => {
    const [a, b] = value(splitPolygon(courtyard, line([114.3206, 30.6664], [114.3207, 30.6680])));
    const merged = value(mergePolygons([b, a]));
    expectWellFormed(merged);
    expect(merged.coordinates).toHaveLength(2);
    expect(relative(geometryArea(merged), geometryArea(courtyard))).toBeLessThanOrEqual(1e-9);
  });
});

describe('cutHole', () => {
  const pond = poly([[114.3245, 30.6500], [114.3252, 30.6499], [114.3254, 30.6506], [114.3247, 30.6508], [114.3245, 30.6500]]);

  it('cuts a pond out of a real parcel: the parcel loses exactly the pond’s area', () => {
    const before = JSON.stringify([plain, pond]);
    const result = value(cutHole(plain, pond));
    expect(JSON.stringify([plain, pond])).toBe(before);
    expectWellFormed(result);
    expect(result.coordinates).toHaveLength(2);
    const expected = geometryArea(plain) - geometryArea(pond);
    expect(relative(geometryArea(result), expected)).toBeLessThanOrEqual(1e-9);
    expect(geometryArea(pond) / geometryArea(plain)).toBeGreaterThan(0.05); // a hole that matters
  });

  it('adds a second hole beside an existing one', () => {
    const hole = poly(rect(114.3206, 30.6670, 114.3208, 30.6673));
    const result = value(cutHole(courtyard, hole));
    expectWellFormed(result);
    expect(result.coordinates).toHaveLength(3);
    expect(relative(polygonArea(result.coordinates), geometryArea(courtyard) - geometryArea(hole))).toBeLessThanOrEqual(1e-9);
  });

  it('refuses a hole outside the parcel, across its boundary, or touching it', () => {
    expect(problemOf(cutHole(plain, poly(rect(114.3200, 30.6500, 114.3205, 30.6505))))).toBe('hole-outside');
    expect(problemOf(cutHole(plain, poly(rect(114.3260, 30.6500, 114.3270, 30.6505))))).toBe('hole-crosses-boundary');
    const [v0] = plain.coordinates[0];
    const touching = poly([v0, [114.3245, 30.6500], [114.3240, 30.6503], v0]);
    expect(problemOf(cutHole(plain, touching))).toBe('hole-crosses-boundary');
    // A hole bigger than the parcel contains it, it is not inside it.
    expect(problemOf(cutHole(plain, poly(rect(114.32, 30.64, 114.33, 30.66))))).toBe('hole-outside');
  });

  it('refuses a hole that overlaps, contains or lies in an existing hole', () => {
    expect(problemOf(cutHole(courtyard, poly(rect(114.3202, 30.6671, 114.3206, 30.6672))))).toBe('hole-overlaps-hole');
    expect(problemOf(cutHole(courtyard, poly(rect(114.3196, 30.6669, 114.3206, 30.6675))))).toBe('hole-overlaps-hole');
    expect(problemOf(cutHole(courtyard, poly(rect(114.3199, 30.6671, 114.3201, 30.6672))))).toBe('hole-outside');
  });
});

/** Whether p lies on an edge of `west`'s shell (by great circle, to 1e-12°). */
function westTouches(west: Polygon, p: Position): boolean {
  const ring = west.coordinates[0];
  return ring.slice(0, -1).some((v, i) => offGreatCircle(p, v, ring[i + 1]) < 1e-12 && Math.min(v[0], ring[i + 1][0]) < p[0] && p[0] < Math.max(v[0], ring[i + 1][0]));
}
