// A shapefile polygon record is a flat list of rings: outer rings clockwise, holes
// counter-clockwise, in any order. GeoJSON wants each hole inside its polygon and the
// RFC 7946 winding (outer counter-clockwise, holes clockwise).
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { locateInRing } from '../../domain/geometry/edit/rings';
import { planarSignedArea2 } from '../../domain/geometry/orientation';
import { bboxOf, type Bbox } from '../../domain/geometry/overlay';

type Ring = Position[];

const ringBox = (ring: Ring): Bbox => bboxOf([[ring]]);

/** Whether `inner` lies inside `outer`, judged on the first vertex of `inner` not on `outer`'s edge. */
function ringInside(inner: Ring, outer: Ring): boolean {
  for (const p of inner) {
    const where = locateInRing(p, outer);
    if (where !== 0) return where === 1;
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
    // twice the signed area, relative to the first vertex (x ≈ 38 500 000 would swamp the products)
    const a = planarSignedArea2(ring);
    if (a <= 0) outers.push({ ring: a < 0 ? reversed(ring) : ring, bbox: ringBox(ring), area: -a, holes: [] });
    else holes.push(ring);
  }
  for (const hole of holes) {
    const [minX, minY, maxX, maxY] = ringBox(hole);
    let best: (typeof outers)[number] | undefined;
    for (const o of outers) {
      const [oMinX, oMinY, oMaxX, oMaxY] = o.bbox;
      if (minX < oMinX || maxX > oMaxX || minY < oMinY || maxY > oMaxY) continue;
      // the smallest containing outer ring: an island inside another polygon's hole
      if ((best === undefined || o.area < best.area) && ringInside(hole, o.ring)) best = o;
    }
    // A counter-clockwise ring inside no outer ring is an outer ring written with the wrong winding.
    if (best) best.holes.push(reversed(hole));
    else outers.push({ ring: hole, bbox: [minX, minY, maxX, maxY], area: planarSignedArea2(hole), holes: [] });
  }
  if (outers.length === 0) return null;
  const polygons = outers.map((o) => [o.ring, ...o.holes]);
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}
