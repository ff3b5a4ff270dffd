import type { MultiPolygon, Polygon, Position } from 'geojson';
import polygonClipping, { type Pair } from 'polygon-clipping';
import { describe, expect, it } from 'vitest';
import { geometryArea, polygonArea } from '../../src/domain/geometry/area';
import { PolygonIndex } from '../../src/domain/geometry/overlay';
import { differenceBoundary, unionIndex } from '../../src/domain/geometry/union';
import { mulberry32 } from '../../scripts/random';
import { intersectionAreaOracle } from '../oracle/intersection';

const rect = (x0: number, y0: number, x1: number, y1: number): Position[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const poly = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });
const close = (a: number, b: number, rel = 1e-9): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(b), 1e-6));
// Expected pieces below are rectangles cut on the parallel; the overlay cuts where the
// edges' geodesics meet, up to L²·tanφ/8R away: 1e-7 covers that for these sizes.
const CUT = 1e-7;

const park = poly(rect(114.0, 30.5, 114.01, 30.51));
const parkIndex = PolygonIndex.of(park);

describe('overlap area, hand-computed', () => {
  it('a parcel half inside the park counts by its inside half', () => {
    const parcel = poly(rect(114.009, 30.505, 114.011, 30.506));
    close(parkIndex.overlapArea(parcel), polygonArea([rect(114.009, 30.505, 114.01, 30.506)]), CUT);
    close(parkIndex.overlapArea(parcel) / geometryArea(parcel), 0.5, 1e-6);
  });

  it('a parcel wholly inside or wholly outside', () => {
    const inside = poly(rect(114.002, 30.502, 114.003, 30.503));
    close(parkIndex.overlapArea(inside), geometryArea(inside));
    expect(parkIndex.overlapArea(poly(rect(114.02, 30.502, 114.03, 30.503)))).toBe(0);
  });

  it('a parcel sharing an edge with the park boundary (drawn along the red line)', () => {
    const inner = poly(rect(114.0, 30.502, 114.002, 30.503)); // west edge on the park's west edge
    close(parkIndex.overlapArea(inner), geometryArea(inner));
    const outer = poly(rect(113.998, 30.502, 114.0, 30.503)); // touching from outside
    expect(parkIndex.overlapArea(outer)).toBeLessThan(1e-6);
  });

  it('a parcel with a hole', () => {
    const parcel = poly(rect(114.009, 30.505, 114.011, 30.507), rect(114.0095, 30.5055, 114.0105, 30.5065).reverse());
    const expected = polygonArea([rect(114.009, 30.505, 114.01, 30.507)]) - polygonArea([rect(114.0095, 30.5055, 114.01, 30.5065)]);
    close(parkIndex.overlapArea(parcel), expected, CUT);
  });

  it('a MultiPolygon parcel, one part in, one part straddling', () => {
    const parcel: MultiPolygon = { type: 'MultiPolygon', coordinates: [[rect(114.001, 30.501, 114.002, 30.502)], [rect(114.0095, 30.501, 114.0105, 30.502)]] };
    close(parkIndex.overlapArea(parcel), polygonArea([rect(114.001, 30.501, 114.002, 30.502)]) + polygonArea([rect(114.0095, 30.501, 114.01, 30.502)]), CUT);
  });

  it('a park with a hole: the hole is outside the park', () => {
    const holed = PolygonIndex.of(poly(rect(114.0, 30.5, 114.01, 30.51), rect(114.004, 30.504, 114.006, 30.506)));
    const parcel = poly(rect(114.003, 30.504, 114.005, 30.506)); // half over the hole
    close(holed.overlapArea(parcel), polygonArea([rect(114.003, 30.504, 114.004, 30.506)]), CUT);
    expect(holed.locate(114.005, 30.505)).toBe(-1);
    expect(holed.locate(114.002, 30.505)).toBe(1);
    expect(holed.locate(114.004, 30.505)).toBe(0);
  });

  it('a parcel inside two overlapping parks counts once', () => {
    const other = poly(rect(114.005, 30.5, 114.015, 30.51));
    const union = unionIndex([park, other]);
    const parcel = poly(rect(114.006, 30.502, 114.008, 30.504)); // inside both
    close(union.overlapArea(parcel), geometryArea(parcel));
    const straddling = poly(rect(114.014, 30.502, 114.016, 30.504));
    close(union.overlapArea(straddling), polygonArea([rect(114.014, 30.502, 114.015, 30.504)]), CUT);
  });

  it('a small park wholly inside a big parcel', () => {
    const small = PolygonIndex.of(poly(rect(114.004, 30.504, 114.005, 30.505)));
    close(small.overlapArea(park), polygonArea([rect(114.004, 30.504, 114.005, 30.505)]));
  });

  it('the parts of a parcel in complementary regions add up to the whole exactly', () => {
    // Cuts lie on the geodesics, so inside + outside = the parcel's own area.
    const west = PolygonIndex.of(poly(rect(113.9, 30.4, 114.01, 30.6)));
    const east = PolygonIndex.of(poly(rect(114.01, 30.4, 114.1, 30.6)));
    const diagonal = PolygonIndex.of(poly([[113.9, 30.4], [114.1, 30.4], [113.9, 30.6], [113.9, 30.4]]));
    const other = PolygonIndex.of(poly([[114.1, 30.4], [114.1, 30.6], [113.9, 30.6], [114.1, 30.4]]));
    for (const parcel of [poly(rect(114.005, 30.5, 114.02, 30.51)), poly([[113.995, 30.495], [114.02, 30.497], [114.012, 30.512], [113.999, 30.505], [113.995, 30.495]])]) {
      close(west.overlapArea(parcel) + east.overlapArea(parcel), geometryArea(parcel), 1e-10);
      close(diagonal.overlapArea(parcel) + other.overlapArea(parcel), geometryArea(parcel), 1e-10);
    }
  });

  it('orientation of input rings does not matter', () => {
    const cw = poly(rect(114.009, 30.505, 114.011, 30.506).reverse());
    close(parkIndex.overlapArea(cw), polygonArea([rect(114.009, 30.505, 114.01, 30.506)]), CUT);
  });
});

