// Exact overlap areas between polygons and an indexed polygon set (parks, their union,
// districts), without building the intersection polygons.
//
// Green's theorem: the boundary of P ∩ Q is the part of P's boundary inside Q plus the
// part of Q's boundary inside P (interiors on the left). Summing the exact per-edge
// excess of those pieces gives the ellipsoidal area of P ∩ Q. Where an edge of P lies on
// an edge of Q (a parcel drawn along a park's red line) the shared piece belongs to the
// boundary once when both interiors are on the same side, and not at all otherwise.
// A set is only its oriented boundary edges — which is also what a union of overlapping
// parks is (union.ts) — so no rings are ever rebuilt.
//
// Edges are geodesics (great circles of the authalic sphere), so two edges are cut where
// their great circles meet, and both take that one point: the pieces of an edge then add
// up to the whole edge exactly, and an overlap plus its complement is the parcel's area.
// Planar lon/lat serves only to order cuts along an edge and to tell inside from outside.
//
// A parcel whose bounding box meets no edge of the set is wholly inside or outside it:
// one point location on a grid. Only parcels that straddle a boundary take the slow path.
import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import type { AreaGeometry } from '../schema/kinds';
import { authalicLatitude, edgeExcess, excessToSquareMetres, polygonArea } from './area';
import { planarSignedArea2 } from './orientation';

const DEG = Math.PI / 180;

/** Degrees (≈ 1 cm): points and edges closer than this are taken as coincident. */
export const EPS = 1e-7;

export type Bbox = [minX: number, minY: number, maxX: number, maxY: number];

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


/** A point of an edge: lon/lat, with its authalic sin β and cos β for exact excess. */
export interface EdgePoint {
  x: number;
  y: number;
  s: number;
  c: number;
}

export function edgePoint(x: number, y: number): EdgePoint {
  const [s, c] = authalicLatitude(y);
  return { x, y, s, c };
}

/** Oriented edges with the interior on the left (shells CCW, holes CW). */
export class EdgeSet {
  x1: number[] = [];
  y1: number[] = [];
  x2: number[] = [];
  y2: number[] = [];
  /** authalic sin β, cos β of each end */
  s1: number[] = [];
  c1: number[] = [];
  s2: number[] = [];
  c2: number[] = [];

  get length(): number {
    return this.x1.length;
  }

  push(a: EdgePoint, b: EdgePoint): void {
    if (a.x === b.x && a.y === b.y) return;
    this.x1.push(a.x);
    this.y1.push(a.y);
    this.s1.push(a.s);
    this.c1.push(a.c);
    this.x2.push(b.x);
    this.y2.push(b.y);
    this.s2.push(b.s);
    this.c2.push(b.c);
  }

  start(i: number): EdgePoint {
    return { x: this.x1[i], y: this.y1[i], s: this.s1[i], c: this.c1[i] };
  }

  end(i: number): EdgePoint {
    return { x: this.x2[i], y: this.y2[i], s: this.s2[i], c: this.c2[i] };
  }

  excess(i: number): number {
    return edgeExcess(this.x1[i], this.s1[i], this.c1[i], this.x2[i], this.s2[i], this.c2[i]);
  }

  static fromPolygons(polygons: readonly Position[][][]): EdgeSet {
    const edges = new EdgeSet();
    for (const polygon of polygons)
      polygon.forEach((ring, r) => {
        const n = ring.length;
        const closed = n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1];
        const m = closed ? n - 1 : n;
        if (m < 3) return;
        const ccw = planarSignedArea2(ring) > 0;
        const reverse = r === 0 ? !ccw : ccw;
        const points = Array.from({ length: m }, (_, k) => edgePoint(ring[k][0], ring[k][1]));
        for (let k = 0; k < m; k++) edges.push(points[reverse ? (m - k) % m : k], points[reverse ? m - k - 1 : (k + 1) % m]);
      });
    return edges;
  }
}

