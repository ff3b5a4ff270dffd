// Exact overlap areas between polygons and an indexed polygon set (parks, their union,
// districts), without building the intersection polygons.
//
// Green's theorem: the boundary of P ∩ Q is the part of P's boundary inside Q plus the
// part of Q's boundary inside P (interiors on the left). Summing the exact per-edge
// excess of those pieces gives the ellipsoidal area of P ∩ Q. Where an edge of P lies on
// an edge of Q (a parcel drawn along a park's red line) the shared piece belongs to the
// boundary once when both interiors are on the same side, and not at all otherwise.
//
// A parcel whose bounding box meets no edge of the set is wholly inside or outside it:
// one point-in-polygon test. Only parcels that straddle a boundary take the slow path.
import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import type { AreaGeometry } from '../schema/kinds';
import { authalicLatitude, edgeExcess, excessToSquareMetres, polygonArea } from './area';

/** Degrees (≈ 1 cm): points and edges closer than this are taken as coincident. */
const EPS = 1e-7;

export type Bbox = [minX: number, minY: number, maxX: number, maxY: number];

/** Planar signed area (deg²) of a ring: positive when counter-clockwise. */
function planarSignedArea(ring: ArrayLike<Position>): number {
  let twice = 0;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) twice += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return twice / 2;
}

/** Polygons of a Polygon or MultiPolygon geometry. */
export function polygonsOf(geometry: AreaGeometry): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function bboxOf(polygons: readonly Position[][][]): Bbox {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const polygon of polygons)
    for (const p of polygon[0] ?? []) {
      if (p[0] < minX) minX = p[0];
      if (p[0] > maxX) maxX = p[0];
      if (p[1] < minY) minY = p[1];
      if (p[1] > maxY) maxY = p[1];
    }
  return [minX, minY, maxX, maxY];
}

/** Edges of polygons, oriented so the interior is on the left (shells CCW, holes CW). */
class EdgeList {
  x1: number[] = [];
  y1: number[] = [];
  x2: number[] = [];
  y2: number[] = [];

  constructor(polygons: readonly Position[][][]) {
    for (const polygon of polygons)
      polygon.forEach((ring, r) => {
        const ccw = planarSignedArea(ring) > 0;
        const reverse = r === 0 ? !ccw : ccw;
        const n = ring.length;
        const closed = n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1];
        const m = closed ? n - 1 : n;
        for (let k = 0; k < m; k++) {
          const a = ring[reverse ? (m - k) % m : k];
          const b = ring[reverse ? m - k - 1 : (k + 1) % m];
          if (a[0] === b[0] && a[1] === b[1]) continue;
          this.x1.push(a[0]);
          this.y1.push(a[1]);
          this.x2.push(b[0]);
          this.y2.push(b[1]);
        }
      });
  }

  get length(): number {
    return this.x1.length;
  }
}