describe('overlap area against polygon-clipping on random shapes', () => {
  it('matches area(intersection) on 120 random parcel × park pairs, and inside + outside = whole', () => {
    const rnd = mulberry32(7);
    const blob = (cx: number, cy: number, r: number, n: number): Position[] => {
      const ring: Position[] = [];
      for (let i = 0; i < n; i++) {
        const a = (2 * Math.PI * i) / n;
        const rr = r * (0.6 + 0.4 * rnd());
        ring.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
      }
      ring.push([...ring[0]]);
      return ring;
    };
    const parkPoly = poly(blob(114.3, 30.6, 0.02, 200));
    const index = PolygonIndex.of(parkPoly);
    const frame = PolygonIndex.of(poly(rect(114.2, 30.5, 114.4, 30.7)));
    const outside = new PolygonIndex(differenceBoundary(frame, index));
    const asPairs = (p: Polygon): Pair[][] => p.coordinates.map((r) => r.map((q): Pair => [q[0], q[1]]));
    let straddling = 0;
    for (let k = 0; k < 120; k++) {
      const parcel = poly(blob(114.3 + (rnd() - 0.5) * 0.05, 30.6 + (rnd() - 0.5) * 0.05, 0.001 + rnd() * 0.003, 4 + Math.floor(rnd() * 5)));
      const clipped = polygonClipping.intersection(asPairs(parcel), asPairs(parkPoly));
      const expected = clipped.reduce((s, rings) => s + polygonArea(rings), 0);
      const got = index.overlapArea(parcel);
      const whole = geometryArea(parcel);
      if (expected > 0 && expected < whole * 0.999) straddling++;
      // polygon-clipping alone cuts on straight lon/lat lines, we on geodesics (an edge of
      // length L bows L²·tanφ/8R off the straight line); the geodesic oracle cuts as we do.
      expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-4 * whole);
      // Authalic great circles vs ellipsoidal geodesics: ~1e-7 on parcels (README "Areas").
      expect(Math.abs(got - intersectionAreaOracle(parcel, [parkPoly]))).toBeLessThanOrEqual(2e-7 * whole);
      expect(Math.abs(got + outside.overlapArea(parcel) - whole)).toBeLessThanOrEqual(1e-10 * whole);
    }
    expect(straddling).toBeGreaterThan(12);
  });
});

