// Set operations on boundaries. The union of overlapping polygons (parks that share
// ground) keeps land inside two parks once; the difference takes national zones out of
// the districts under them. Both are oriented boundary edges, which is all the overlay
// needs: edges cut where other edges cross them (at the great circles' meeting point),
// keeping the pieces a predicate accepts.
import Flatbush from 'flatbush';
import type { AreaGeometry } from '../schema/kinds';
import { cutPoints, EdgeSet, EPS, PolygonIndex, splitEdges, type Bbox, type Cut } from './overlay';

/** Whether to keep a piece, given its ends (lon/lat) and the direction of its edge. */
type Keep = (ax: number, ay: number, bx: number, by: number, rx: number, ry: number) => boolean;

/**
 * Adds to `out` the pieces of edge i of `from`, cut by the edges of `cutters` near it, that
 * `keep` accepts (by their midpoint and direction); reversed when asked.
 */
function keptPieces(from: EdgeSet, i: number, cutters: readonly PolygonIndex[], keep: Keep, reverse: boolean, out: EdgeSet): void {
  const ax = from.x1[i], ay = from.y1[i], rx = from.x2[i] - ax, ry = from.y2[i] - ay;
  const cuts: Cut[] = [];
  for (const index of cutters)
    for (const j of index.edgesNear(Math.min(ax, ax + rx), Math.min(ay, ay + ry), Math.max(ax, ax + rx), Math.max(ay, ay + ry))) splitEdges(from, i, index.edges, j, cuts, null);
  const points = cutPoints(from, i, cuts);
  for (let m = 0; m + 1 < points.length; m++) {
    const t0 = points[m].t, t1 = points[m + 1].t;
    if (!keep(ax + t0 * rx, ay + t0 * ry, ax + t1 * rx, ay + t1 * ry, rx, ry)) continue;
    if (reverse) out.push(points[m + 1].p, points[m].p);
    else out.push(points[m].p, points[m + 1].p);
  }
}

const overlaps = (a: Bbox, b: Bbox, pad = 0): boolean => a[0] <= b[2] + pad && b[0] <= a[2] + pad && a[1] <= b[3] + pad && b[1] <= a[3] + pad;

/**
 * Each polygon's edges outside every other polygon. A piece shared by two polygons stays
 * once when both interiors are on one side (a duplicated edge) and goes when they face
 * each other (two parks drawn along one road).
 */
export function unionBoundary(geometries: readonly AreaGeometry[]): EdgeSet {
  const indexes = geometries.map((g) => PolygonIndex.of(g));
  if (indexes.length === 1) return indexes[0].edges;
  const out = new EdgeSet();
  if (indexes.length === 0) return out;
  const boxes = new Flatbush(geometries.length);
  for (const index of indexes) boxes.add(...index.bbox);
  boxes.finish();
  indexes.forEach(({ edges, bbox }, k) => {
    // The few polygons whose boxes meet this one; an isolated polygon is all boundary.
    const neighbours = boxes.search(bbox[0] - EPS, bbox[1] - EPS, bbox[2] + EPS, bbox[3] + EPS).filter((j) => j !== k);
    for (let i = 0; i < edges.length; i++) {
      const box: Bbox = [Math.min(edges.x1[i], edges.x2[i]), Math.min(edges.y1[i], edges.y2[i]), Math.max(edges.x1[i], edges.x2[i]), Math.max(edges.y1[i], edges.y2[i])];
      const others = neighbours.filter((j) => overlaps(indexes[j].bbox, box, EPS));
      if (others.length === 0) {
        out.push(edges.start(i), edges.end(i));
        continue;
      }
      const keep: Keep = (px, py, qx, qy, rx, ry) => {
        for (const j of others) {
          const along = indexes[j].along(px, py, qx, qy);
          // Same direction: the first polygon keeps the shared piece; opposite: inside the union.
          if (along ? rx * along[0] + ry * along[1] < 0 || j < k : indexes[j].locate((px + qx) / 2, (py + qy) / 2, true) === 1) return false;
        }
        return true;
      };
      keptPieces(edges, i, others.map((j) => indexes[j]), keep, false, out);
    }
  });
  return out;
}

/** The union of the geometries, indexed for overlap queries. */
export function unionIndex(geometries: readonly AreaGeometry[]): PolygonIndex {
  return new PolygonIndex(unionBoundary(geometries));
}

/**
 * The boundary of a − b: a's edges outside b (or along b's edges facing the other way),
 * and b's edges inside a, reversed. Used for a district without the national zones over it.
 */
export function differenceBoundary(a: PolygonIndex, b: PolygonIndex): EdgeSet {
  const out = new EdgeSet();
  const outsideB: Keep = (px, py, qx, qy, rx, ry) => {
    const along = b.along(px, py, qx, qy);
    return along ? rx * along[0] + ry * along[1] < 0 : b.locate((px + qx) / 2, (py + qy) / 2, true) === -1;
  };
  const insideA: Keep = (px, py, qx, qy) => a.along(px, py, qx, qy) === null && a.locate((px + qx) / 2, (py + qy) / 2, true) === 1;
  for (let i = 0; i < a.edges.length; i++) keptPieces(a.edges, i, [b], outsideB, false, out);
  for (let i = 0; i < b.edges.length; i++) keptPieces(b.edges, i, [a], insideA, true, out);
  return out;
}
