import type { MultiPolygon, Polygon, Position } from 'geojson';
import polygonClipping, { type Pair } from 'polygon-clipping';
import { describe, expect, it } from 'vitest';
import { geometryArea, polygonArea } from '../../src/domain/geometry/area';
import { PolygonIndex } from '../../src/domain/geometry/overlay';
import { unionOf } from '../../src/domain/geometry/union';
import { mulberry32 } from '../../scripts/random';

const rect = (x0: number, y0: number, x1: number, y1: number): Position[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const poly = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });
const close = (a: number, b: number, rel = 1e-9): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(b), 1e-6));

const park = poly(rect(114.0, 30.5, 114.01, 30.51));
const parkIndex = PolygonIndex.of(park);

describe('overlap area, hand-computed', () => {
  it('a parcel half inside the park counts by its inside half', () => {
    const parcel = poly(rect(114.009, 30.505, 114.011, 30.506));
    close(parkIndex.overlapArea(parcel), polygonArea([rect(114.009, 30.505, 114.01, 30.506)]));
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
    close(parkIndex.overlapArea(parcel), expected);
  });

  it('a MultiPolygon parcel, one part in, one part straddling', () => {
    const parcel: MultiPolygon = { type: 'MultiPolygon', coordinates: [[rect(114.001, 30.501, 114.002, 30.502)], [rect(114.0095, 30.501, 114.0105, 30.502)]] };
    close(parkIndex.overlapArea(parcel), polygonArea([rect(114.001, 30.501, 114.002, 30.502)]) + polygonArea([rect(114.0095, 30.501, 114.01, 30.502)]));
  });

  it('a park with a hole: the hole is outside the park', () => {
    const holed = PolygonIndex.of(poly(rect(114.0, 30.5, 114.01, 30.51), rect(114.004, 30.504, 114.006, 30.506)));
    const parcel = poly(rect(114.003, 30.504, 114.005, 30.506)); // half over the hole
    close(holed.overlapArea(parcel), polygonArea([rect(114.003, 30.504, 114.004, 30.506)]));
    expect(holed.locate(114.005, 30.505)).toBe(-1);
    expect(holed.locate(114.002, 30.505)).toBe(1);
    expect(holed.locate(114.004, 30.505)).toBe(0);
  });

  it('a parcel inside two overlapping parks counts once', () => {
    const other = poly(rect(114.005, 30.5, 114.015, 30.51));
    const union = new PolygonIndex(unionOf([park, other]));
    const parcel = poly(rect(114.006, 30.502, 114.008, 30.504)); // inside both
    close(union.overlapArea(parcel), geometryArea(parcel));
    const straddling = poly(rect(114.014, 30.502, 114.016, 30.504));
    close(union.overlapArea(straddling), polygonArea([rect(114.014, 30.502, 114.015, 30.504)]));
  });

  it('a small park wholly inside a big parcel', () => {
    const small = PolygonIndex.of(poly(rect(114.004, 30.504, 114.005, 30.505)));
    close(small.overlapArea(park), polygonArea([rect(114.004, 30.504, 114.005, 30.505)]));
  });

  it('orientation of input rings does not matter', () => {
    const cw = poly(rect(114.009, 30.505, 114.011, 30.506).reverse());
    close(parkIndex.overlapArea(cw), polygonArea([rect(114.009, 30.505, 114.01, 30.506)]));
  });
});

describe('overlap area against polygon-clipping on random shapes', () => {
  it('matches area(intersection) within 1e-9 on 300 random parcel × park pairs', () => {
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
    const asPairs = (p: Polygon): Pair[][] => p.coordinates.map((r) => r.map((q): Pair => [q[0], q[1]]));
    let straddling = 0;
    for (let k = 0; k < 300; k++) {
      const parcel = poly(blob(114.3 + (rnd() - 0.5) * 0.05, 30.6 + (rnd() - 0.5) * 0.05, 0.001 + rnd() * 0.003, 4 + Math.floor(rnd() * 5)));
      const clipped = polygonClipping.intersection(asPairs(parcel), asPairs(parkPoly));
      const expected = clipped.reduce((s, rings) => s + polygonArea(rings), 0);
      const got = index.overlapArea(parcel);
      const whole = geometryArea(parcel);
      if (expected > 0 && expected < whole * 0.999) straddling++;
      expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-9 * whole + 1e-6);
    }
    expect(straddling).toBeGreaterThan(30);
  });
});