describe('union and difference boundaries', () => {
  const asPairs = (p: Polygon): Pair[][] => p.coordinates.map((r) => r.map((q): Pair => [q[0], q[1]]));
  const clippedArea = (mp: Pair[][][]): number => mp.reduce((s, rings) => s + polygonArea(rings), 0);

  it('two parks drawn along one road: the shared edge disappears, a parcel across it counts whole', () => {
    const west = poly(rect(114.0, 30.5, 114.01, 30.51));
    const east = poly(rect(114.01, 30.5, 114.02, 30.51));
    const union = unionIndex([west, east]);
    close(union.area(), geometryArea(west) + geometryArea(east));
    expect(union.edges.length).toBe(6); // the shared edge is gone from both
    const across = poly(rect(114.009, 30.505, 114.011, 30.506));
    close(union.overlapArea(across), geometryArea(across));
  });

  it('a duplicated park counts once', () => {
    const union = unionIndex([park, park]);
    close(union.area(), geometryArea(park));
    close(union.overlapArea(poly(rect(114.009, 30.505, 114.011, 30.506))), polygonArea([rect(114.009, 30.505, 114.01, 30.506)]), CUT);
  });

  it('the union of 40 random overlapping parks has the area polygon-clipping finds', () => {
    const rnd = mulberry32(11);
    const parks: Polygon[] = [];
    for (let k = 0; k < 40; k++) {
      const cx = 114.2 + rnd() * 0.1, cy = 30.5 + rnd() * 0.1, r = 0.005 + rnd() * 0.015, n = 30 + Math.floor(rnd() * 60);
      const ring: Position[] = [];
      for (let i = 0; i < n; i++) {
        const rr = r * (0.7 + 0.3 * rnd()); // one radius per vertex: star-shaped, so a valid ring
        ring.push([cx + rr * Math.cos((2 * Math.PI * i) / n), cy + rr * Math.sin((2 * Math.PI * i) / n)]);
      }
      ring.push([...ring[0]]);
      parks.push(poly(ring));
    }
    const expected = clippedArea(polygonClipping.union(asPairs(parks[0]), ...parks.slice(1).map(asPairs)));
    // polygon-clipping cuts on straight lon/lat lines, we on geodesics: ≤ 1e-7 apart here.
    close(unionIndex(parks).area(), expected, 1e-7);
  });

  it('a district minus the national zone over it', () => {
    const district = poly(rect(114.0, 30.5, 114.1, 30.6));
    const zone = poly(rect(114.05, 30.55, 114.15, 30.65));
    const diff = new PolygonIndex(differenceBoundary(PolygonIndex.of(district), PolygonIndex.of(zone)));
    close(diff.area(), clippedArea(polygonClipping.difference(asPairs(district), asPairs(zone))), 1e-4); // 10 km edges: cuts ~1 m off the straight line
    close(diff.area() + PolygonIndex.of(zone).overlapArea(district), geometryArea(district), 1e-10);
    const parcel = poly(rect(114.04, 30.54, 114.06, 30.56)); // a quarter of it in the zone
    // The zone's 10 km south edge bows up to 0.4 m north of the parallel across the parcel.
    close(diff.overlapArea(parcel), geometryArea(parcel) - polygonArea([rect(114.05, 30.55, 114.06, 30.56)]), 1e-4);
    close(diff.overlapArea(parcel) + PolygonIndex.of(zone).overlapArea(parcel), geometryArea(parcel), 1e-10);
  });

  it('grid point location agrees with a brute-force ray cast on 20 000 points', () => {
    const rnd = mulberry32(5);
    const ring: Position[] = [];
    for (let i = 0; i < 500; i++) {
      const a = (2 * Math.PI * i) / 500;
      const r = 0.02 * (0.6 + 0.4 * Math.sin(7 * a));
      ring.push([114.3 + r * Math.cos(a), 30.6 + r * Math.sin(a)]);
    }
    ring.push([...ring[0]]);
    const index = PolygonIndex.of(poly(ring, rect(114.299, 30.599, 114.301, 30.601).reverse()));
    const brute = (x: number, y: number): number => {
      let inside = false;
      for (const r of [ring, rect(114.299, 30.599, 114.301, 30.601)])
        for (let i = 0, j = r.length - 1; i < r.length; j = i++)
          if (r[i][1] > y !== r[j][1] > y && x < r[i][0] + ((y - r[i][1]) * (r[j][0] - r[i][0])) / (r[j][1] - r[i][1])) inside = !inside;
      return inside ? 1 : -1;
    };
    let checked = 0;
    for (let k = 0; k < 20_000; k++) {
      const x = 114.27 + rnd() * 0.06, y = 30.57 + rnd() * 0.06;
      const got = index.locate(x, y);
      if (got === 0) continue;
      expect(got, `${x},${y}`).toBe(brute(x, y));
      checked++;
    }
    expect(checked).toBeGreaterThan(19_900);
  });
});

