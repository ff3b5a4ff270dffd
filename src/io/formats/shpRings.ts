// A shapefile polygon record is a flat list of rings: outer rings clockwise, holes
// counter-clockwise, in any order. GeoJSON wants each hole inside its polygon and the
// RFC 7946 winding (outer counter-clockwise, holes clockwise).
import type { MultiPolygon, Polygon, Position } from 'geojson';

type Ring = Position[];

/** Twice the signed area (positive = counter-clockwise with y up). */
export function ringSignedArea2(ring: Ring): number {
  if (ring.length < 3) return 0;
  // relative to the first vertex: Gauss-Krüger x ≈ 38 500 000 would swamp the products
  const [x0, y0] = ring[0];
  let sum = 0;
  for (let i = 1; i + 1 < ring.length; i++) {
    const ax = ring[i][0] - x0;
    const ay = ring[i][1] - y0;
    const bx = ring[i + 1][0] - x0;
    const by = ring[i + 1][1] - y0;
    sum += ax * by - bx * ay;
  }
  return sum;
}

interface Bbox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function bboxOf(ring: Ring): Bbox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}

type Side = 'in' | 'out' | 'boundary';

function pointInRing(x: number, y: number, ring: Ring): Side {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    const cross = (xj - xi) * (y - yi) - (yj - yi) * (x - xi);
    if (cross === 0 && x >= Math.min(xi, xj) && x <= Math.max(xi, xj) && y >= Math.min(yi, yj) && y <= Math.max(yi, yj)) return 'boundary';
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 'in' : 'out';
}

/** Whether `inner` lies inside `outer`, judged on the first vertex of `inner` not on `outer`'s edge. */
function ringInside(inner: Ring, outer: Ring): boolean {
  for (const [x, y] of inner) {
    const side = pointInRing(x, y, outer);
    if (side !== 'boundary') return side === 'in';
  }
  return true; // every vertex on the edge: a degenerate hole, keep it with this outer ring
}

function reversed(ring: Ring): Ring {
  return ring.slice().reverse();
}

/**
 * Rings of one shapefile record → Polygon or MultiPolygon (null when there are none).
 * Coordinates are kept as read; only the ring order may be reversed.
 */
export function ringsToGeometry(rings: Ring[]): Polygon | MultiPolygon | null {
  const outers: { ring: Ring; bbox: Bbox; area: number; holes: Ring[] }[] = [];
  const holes: Ring[] = [];
  for (const ring of rings) {
    const a = ringSignedArea2(ring);
    if (a <= 0) outers.push({ ring: a < 0 ? reversed(ring) : ring, bbox: bboxOf(ring), area: -a, holes: [] });
    else holes.push(ring);
  }
  for (const hole of holes) {
    const hb = bboxOf(hole);
    let best: (typeof outers)[number] | undefined;
    for (const o of outers) {
      if (hb.minX < o.bbox.minX || hb.maxX > o.bbox.maxX || hb.minY < o.bbox.minY || hb.maxY > o.bbox.maxY) continue;
      // the smallest containing outer ring: an island inside another polygon's hole
      if ((best === undefined || o.area < best.area) && ringInside(hole, o.ring)) best = o;
    }
    // A counter-clockwise ring inside no outer ring is an outer ring written with the wrong winding.
    if (best) best.holes.push(reversed(hole));
    else outers.push({ ring: hole, bbox: hb, area: ringSignedArea2(hole), holes: [] });
  }
  if (outers.length === 0) return null;
  const polygons = outers.map((o) => [o.ring, ...o.holes]);
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}
