// Snapping and exact vertices on real demo parcels: the pointer picks a target on screen,
// the stored coordinates are what get written.
import { readFileSync } from 'node:fs';
import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { restoreExactVertices, snapTarget, type ScreenPoint } from '../../src/app/map/snap';
import { placements } from '../../src/domain/geometry/placement';
import type { AreaGeometry } from '../../src/domain/schema/kinds';

const parcels = (JSON.parse(readFileSync(new URL('../fixtures/edit/parcels.geojson', import.meta.url), 'utf8')) as { features: Array<{ id: string; geometry: AreaGeometry }> }).features;
const polygon = parcels.find((f) => f.geometry.type === 'Polygon')?.geometry as Polygon;
const [ox, oy] = polygon.coordinates[0][0];
// A plain projection at about zoom 17: 1 px ≈ 1 m.
const SCALE = 100_000;
const project = (p: Position): ScreenPoint => ({ x: (p[0] - ox) * SCALE, y: (oy - p[1]) * SCALE });
const unproject = (s: ScreenPoint): Position => [s.x / SCALE + ox, oy - s.y / SCALE];

describe('snapTarget', () => {
  it('returns the stored vertex exactly when the pointer is within tolerance', () => {
    const vertex = polygon.coordinates[0][2];
    const near = project(vertex);
    const target = snapTarget({ x: near.x + 4, y: near.y - 3 }, [polygon], project, unproject);
    expect(target).toEqual(vertex);
  });

  it('falls back to the nearest edge point, and to nothing beyond the tolerance', () => {
    const [a, b] = polygon.coordinates[0];
    const pa = project(a), pb = project(b);
    const mid = { x: (pa.x + pb.x) / 2 + 3, y: (pa.y + pb.y) / 2 + 3 };
    const onEdge = snapTarget(mid, [polygon], project, unproject);
    expect(onEdge).not.toBeNull();
    const back = project(onEdge as Position);
    // the snapped point lies on the segment a–b on screen
    const cross = (pb.x - pa.x) * (back.y - pa.y) - (pb.y - pa.y) * (back.x - pa.x);
    expect(Math.abs(cross) / Math.hypot(pb.x - pa.x, pb.y - pa.y)).toBeLessThan(1e-6);
    expect(snapTarget({ x: mid.x + 40, y: mid.y + 40 }, [polygon], project, unproject, 10)).toBeNull();
  });
});

describe('restoreExactVertices', () => {
  it('gives back stored coordinates that terra-draw rounded to 9 decimals, and leaves new vertices alone', () => {
    const round9 = (p: Position): Position => [Math.round(p[0] * 1e9) / 1e9 + 1e-10, Math.round(p[1] * 1e9) / 1e9 - 1e-10];
    const ring = polygon.coordinates[0].map(round9);
    const fresh: Position = [ox + 0.00012345678, oy + 0.00098765432];
    ring.splice(2, 0, fresh);
    const restored = restoreExactVertices({ type: 'Polygon', coordinates: [ring] }, [polygon]) as Polygon;
    const expected = [...polygon.coordinates[0]];
    expected.splice(2, 0, fresh);
    expect(restored.coordinates[0]).toEqual(expected);
  });
});

describe('placements', () => {
  it('gives the share of a parcel inside each candidate, largest first', () => {
    const [x0, y0] = [ox, oy];
    const west: Polygon = { type: 'Polygon', coordinates: [[[x0 - 1, y0 - 1], [x0 + 0.0003, y0 - 1], [x0 + 0.0003, y0 + 1], [x0 - 1, y0 + 1], [x0 - 1, y0 - 1]]] };
    const east: Polygon = { type: 'Polygon', coordinates: [[[x0 + 0.0003, y0 - 1], [x0 + 1, y0 - 1], [x0 + 1, y0 + 1], [x0 + 0.0003, y0 + 1], [x0 + 0.0003, y0 - 1]]] };
    const far: Polygon = { type: 'Polygon', coordinates: [[[x0 + 2, y0], [x0 + 3, y0], [x0 + 3, y0 + 1], [x0 + 2, y0]]] };
    const found = placements(polygon, [{ id: 'w', geometry: west }, { id: 'e', geometry: east }, { id: 'far', geometry: far }]);
    expect(found.map((p) => p.id).sort()).toEqual(['e', 'w']);
    expect(found[0].share).toBeGreaterThanOrEqual(found[1].share);
    expect(found[0].share + found[1].share).toBeCloseTo(1, 9);
  });
});