describe('regressions', () => {
  it('near-vertex-crossing: a park vertex within 1e-7° of where its boundary crosses the parcel', async () => {
    // Three demo parcels whose overlap was lost (0 for a parcel 95 % inside): the short piece
    // of park edge between the vertex and the crossing was taken as lying on the parcel's edge.
    const { readFileSync } = await import('node:fs');
    const fc = JSON.parse(readFileSync(new URL('../fixtures/regressions/near-vertex-crossing.geojson', import.meta.url), 'utf8')) as { features: Array<{ id: string; properties: { role: string; park?: string }; geometry: Polygon }> };
    const parks = new Map(fc.features.filter((f) => f.properties.role === 'park').map((f) => [f.id, f.geometry]));
    for (const f of fc.features.filter((x) => x.properties.role === 'parcel')) {
      const park = parks.get(f.properties.park as string) as Polygon;
      const got = PolygonIndex.of(park).overlapArea(f.geometry);
      expect(Math.abs(got - intersectionAreaOracle(f.geometry, [park])), f.id).toBeLessThan(1e-7 * geometryArea(f.geometry));
    }
  });

  it('every demo parcel: inside the parks + inside their complement = its area', async () => {
    const { readFileSync } = await import('node:fs');
    const read = (layer: string) => (JSON.parse(readFileSync(new URL(`../../data/demo/wuhan/${layer}.geojson`, import.meta.url), 'utf8')) as { features: Array<{ id: string; geometry: Polygon | MultiPolygon }> }).features;
    const parcels = read('parcels');
    const parks = unionIndex(read('parks').map((f) => f.geometry));
    const frame = PolygonIndex.of(poly(rect(113.6, 29.9, 115.2, 31.4)));
    const outside = new PolygonIndex(differenceBoundary(frame, parks));
    // A gap in the boundary costs ~1e4 m² or more; edges within 1e-7° (≈ 1 cm) count as one
    // line, which may move a sliver of at most 1 cm × the parcel's perimeter.
    const bad: string[] = [];
    let exact = 0;
    for (const p of parcels) {
      const whole = geometryArea(p.geometry);
      const rings = p.geometry.type === 'Polygon' ? [p.geometry.coordinates] : p.geometry.coordinates;
      let perimeter = 0;
      for (const ring of rings.flat()) for (let i = 1; i < ring.length; i++) perimeter += Math.hypot((ring[i][0] - ring[i - 1][0]) * 96_000, (ring[i][1] - ring[i - 1][1]) * 110_900);
      const gap = Math.abs(parks.overlapArea(p.geometry) + outside.overlapArea(p.geometry) - whole);
      if (gap > 0.011 * perimeter) bad.push(p.id);
      if (gap <= 1e-9 * whole + 1e-6) exact++;
    }
    expect(bad).toEqual([]);
    expect(exact).toBeGreaterThan(parcels.length - 5);
  });
});
