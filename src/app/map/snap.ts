// Snapping to what the planner sees: vertices first, then edges, of every visible layer
// (read-only ones included), within a pixel tolerance. Targets are looked up among the
// rendered features, but the coordinates snapped to are the stored ones, exactly — tile
// geometry is quantised and would leave hairline gaps between neighbours.
import type { Position } from 'geojson';
import type { AreaGeometry } from '../../domain/schema/kinds';

export const SNAP_TOLERANCE_PX = 10;

export interface ScreenPoint {
  x: number;
  y: number;
}

export type Project = (position: Position) => ScreenPoint;
export type Unproject = (point: ScreenPoint) => Position;

export function ringsOf(geometry: AreaGeometry): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/**
 * The stored vertex nearest the cursor within `tolerance` pixels; failing that, the point
 * of the nearest edge within tolerance; otherwise null.
 */
export function snapTarget(cursor: ScreenPoint, geometries: readonly AreaGeometry[], project: Project, unproject: Unproject, tolerance = SNAP_TOLERANCE_PX): Position | null {
  let vertex: Position | null = null;
  let vertexDistance = tolerance;
  let edge: ScreenPoint | null = null;
  let edgeDistance = tolerance;
  for (const geometry of geometries) {
    for (const ring of ringsOf(geometry)) {
      let previous: ScreenPoint | null = null;
      for (const position of ring) {
        const p = project(position);
        const d = Math.hypot(p.x - cursor.x, p.y - cursor.y);
        if (d <= vertexDistance) {
          vertexDistance = d;
          vertex = position;
        }
        if (previous) {
          const dx = p.x - previous.x, dy = p.y - previous.y;
          const length2 = dx * dx + dy * dy;
          const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((cursor.x - previous.x) * dx + (cursor.y - previous.y) * dy) / length2));
          const q = { x: previous.x + t * dx, y: previous.y + t * dy };
          const e = Math.hypot(q.x - cursor.x, q.y - cursor.y);
          if (e <= edgeDistance) {
            edgeDistance = e;
            edge = q;
          }
        }
        previous = p;
      }
    }
  }
  if (vertex) return [vertex[0], vertex[1]];
  return edge ? unproject(edge) : null;
}

/** Half a unit of terra-draw's coordinate precision (9 decimals) and then some. */
const RESTORE_TOLERANCE_DEG = 2e-9;

/**
 * The drawing tool rounds coordinates to 9 decimals. Every vertex within that rounding of
 * a stored vertex (the edited feature's own, or a neighbour's it was snapped to) gets the
 * stored value back, so untouched and snapped vertices are exactly what they were.
 */
export function restoreExactVertices(geometry: AreaGeometry, stored: readonly AreaGeometry[]): AreaGeometry {
  const grid = new Map<string, Position[]>();
  const key = (x: number, y: number): string => `${Math.round(x / RESTORE_TOLERANCE_DEG / 4)}:${Math.round(y / RESTORE_TOLERANCE_DEG / 4)}`;
  for (const g of stored) {
    for (const ring of ringsOf(g)) {
      for (const p of ring) {
        const k = key(p[0], p[1]);
        const bucket = grid.get(k);
        if (bucket) bucket.push(p);
        else grid.set(k, [p]);
      }
    }
  }
  const exact = (p: Position): Position => {
    const cx = Math.round(p[0] / RESTORE_TOLERANCE_DEG / 4), cy = Math.round(p[1] / RESTORE_TOLERANCE_DEG / 4);
    for (let i = -1; i <= 1; i++) {
      for (let j = -1; j <= 1; j++) {
        for (const q of grid.get(`${cx + i}:${cy + j}`) ?? []) {
          if (Math.abs(q[0] - p[0]) <= RESTORE_TOLERANCE_DEG && Math.abs(q[1] - p[1]) <= RESTORE_TOLERANCE_DEG) return [q[0], q[1]];
        }
      }
    }
    return p;
  };
  const rings = (rs: Position[][]): Position[][] => rs.map((ring) => ring.map(exact));
  return geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: rings(geometry.coordinates) } : { type: 'MultiPolygon', coordinates: geometry.coordinates.map(rings) };
}
