// Set operations on boundaries. The union of overlapping polygons (parks that share
// ground) keeps land inside two parks once; the difference takes national zones out of
// the districts under them. Both are oriented boundary edges, which is all the overlay
// needs: edges cut where other edges cross them (at the great circles' meeting point),
// keeping the pieces a predicate accepts.
import Flatbush from 'flatbush';
import type { AreaGeometry } from '../schema/kinds';
import { bboxOf, cutPoints, EdgeSet, EPS, PolygonIndex, polygonsOf, splitEdges, type Cut } from './overlay';

type Keep = (mx: number, my: number, rx: number, ry: number) => boolean;

/**
 * Adds to `out` the pieces of edge i of `from`, cut by the edges `cutters` finds, that
 * `keep` accepts (by their midpoint and direction); reversed when asked.
 */
function keptPieces(from: EdgeSet, i: number, cutters: Iterable<[EdgeSet, number]>, keep: Keep, reverse: boolean, out: EdgeSet): void {
  const cuts: Cut[] = [];
  for (const [set, j] of cutters) splitEdges(from, i, set, j, cuts, null);
  const points = cutPoints(from, i, cuts);
  const ax = from.x1[i], ay = from.y1[i], rx = from.x2[i] - ax, ry = from.y2[i] - ay;
  for (let m = 0; m + 1 < points.length; m++) {
    const mt = (points[m].t + points[m + 1].t) / 2;
    if (!keep(ax + mt * rx, ay + mt * ry, rx, ry)) continue;
    if (reverse) out.push(points[m + 1].p, points[m].p);
    else out.push(points[m].p, points[m + 1].p);
  }
}

function* near(index: PolygonIndex, e: EdgeSet, i: number): Generator<[EdgeSet, number]> {
  for (const j of index.edgesNear(Math.min(e.x1[i], e.x2[i]), Math.min(e.y1[i], e.y2[i]), Math.max(e.x1[i], e.x2[i]), Math.max(e.y1[i], e.y2[i]))) yield [index.edges, j];
}

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
  for (const g of geometries) boxes.add(...bboxOf(polygonsOf(g)));
  boxes.finish();
  indexes.forEach(({ edges }, k) => {
    for (let i = 0; i < edges.length; i++) {
      const others = boxes
        .search(Math.min(edges.x1[i], edges.x2[i]) - EPS, Math.min(edges.y1[i], edges.y2[i]) - EPS, Math.max(edges.x1[i], edges.x2[i]) + EPS, Math.max(edges.y1[i], edges.y2[i]) + EPS)
        .filter((j) => j !== k);
      const keep: Keep = (mx, my, rx, ry) => {
        for (const j of others) {
          const along = indexes[j].boundaryAt(mx, my);
          // Same direction: the first polygon keeps the shared piece; opposite: inside the union.
          if (along ? rx * along[0] + ry * along[1] < 0 || j < k : indexes[j].locate(mx, my) === 1) return false;
        }
        return true;
      };
      keptPieces(edges, i, others.flatMap((j) => [...near(indexes[j], edges, i)]), keep, false, out);
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
  const outsideB: Keep = (mx, my, rx, ry) => {
    const along = b.boundaryAt(mx, my);
    return along ? rx * along[0] + ry * along[1] < 0 : b.locate(mx, my) === -1;
  };
  const insideA: Keep = (mx, my) => a.boundaryAt(mx, my) === null && a.locate(mx, my) === 1;
  for (let i = 0; i < a.edges.length; i++) keptPieces(a.edges, i, near(b, a.edges, i), outsideB, false, out);
  for (let i = 0; i < b.edges.length; i++) keptPieces(b.edges, i, near(a, b.edges, i), insideA, true, out);
  return out;
}