function distanceToSegment(x: number, y: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1, dy = y2 - y1;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((x - x1) * dx + (y - y1) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const px = x1 + t * dx - x, py = y1 + t * dy - y;
  return Math.sqrt(px * px + py * py);
}

/** A cut of an edge: where along it (planar parameter, for order) and the point itself. */
export interface Cut {
  t: number;
  p: EdgePoint;
}

/** Where the great circles of edges i (of e) and j (of o) meet, on the side of edge i. */
export function greatCircleMeet(e: EdgeSet, i: number, o: EdgeSet, j: number): EdgePoint {
  const v = (lon: number, s: number, c: number): [number, number, number] => [c * Math.cos(lon * DEG), c * Math.sin(lon * DEG), s];
  const cross = (a: number[], b: number[]): [number, number, number] => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  // Each circle's normal as a × (b − a), not a × b: b − a of nearby unit vectors is exact,
  // and its products round at 1e-20, where a × b would tilt a 100 m edge's circle by 1e-12.
  const normal = (p: number[], q: number[]): [number, number, number] => cross(p, [q[0] - p[0], q[1] - p[1], q[2] - p[2]]);
  const a = v(e.x1[i], e.s1[i], e.c1[i]), b = v(e.x2[i], e.s2[i], e.c2[i]);
  const n = cross(normal(a, b), normal(v(o.x1[j], o.s1[j], o.c1[j]), v(o.x2[j], o.s2[j], o.c2[j])));
  const sign = n[0] * (a[0] + b[0]) + n[1] * (a[1] + b[1]) + n[2] * (a[2] + b[2]) < 0 ? -1 : 1;
  const len = sign * Math.hypot(n[0], n[1], n[2]);
  const [x, y, z] = [n[0] / len, n[1] / len, n[2] / len];
  return { x: Math.atan2(y, x) / DEG, y: 0, s: z, c: Math.hypot(x, y) };
}

/**
 * Where edge i of e and edge j of o cross, touch or overlap collinearly: pushes the cuts
 * (0 < t < 1) of edge i to `onE`, and of edge j to `onO` when given.
 */
export function splitEdges(e: EdgeSet, i: number, o: EdgeSet, j: number, onE: Cut[], onO: Cut[] | null): void {
  const ax = e.x1[i], ay = e.y1[i], bx = e.x2[i], by = e.y2[i];
  const cx = o.x1[j], cy = o.y1[j], dx = o.x2[j], dy = o.y2[j];
  const rx = bx - ax, ry = by - ay, sx = dx - cx, sy = dy - cy;
  const lr2 = rx * rx + ry * ry, ls2 = sx * sx + sy * sy;
  const lr = Math.sqrt(lr2), ls = Math.sqrt(ls2);
  // Signed distances of each endpoint from the other segment's line.
  const dC = (rx * (cy - ay) - ry * (cx - ax)) / lr;
  const dD = (rx * (dy - ay) - ry * (dx - ax)) / lr;
  const dA = (sx * (ay - cy) - sy * (ax - cx)) / ls;
  const dB = (sx * (by - cy) - sy * (bx - cx)) / ls;
  const tEps = EPS / lr, sEps = EPS / ls;
  const onThis = (t: number, p: EdgePoint): void => void (t > tEps && t < 1 - tEps && onE.push({ t, p }));
  const onOther = (t: number, p: EdgePoint): void => void (onO && t > sEps && t < 1 - sEps && onO.push({ t, p }));
  // An endpoint on the other edge (a T-junction, or the ends of a collinear overlap) cuts it there.
  if (Math.abs(dC) <= EPS) onThis(((cx - ax) * rx + (cy - ay) * ry) / lr2, o.start(j));
  if (Math.abs(dD) <= EPS) onThis(((dx - ax) * rx + (dy - ay) * ry) / lr2, o.end(j));
  if (Math.abs(dA) <= EPS) onOther(((ax - cx) * sx + (ay - cy) * sy) / ls2, e.start(i));
  if (Math.abs(dB) <= EPS) onOther(((bx - cx) * sx + (by - cy) * sy) / ls2, e.end(i));
  // A proper crossing: C and D's distances from AB locate it along CD, and vice versa;
  // the point itself is where the two great circles meet, shared by both edges.
  if (((dC > EPS && dD < -EPS) || (dC < -EPS && dD > EPS)) && ((dA > EPS && dB < -EPS) || (dA < -EPS && dB > EPS))) {
    const t = dA / (dA - dB);
    const p = greatCircleMeet(e, i, o, j);
    p.y = ay + t * ry;
    onThis(t, p);
    onOther(dC / (dC - dD), p);
  }
}

/** The points of an edge from its start to its end through its cuts, in order, once each. */
export function cutPoints(e: EdgeSet, i: number, cuts: Cut[]): Cut[] {
  cuts.sort((p, q) => p.t - q.t);
  const out: Cut[] = [{ t: 0, p: e.start(i) }];
  for (const c of cuts) if (c.t - out[out.length - 1].t > 1e-12) out.push(c);
  if (1 - out[out.length - 1].t <= 1e-12) out.pop();
  out.push({ t: 1, p: e.end(i) });
  return out;
}

const pieceExcess = (a: EdgePoint, b: EdgePoint): number => edgeExcess(a.x, a.s, a.c, b.x, b.s, b.c);

/** Inside (1), on the boundary (0, within EPS; never when `strict`) or outside (−1) of a small edge set, by even-odd. */
function locateAmong(edges: EdgeSet, x: number, y: number, strict = false): -1 | 0 | 1 {
  let inside = false;
  for (let i = 0; i < edges.length; i++) {
    const x1 = edges.x1[i], y1 = edges.y1[i], x2 = edges.x2[i], y2 = edges.y2[i];
    if (!strict && distanceToSegment(x, y, x1, y1, x2, y2) <= EPS) return 0;
    if (y1 > y !== y2 > y && x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
  }
  return inside ? 1 : -1;
}

/**
 * The direction of an edge of `edges` (among `ids`) that the piece a→b runs along: both
 * ends and the middle within EPS of it. A piece that only comes near an edge (a short
 * piece next to a crossing) does not run along it, and is told in or out by parity.
 */
export function runsAlong(edges: EdgeSet, ids: Iterable<number>, ax: number, ay: number, bx: number, by: number): [dx: number, dy: number] | null {
  const mx = (ax + bx) / 2, my = (ay + by) / 2;
  for (const j of ids) {
    const x1 = edges.x1[j], y1 = edges.y1[j], x2 = edges.x2[j], y2 = edges.y2[j];
    if (distanceToSegment(mx, my, x1, y1, x2, y2) <= EPS && distanceToSegment(ax, ay, x1, y1, x2, y2) <= EPS && distanceToSegment(bx, by, x1, y1, x2, y2) <= EPS)
      return [x2 - x1, y2 - y1];
  }
  return null;
}

/**
 * A uniform grid over a set's edges. Each cell lists the edges within EPS of it; a cell
 * with none is wholly inside or outside, found once per row by a sweep, so locating a
 * point is a table look-up, or a short ray east to the first empty cell.
 */
class LocateGrid {
  private readonly cols: number;
  private readonly rows: number;
  private readonly minX: number;
  private readonly minY: number;
  private readonly cw: number;
  private readonly ch: number;
  private readonly start: Int32Array;
  private readonly items: Int32Array;
  /** 1 inside, −1 outside, 0 has edges */
  private readonly state: Int8Array;
  private readonly stamp: Int32Array;
  private visit = 0;

  constructor(private readonly edges: EdgeSet, bbox: Bbox) {
    const n = edges.length;
    const side = Math.max(4, Math.min(1024, Math.ceil(2 * Math.sqrt(n))));
    this.cols = side;
    this.rows = side;
    this.minX = bbox[0] - 2 * EPS;
    this.minY = bbox[1] - 2 * EPS;
    this.cw = (bbox[2] - bbox[0] + 4 * EPS) / side;
    this.ch = (bbox[3] - bbox[1] + 4 * EPS) / side;
    const cells = side * side;
    const count = new Int32Array(cells + 1);
    const each = (i: number, f: (cell: number) => void): void => {
      const c0 = this.col(Math.min(edges.x1[i], edges.x2[i]) - EPS), c1 = this.col(Math.max(edges.x1[i], edges.x2[i]) + EPS);
      const r0 = this.row(Math.min(edges.y1[i], edges.y2[i]) - EPS), r1 = this.row(Math.max(edges.y1[i], edges.y2[i]) + EPS);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) f(r * side + c);
    };
    for (let i = 0; i < n; i++) each(i, (cell) => count[cell + 1]++);
    for (let k = 0; k < cells; k++) count[k + 1] += count[k];
    this.start = count.slice();
    this.items = new Int32Array(count[cells]);
    const fill = count.slice();
    for (let i = 0; i < n; i++) each(i, (cell) => (this.items[fill[cell]++] = i));
    this.stamp = new Int32Array(n);
    this.state = new Int8Array(cells);
    // Row sweep: the parity of crossings east of each empty cell's centre.
    const xs: number[] = [];
    for (let r = 0; r < side; r++) {
      const yc = this.minY + (r + 0.5) * this.ch;
      xs.length = 0;
      this.visit++;
      for (let k = this.start[r * side]; k < this.start[(r + 1) * side]; k++) {
        const i = this.items[k];
        if (this.stamp[i] === this.visit) continue;
        this.stamp[i] = this.visit;
        const y1 = edges.y1[i], y2 = edges.y2[i];
        if (y1 > yc !== y2 > yc) xs.push(edges.x1[i] + ((yc - y1) * (edges.x2[i] - edges.x1[i])) / (y2 - y1));
      }
      xs.sort((a, b) => a - b);
      let j = 0;
      for (let c = 0; c < side; c++) {
        const xc = this.minX + (c + 0.5) * this.cw;
        while (j < xs.length && xs[j] <= xc) j++;
        const east = xs.length - j;
        const cell = r * side + c;
        this.state[cell] = this.start[cell + 1] > this.start[cell] ? 0 : east % 2 === 1 ? 1 : -1;
      }
    }
  }

  private col(x: number): number {
    const c = Math.floor((x - this.minX) / this.cw);
    return c < 0 ? 0 : c >= this.cols ? this.cols - 1 : c;
  }

  private row(y: number): number {
    const r = Math.floor((y - this.minY) / this.ch);
    return r < 0 ? 0 : r >= this.rows ? this.rows - 1 : r;
  }

  /** 1 or −1 when every cell under the box is empty and of that state; else 0. */
  boxState(minX: number, minY: number, maxX: number, maxY: number): -1 | 0 | 1 {
    const c0 = this.col(minX), c1 = this.col(maxX), r0 = this.row(minY), r1 = this.row(maxY);
    const s = this.state[r0 * this.cols + c0];
    if (s === 0) return 0;
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) if (this.state[r * this.cols + c] !== s) return 0;
    return s as -1 | 1;
  }

  locate(x: number, y: number, strict = false): -1 | 0 | 1 {
    const c0 = this.col(x), r = this.row(y);
    const first = r * this.cols + c0;
    const s = this.state[first];
    if (s !== 0) return s as -1 | 1;
    const { edges } = this;
    if (!strict)
      for (let k = this.start[first]; k < this.start[first + 1]; k++) {
        const i = this.items[k];
        if (distanceToSegment(x, y, edges.x1[i], edges.y1[i], edges.x2[i], edges.y2[i]) <= EPS) return 0;
      }
    // Ray east to the first empty cell, whose state is known; beyond the grid: outside.
    this.visit++;
    let inside = false;
    let c = c0;
    for (; c < this.cols; c++) {
      const cell = r * this.cols + c;
      if (this.state[cell] !== 0) break;
      for (let k = this.start[cell]; k < this.start[cell + 1]; k++) {
        const i = this.items[k];
        if (this.stamp[i] === this.visit) continue;
        this.stamp[i] = this.visit;
        const x1 = edges.x1[i], y1 = edges.y1[i], x2 = edges.x2[i], y2 = edges.y2[i];
        if (y1 > y !== y2 > y && x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
      }
    }
    const beyond = c < this.cols ? this.state[r * this.cols + c] === 1 : false;
    return inside !== beyond ? 1 : -1;
  }
}

/**
 * A set of oriented boundary edges enclosing non-overlapping regions (one valid
 * MultiPolygon, or the union of overlapping parks), indexed for overlap and location.
 */
export class PolygonIndex {
  readonly bbox: Bbox;
  readonly edges: EdgeSet;
  private readonly index: Flatbush | null;
  private grid: LocateGrid | null = null;

  constructor(edges: EdgeSet) {
    this.edges = edges;
    const n = edges.length;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    const { x1, y1, x2, y2 } = edges;
    for (let i = 0; i < n; i++) {
      minX = Math.min(minX, x1[i], x2[i]);
      maxX = Math.max(maxX, x1[i], x2[i]);
      minY = Math.min(minY, y1[i], y2[i]);
      maxY = Math.max(maxY, y1[i], y2[i]);
    }
    this.bbox = [minX, minY, maxX, maxY];
    if (n === 0) {
      this.index = null;
      return;
    }
    const index = new Flatbush(n);
    for (let i = 0; i < n; i++) index.add(Math.min(x1[i], x2[i]), Math.min(y1[i], y2[i]), Math.max(x1[i], x2[i]), Math.max(y1[i], y2[i]));
    index.finish();
    this.index = index;
  }

  static of(geometry: AreaGeometry): PolygonIndex {
    return new PolygonIndex(EdgeSet.fromPolygons(polygonsOf(geometry)));
  }

  /** Edges whose boxes come within EPS of the box. */
  edgesNear(minX: number, minY: number, maxX: number, maxY: number): number[] {
    return this.index ? this.index.search(minX - EPS, minY - EPS, maxX + EPS, maxY + EPS) : [];
  }

  /** The set's own area, m²: Green's theorem over its boundary. */
  area(): number {
    let sum = 0;
    for (let i = 0; i < this.edges.length; i++) sum += this.edges.excess(i);
    return -sum * excessToSquareMetres();
  }

  private get locator(): LocateGrid {
    return (this.grid ??= new LocateGrid(this.edges, this.bbox));
  }

  /** Inside (1), on the boundary (0: within EPS; never when `strict`) or outside (−1). */
  locate(x: number, y: number, strict = false): -1 | 0 | 1 {
    if (!this.index || x < this.bbox[0] - EPS || x > this.bbox[2] + EPS || y < this.bbox[1] - EPS || y > this.bbox[3] + EPS) return -1;
    return this.locator.locate(x, y, strict);
  }

  /** The direction of this set's edge that the piece a→b runs along, or null (see runsAlong). */
  along(ax: number, ay: number, bx: number, by: number, among?: readonly number[]): [dx: number, dy: number] | null {
    return runsAlong(this.edges, among ?? this.edgesNear(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)), ax, ay, bx, by);
  }



  /** Ellipsoidal area (m²) of geometry ∩ this set. */
  overlapArea(geometry: AreaGeometry): number {
    let sum = 0;
    for (const polygon of polygonsOf(geometry)) sum += this.polygonOverlap(polygon);
    return sum;
  }

  private polygonOverlap(polygon: Position[][]): number {
    const shell = polygon[0];
    if (!this.index || !shell || shell.length < 3) return 0;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const p of shell) {
      if (p[0] < minX) minX = p[0];
      if (p[0] > maxX) maxX = p[0];
      if (p[1] < minY) minY = p[1];
      if (p[1] > maxY) maxY = p[1];
    }
    if (maxX < this.bbox[0] || minX > this.bbox[2] || maxY < this.bbox[1] || minY > this.bbox[3]) return 0;
    // Most parcels sit in grid cells no edge comes near: wholly in or out, no search.
    const clear = this.locator.boxState(minX, minY, maxX, maxY);
    if (clear !== 0) return clear === 1 ? polygonArea(polygon) : 0;
    const candidates = this.edgesNear(minX, minY, maxX, maxY);
    if (candidates.length === 0) return this.locate(shell[0][0], shell[0][1]) === 1 ? polygonArea(polygon) : 0;
    const whole = polygonArea(polygon);
    const area = -this.greenOverlap(polygon, candidates) * excessToSquareMetres();
    // Round-off can leave a hair outside [0, whole] for parcels exactly inside or outside.
    return area < 0 ? 0 : area > whole ? whole : area;
  }

  /** Σ excess over the boundary of polygon ∩ set (negative for a positive area). */
  private greenOverlap(polygon: Position[][], candidates: number[]): number {
    const own = EdgeSet.fromPolygons([polygon]);
    const ownIds = Array.from({ length: own.length }, (_, i) => i);
    const q = this.edges;
    const cutsOwn: Cut[][] = [];
    const cutsQ: Cut[][] = candidates.map(() => []);
    for (let i = 0; i < own.length; i++) {
      const eMinX = Math.min(own.x1[i], own.x2[i]) - EPS, eMaxX = Math.max(own.x1[i], own.x2[i]) + EPS;
      const eMinY = Math.min(own.y1[i], own.y2[i]) - EPS, eMaxY = Math.max(own.y1[i], own.y2[i]) + EPS;
      const cuts: Cut[] = [];
      candidates.forEach((j, k) => {
        if (Math.max(q.x1[j], q.x2[j]) < eMinX || Math.min(q.x1[j], q.x2[j]) > eMaxX || Math.max(q.y1[j], q.y2[j]) < eMinY || Math.min(q.y1[j], q.y2[j]) > eMaxY) return;
        splitEdges(own, i, q, j, cuts, cutsQ[k]);
      });
      cutsOwn.push(cuts);
    }
    let sum = 0;
    // Pieces of the polygon's own boundary inside the set, or on a same-direction edge of it.
    for (let i = 0; i < own.length; i++) {
      const ax = own.x1[i], ay = own.y1[i], rx = own.x2[i] - ax, ry = own.y2[i] - ay;
      const points = cutPoints(own, i, cutsOwn[i]);
      for (let k = 0; k + 1 < points.length; k++) {
        const t0 = points[k].t, t1 = points[k + 1].t, mt = (t0 + t1) / 2;
        const along = this.along(ax + t0 * rx, ay + t0 * ry, ax + t1 * rx, ay + t1 * ry, candidates);
        if (along ? rx * along[0] + ry * along[1] > 0 : this.locate(ax + mt * rx, ay + mt * ry, true) === 1) sum += pieceExcess(points[k].p, points[k + 1].p);
      }
    }
    // Pieces of the set's boundary strictly inside the polygon.
    candidates.forEach((j, k) => {
      const cx = q.x1[j], cy = q.y1[j], sx = q.x2[j] - cx, sy = q.y2[j] - cy;
      const points = cutPoints(q, j, cutsQ[k]);
      for (let m = 0; m + 1 < points.length; m++) {
        const s0 = points[m].t, s1 = points[m + 1].t, ms = (s0 + s1) / 2;
        // Along the polygon's own boundary: counted from the polygon's side (or not at all).
        if (runsAlong(own, ownIds, cx + s0 * sx, cy + s0 * sy, cx + s1 * sx, cy + s1 * sy)) continue;
        if (locateAmong(own, cx + ms * sx, cy + ms * sy, true) === 1) sum += pieceExcess(points[m].p, points[m + 1].p);
      }
    });
    return sum;
  }
}