/** Where the point is: inside (1), on the boundary (0) or outside (−1) of the edges, by even-odd. */
function locateAmong(edges: EdgeList, ids: Iterable<number>, x: number, y: number): -1 | 0 | 1 {
  let inside = false;
  for (const i of ids) {
    const x1 = edges.x1[i], y1 = edges.y1[i], x2 = edges.x2[i], y2 = edges.y2[i];
    if (distanceToSegment(x, y, x1, y1, x2, y2) <= EPS) return 0;
    if (y1 > y !== y2 > y && x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
  }
  return inside ? 1 : -1;
}

function distanceToSegment(x: number, y: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1, dy = y2 - y1;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((x - x1) * dx + (y - y1) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
}

/**
 * Splits of two segments a→b and c→d where they cross, touch or overlap collinearly:
 * pushes the parameters (0 < t < 1) on each segment.
 */
function splitParams(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
  onAB: number[], onCD: number[],
): void {
  const rx = bx - ax, ry = by - ay, sx = dx - cx, sy = dy - cy;
  const lr2 = rx * rx + ry * ry, ls2 = sx * sx + sy * sy;
  const lr = Math.sqrt(lr2), ls = Math.sqrt(ls2);
  // Signed distances of each endpoint from the other segment's line.
  const dC = (rx * (cy - ay) - ry * (cx - ax)) / lr;
  const dD = (rx * (dy - ay) - ry * (dx - ax)) / lr;
  const dA = (sx * (ay - cy) - sy * (ax - cx)) / ls;
  const dB = (sx * (by - cy) - sy * (bx - cx)) / ls;
  const tEps = EPS / lr, sEps = EPS / ls;
  const pushT = (t: number): void => void (t > tEps && t < 1 - tEps && onAB.push(t));
  const pushS = (s: number): void => void (s > sEps && s < 1 - sEps && onCD.push(s));
  const projT = (px: number, py: number): number => ((px - ax) * rx + (py - ay) * ry) / lr2;
  const projS = (px: number, py: number): number => ((px - cx) * sx + (py - cy) * sy) / ls2;
  // An endpoint on the other segment (a T-junction, or the ends of a collinear overlap).
  if (Math.abs(dC) <= EPS) pushT(projT(cx, cy));
  if (Math.abs(dD) <= EPS) pushT(projT(dx, dy));
  if (Math.abs(dA) <= EPS) pushS(projS(ax, ay));
  if (Math.abs(dB) <= EPS) pushS(projS(bx, by));
  // A proper crossing: C and D's distances from AB locate it along CD, and vice versa.
  if (((dC > EPS && dD < -EPS) || (dC < -EPS && dD > EPS)) && ((dA > EPS && dB < -EPS) || (dA < -EPS && dB > EPS))) {
    pushT(dA / (dA - dB));
    pushS(dC / (dC - dD));
  }
}

/** Sorted, de-duplicated parameters with the ends 0 and 1. */
function breakpoints(params: number[]): number[] {
  params.sort((p, q) => p - q);
  const out = [0];
  for (const t of params) if (t - out[out.length - 1] > 1e-12) out.push(t);
  if (1 - out[out.length - 1] <= 1e-12) out.pop();
  out.push(1);
  return out;
}

/** Excess of the straight sub-edge between two lon/lat points (slow path only). */
function subEdgeExcess(x1: number, y1: number, x2: number, y2: number): number {
  const [s1, c1] = authalicLatitude(y1);
  const [s2, c2] = authalicLatitude(y2);
  return edgeExcess(x1, s1, c1, x2, s2, c2);
}

/**
 * A set of non-overlapping polygons (one valid MultiPolygon, e.g. the union of all
 * parks, or one park) indexed by edge for overlap and containment queries.
 */
export class PolygonIndex {
  readonly bbox: Bbox;
  private readonly edges: EdgeList;
  private readonly index: Flatbush | null;

  constructor(polygons: readonly Position[][][]) {
    this.edges = new EdgeList(polygons);
    this.bbox = bboxOf(polygons);
    const n = this.edges.length;
    if (n === 0) {
      this.index = null;
      return;
    }
    const index = new Flatbush(n);
    const { x1, y1, x2, y2 } = this.edges;
    for (let i = 0; i < n; i++) index.add(Math.min(x1[i], x2[i]), Math.min(y1[i], y2[i]), Math.max(x1[i], x2[i]), Math.max(y1[i], y2[i]));
    index.finish();
    this.index = index;
  }

  static of(geometry: AreaGeometry): PolygonIndex {
    return new PolygonIndex(polygonsOf(geometry));
  }

  private edgesNear(minX: number, minY: number, maxX: number, maxY: number): number[] {
    return this.index ? this.index.search(minX - EPS, minY - EPS, maxX + EPS, maxY + EPS) : [];
  }

  /** Inside (1), on the boundary (0) or outside (−1). */
  locate(x: number, y: number): -1 | 0 | 1 {
    if (!this.index || x < this.bbox[0] - EPS || x > this.bbox[2] + EPS || y < this.bbox[1] - EPS || y > this.bbox[3] + EPS) return -1;
    const near = this.edgesNear(x, y, x, y);
    for (const i of near) if (distanceToSegment(x, y, this.edges.x1[i], this.edges.y1[i], this.edges.x2[i], this.edges.y2[i]) <= EPS) return 0;
    // Cast a ray east: only the edges that span this latitude east of the point.
    const ray = this.index.search(x, y, this.bbox[2] + 1, y);
    return locateAmong(this.edges, ray, x, y);
  }

  /** Ellipsoidal area (m²) of geometry ∩ this set. */
  overlapArea(geometry: AreaGeometry): number {
    let sum = 0;
    for (const polygon of polygonsOf(geometry)) sum += this.polygonOverlap(polygon);
    return sum;
  }

  private polygonOverlap(polygon: Position[][]): number {
    if (!this.index || polygon.length === 0 || polygon[0].length < 3) return 0;
    const [minX, minY, maxX, maxY] = bboxOf([polygon]);
    if (maxX < this.bbox[0] || minX > this.bbox[2] || maxY < this.bbox[1] || minY > this.bbox[3]) return 0;
    const candidates = this.edgesNear(minX, minY, maxX, maxY);
    if (candidates.length === 0) {
      const p = polygon[0][0];
      return this.locate(p[0], p[1]) === 1 ? polygonArea(polygon) : 0;
    }
    const whole = polygonArea(polygon);
    const area = -this.greenOverlap(polygon, candidates) * excessToSquareMetres();
    // Round-off can leave a hair outside [0, whole] for parcels exactly inside or outside.
    return area < 0 ? 0 : area > whole ? whole : area;
  }

  /** Σ excess over the boundary of polygon ∩ set (negative for a positive area). */
  private greenOverlap(polygon: Position[][], candidates: number[]): number {
    const own = new EdgeList([polygon]);
    const q = this.edges;
    const ownIds = Array.from({ length: own.length }, (_, i) => i);
    const splitsOwn: number[][] = ownIds.map(() => []);
    const splitsQ = new Map<number, number[]>(candidates.map((j) => [j, []]));
    for (let i = 0; i < own.length; i++) {
      const ax = own.x1[i], ay = own.y1[i], bx = own.x2[i], by = own.y2[i];
      const eMinX = Math.min(ax, bx) - EPS, eMaxX = Math.max(ax, bx) + EPS, eMinY = Math.min(ay, by) - EPS, eMaxY = Math.max(ay, by) + EPS;
      for (const j of candidates) {
        const cx = q.x1[j], cy = q.y1[j], dx = q.x2[j], dy = q.y2[j];
        if (Math.max(cx, dx) < eMinX || Math.min(cx, dx) > eMaxX || Math.max(cy, dy) < eMinY || Math.min(cy, dy) > eMaxY) continue;
        splitParams(ax, ay, bx, by, cx, cy, dx, dy, splitsOwn[i], splitsQ.get(j) as number[]);
      }
    }
    let sum = 0;
    // Pieces of the polygon's own boundary that lie inside the set.
    for (let i = 0; i < own.length; i++) {
      const ax = own.x1[i], ay = own.y1[i], rx = own.x2[i] - ax, ry = own.y2[i] - ay;
      const ts = breakpoints(splitsOwn[i]);
      for (let k = 0; k + 1 < ts.length; k++) {
        const mt = (ts[k] + ts[k + 1]) / 2;
        if (this.includesOwnPiece(ax + mt * rx, ay + mt * ry, rx, ry)) sum += subEdgeExcess(ax + ts[k] * rx, ay + ts[k] * ry, ax + ts[k + 1] * rx, ay + ts[k + 1] * ry);
      }
    }
    // Pieces of the set's boundary strictly inside the polygon.
    for (const [j, params] of splitsQ) {
      const cx = q.x1[j], cy = q.y1[j], sx = q.x2[j] - cx, sy = q.y2[j] - cy;
      const ss = breakpoints(params);
      for (let k = 0; k + 1 < ss.length; k++) {
        const ms = (ss[k] + ss[k + 1]) / 2;
        if (locateAmong(own, ownIds, cx + ms * sx, cy + ms * sy) === 1) sum += subEdgeExcess(cx + ss[k] * sx, cy + ss[k] * sy, cx + ss[k + 1] * sx, cy + ss[k + 1] * sy);
      }
    }
    return sum;
  }

  /** A piece of the polygon's boundary (midpoint, direction) counts when inside, or on a same-direction edge. */
  private includesOwnPiece(mx: number, my: number, rx: number, ry: number): boolean {
    for (const j of this.edgesNear(mx, my, mx, my)) {
      const x1 = this.edges.x1[j], y1 = this.edges.y1[j], x2 = this.edges.x2[j], y2 = this.edges.y2[j];
      if (distanceToSegment(mx, my, x1, y1, x2, y2) <= EPS) return rx * (x2 - x1) + ry * (y2 - y1) > 0;
    }
    return this.locate(mx, my) === 1;
  }
}
