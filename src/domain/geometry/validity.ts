// Validity of area geometries (GeoJSON Polygon / MultiPolygon in lon/lat degrees).
//
// `geometryProblems` explains, ring by ring, what makes a geometry unusable for exact area
// work, in English and Chinese, with the polygon / ring / vertex and a fix hint. It follows the
// OGC simple-features rules for polygons, in the plane of the (lon, lat) coordinates:
//   - rings are closed, have ≥ 4 positions and ≥ 3 distinct points, and enclose an area;
//   - a ring does not cross or touch itself (a figure-8 or a spike is invalid); consecutive
//     duplicate points are tolerated (treated as one vertex) unless they leave too few points;
//   - rings of one polygon do not cross or share a segment, any two of them share at most one
//     point, and touching rings do not form a loop (either would cut the interior apart);
//   - holes lie inside the exterior ring and not inside another hole;
//   - the parts of a MultiPolygon do not overlap (their interiors are disjoint). Unlike strict
//     OGC, parts may share boundary (a vertex or a common edge), as neighbouring parcels do.
// Ring orientation (CW / CCW) is not a problem: either is accepted.
//
// Pure TypeScript: no DOM, no Node APIs, no I/O (runs in a browser worker, a server and a CLI).
//
// Numerics. Every topological decision (does a point lie left of, right of or on a line)
// uses `orient2d`, whose SIGN is exact: a double-precision evaluation with Shewchuk's
// forward error bound (ccwerrboundA) answers almost every call; when the bound cannot
// certify the sign, the determinant is recomputed exactly with BigInt from the exact binary
// values of the doubles (slow, but only reached in nearly degenerate configurations). So
// touching and collinear configurations (shared vertices, common edges, figure-8s, spikes)
// are classified exactly; only reported crossing points (`at`) are rounded.
//
// Speed. All edges of all usable rings go into one Flatbush index; each edge queries its
// bounding box, so edge pairs are tested only when their boxes meet (O(n log n + k) instead
// of O(n²)). Point-in-ring tests cast a ray through the same index. A valid 10 000-vertex ring
// is checked in ~10 ms (the very first call, with the JIT still cold, takes longer). At most
// MAX_PER_RING self-intersections are listed per ring; after that the ring's own edge pairs are
// no longer tested, so a scrambled 10 000-vertex ring (millions of crossings) takes about a
// second instead of minutes.
//
// Exactness has a consequence worth knowing: parts built with floating-point arithmetic that
// "share" an edge but overlap by 1e-16° are reported as overlapping; snap shared vertices to the
// same doubles when generating adjacent parts.
import { planarSignedArea2 } from './orientation';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import Flatbush from 'flatbush';

export type GeometryProblemCode =
  | 'not-polygon'
  | 'empty'
  | 'bad-coordinate'
  | 'out-of-range'
  | 'unclosed-ring'
  | 'too-few-points'
  /** Consecutive duplicate points are allowed, except when they leave the ring with fewer than 3 distinct points. */
  | 'repeated-point'
  | 'self-intersection'
  | 'ring-intersection'
  | 'hole-outside-shell'
  | 'zero-area'
  | 'polygons-overlap';

export interface GeometryProblem {
  code: GeometryProblemCode;
  /** index of the polygon in a MultiPolygon (0 for a Polygon) */
  polygon: number;
  /** ring index inside the polygon: 0 = exterior, 1.. = holes */
  ring: number;
  /** vertex index in the ring where it happens, when it has one */
  vertex?: number;
  /** the [lon, lat] where it happens (e.g. the crossing point) */
  at?: [number, number];
  /** English message, specific: which polygon/ring/vertex, what is wrong, what to do */
  message: string;
  /** Chinese message with the same content */
  messageZh: string;
}

/** At most this many self-intersections are listed per ring (and ring-intersections per ring pair). */
const MAX_PER_RING = 20;
/**
 * A ring whose points all lie within this fraction of its length from one straight line has
 * zero area. A relative tolerance (≈ 1e-12, i.e. 1 µm over 1000 km) catches "straight" rings
 * whose vertices are off the line by rounding only; an absolute area threshold would not work
 * for both tiny and huge rings, and a signed-area test would wrongly flag symmetric bow-ties.
 */
const COLLINEAR_TOLERANCE = 1e-12;

// ---------------------------------------------------------------------------------------------
// Exact-sign orientation predicate

const EPSILON = 1.1102230246251565e-16; // 2^-53
const CCW_ERRBOUND_A = (3 + 16 * EPSILON) * EPSILON;

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** Exact value of a finite double as `m · 2^e` (m a BigInt). */
function decompose(x: number): [bigint, number] {
  f64[0] = x;
  const bits = u64[0];
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let m = bits & 0xfffffffffffffn;
  if (expBits !== 0) m |= 0x10000000000000n;
  if (bits >> 63n) m = -m;
  return [m, (expBits === 0 ? 1 : expBits) - 1075];
}

function orientExact(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const parts = [ax, ay, bx, by, cx, cy].map(decompose);
  let minE = Infinity;
  for (const [, e] of parts) if (e < minE) minE = e;
  const [AX, AY, BX, BY, CX, CY] = parts.map(([m, e]) => m << BigInt(e - minE));
  const d = (AX - CX) * (BY - CY) - (AY - CY) * (BX - CX);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

/**
 * Orientation of c relative to the directed line a→b: > 0 when c is to the left
 * (a, b, c counter-clockwise), < 0 to the right, 0 when collinear. The sign is exact
 * (see the header); the magnitude is approximately twice the triangle's area.
 */
export function orient2d(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const detLeft = (ax - cx) * (by - cy);
  const detRight = (ay - cy) * (bx - cx);
  const det = detLeft - detRight;
  let detSum: number;
  if (detLeft > 0) {
    if (detRight <= 0) return det;
    detSum = detLeft + detRight;
  } else if (detLeft < 0) {
    if (detRight >= 0) return det;
    detSum = -detLeft - detRight;
  } else {
    return det; // detLeft is exactly 0, so det = -detRight, whose sign is exact
  }
  const bound = CCW_ERRBOUND_A * detSum;
  if (det >= bound || -det >= bound) return det;
  return orientExact(ax, ay, bx, by, cx, cy);
}

function sgn(v: number): number {
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Segment intersection (closed segments), exact classification

const NONE = 0;
const CROSS = 1; // interiors cross at a single point
const TOUCH = 2; // a single common point that is an endpoint of at least one segment
const OVERLAP = 3; // collinear with a common piece of positive length

// results of the last segIntersect call (avoids allocating)
let IX = 0;
let IY = 0;
let JX = 0;
let JY = 0;

function pickOnAxis(v: number, useX: boolean, xs: number[], ys: number[]): void {
  for (let k = 0; k < 4; k++) {
    if ((useX ? xs[k] : ys[k]) === v) {
      IX = xs[k];
      IY = ys[k];
      return;
    }
  }
}

function segIntersect(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): number {
  const o1 = sgn(orient2d(ax, ay, bx, by, cx, cy));
  const o2 = sgn(orient2d(ax, ay, bx, by, dx, dy));
  if (o1 === 0 && o2 === 0) {
    // all four points on one line: compare along the dominant axis
    const useX = ax !== bx;
    const a1 = useX ? ax : ay;
    const b1 = useX ? bx : by;
    const c1 = useX ? cx : cy;
    const d1 = useX ? dx : dy;
    const lo = Math.max(Math.min(a1, b1), Math.min(c1, d1));
    const hi = Math.min(Math.max(a1, b1), Math.max(c1, d1));
    if (lo > hi) return NONE;
    const xs = [ax, bx, cx, dx];
    const ys = [ay, by, cy, dy];
    pickOnAxis(hi, useX, xs, ys);
    JX = IX;
    JY = IY;
    pickOnAxis(lo, useX, xs, ys);
    return lo === hi ? TOUCH : OVERLAP;
  }
  if (o1 === o2) return NONE;
  const o3 = sgn(orient2d(cx, cy, dx, dy, ax, ay));
  const o4 = sgn(orient2d(cx, cy, dx, dy, bx, by));
  if (o3 === o4) return NONE; // both zero is impossible here (it would make o1 = o2 = 0)
  if (o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) {
    const rx = bx - ax;
    const ry = by - ay;
    const sx = dx - cx;
    const sy = dy - cy;
    const t = ((cx - ax) * sy - (cy - ay) * sx) / (rx * sy - ry * sx);
    IX = clamp(ax + t * rx, Math.max(Math.min(ax, bx), Math.min(cx, dx)), Math.min(Math.max(ax, bx), Math.max(cx, dx)));
    IY = clamp(ay + t * ry, Math.max(Math.min(ay, by), Math.min(cy, dy)), Math.min(Math.max(ay, by), Math.max(cy, dy)));
    return CROSS;
  }
  if (o1 === 0) {
    IX = cx;
    IY = cy;
  } else if (o2 === 0) {
    IX = dx;
    IY = dy;
  } else if (o3 === 0) {
    IX = ax;
    IY = ay;
  } else {
    IX = bx;
    IY = by;
  }
  return TOUCH;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Parameter of point (px, py), known to lie on the segment, along it (0 at start, 1 at end). */
function paramOn(x0: number, y0: number, x1: number, y1: number, px: number, py: number): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  return Math.abs(dx) >= Math.abs(dy) ? (px - x0) / dx : (py - y0) / dy;
}

// ---------------------------------------------------------------------------------------------
// Public helpers

/** Planar (lon/lat) orientation of a ring, closed or not; false for rings without area. */
export function ringIsClockwise(ring: Position[]): boolean {
  return planarSignedArea2(ring) < 0;
}

/** True when `g` is a Polygon or MultiPolygon without any problem reported by `geometryProblems`. */
export function isValidAreaGeometry(g: unknown): g is Polygon | MultiPolygon {
  return geometryProblems(g).length === 0;
}

// ---------------------------------------------------------------------------------------------
// Messages

interface Text {
  en: string;
  zh: string;
}

function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toFixed(7)));
}

function pt(x: number, y: number): string {
  return `(${num(x)}, ${num(y)})`;
}

function ringName(multi: boolean, p: number, r: number): Text {
  return {
    en: (multi ? `polygon ${p} ` : '') + (r === 0 ? 'ring 0 (exterior)' : `ring ${r} (hole ${r})`),
    zh: (multi ? `多边形 ${p} 的` : '') + (r === 0 ? '环 0（外环）' : `环 ${r}（第 ${r} 个内环）`),
  };
}

function shortJson(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

// ---------------------------------------------------------------------------------------------
// Internal model

interface Ring {
  polygon: number;
  ring: number;
  /** cleaned vertices (consecutive duplicates and the closing repeat removed), m ≥ 3 */
  xs: Float64Array;
  ys: Float64Array;
  /** original position index of each cleaned vertex */
  orig: Int32Array;
  m: number;
  edgeStart: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** polygon interior lies to the left of the ring's edges */
  interiorLeft: boolean;
  selfBad: boolean;
  selfCount: number;
  /** the listing is full: further self-intersections are not looked for */
  selfCapped: boolean;
  selfSeen: Set<string>;
  lastSelf?: GeometryProblem;
}

interface Poly {
  index: number;
  /** usable rings by ring index (null: unusable, reported already) */
  rings: (Ring | null)[];
  edgeStart: number;
  edgeEnd: number;
}

interface RingPair {
  bad: boolean;
  count: number;
  /** the listing is full: further intersections of the pair are not looked for */
  capped: boolean;
  last?: GeometryProblem;
  seen: Set<string>;
  /** distinct touch points: key → [x, y, vertex in the later ring or -1] */
  touches: Map<string, [number, number, number]>;
}

interface PolyPair {
  crossAt?: [number, number];
  sameSideAt?: [number, number];
}

// ---------------------------------------------------------------------------------------------

/**
 * Everything that is wrong with an area geometry, in order of polygon and ring; empty when the
 * geometry is a valid Polygon / MultiPolygon. Rings with unusable coordinates, too few points or
 * zero area are reported and left out of the topological checks (so one cause is not reported
 * many times); parts with problems are left out of the MultiPolygon overlap check.
 */
export function geometryProblems(geometry: unknown): GeometryProblem[] {
  const out: GeometryProblem[] = [];
  const add = (
    code: GeometryProblemCode, polygon: number, ring: number, text: Text,
    vertex?: number, at?: [number, number],
  ): GeometryProblem => {
    const p: GeometryProblem = { code, polygon, ring, message: text.en, messageZh: text.zh };
    if (vertex !== undefined) p.vertex = vertex;
    if (at !== undefined) p.at = at;
    out.push(p);
    return p;
  };

  // --- shape ------------------------------------------------------------------------------
  if (geometry === null || typeof geometry !== 'object' || Array.isArray(geometry)) {
    add('not-polygon', 0, 0, {
      en: `geometry is not a GeoJSON object (got ${shortJson(geometry)}): provide a Polygon or MultiPolygon`,
      zh: `几何不是 GeoJSON 对象（实际为 ${shortJson(geometry)}）：请提供 Polygon 或 MultiPolygon`,
    });
    return out;
  }
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    const t = shortJson(g.type);
    const feature = g.type === 'Feature';
    add('not-polygon', 0, 0, {
      en: `geometry type is ${t}, not Polygon or MultiPolygon: ` +
        (feature ? 'pass the feature\'s "geometry" member, not the feature' : 'provide an area geometry (Polygon or MultiPolygon)'),
      zh: `几何类型为 ${t}，不是 Polygon 或 MultiPolygon：` +
        (feature ? '请传入要素的 "geometry" 成员，而不是整个要素' : '请提供面几何（Polygon 或 MultiPolygon）'),
    });
    return out;
  }
  if (!Array.isArray(g.coordinates)) {
    add('not-polygon', 0, 0, {
      en: `${g.type} has no "coordinates" array (got ${shortJson(g.coordinates)}): give its rings as arrays of [lon, lat] positions`,
      zh: `${g.type} 缺少 "coordinates" 数组（实际为 ${shortJson(g.coordinates)}）：请以 [经度, 纬度] 坐标数组给出各环`,
    });
    return out;
  }
  const multi = g.type === 'MultiPolygon';
  const coords = g.coordinates as unknown[];
  if (coords.length === 0) {
    add('empty', 0, 0, {
      en: `${g.type} has empty coordinates: draw at least one polygon with an exterior ring`,
      zh: `${g.type} 的坐标为空：请至少绘制一个带外环的多边形`,
    });
    return out;
  }

  // --- rings ------------------------------------------------------------------------------
  const polys: Poly[] = [];
  const rings: Ring[] = [];
  const polyInputs: unknown[] = multi ? coords : [coords];
  for (let p = 0; p < polyInputs.length; p++) {
    const pin = polyInputs[p];
    const poly: Poly = { index: p, rings: [], edgeStart: 0, edgeEnd: 0 };
    polys.push(poly);
    if (!Array.isArray(pin)) {
      add('not-polygon', p, 0, {
        en: `polygon ${p} is not an array of rings (got ${shortJson(pin)}): give it as [[lon, lat], ...] rings`,
        zh: `多边形 ${p} 不是环的数组（实际为 ${shortJson(pin)}）：请以 [[经度, 纬度], ...] 环的形式给出`,
      });
      continue;
    }
    if (pin.length === 0) {
      add('empty', p, 0, multi
        ? { en: `polygon ${p} has no rings: remove it or draw its exterior ring`, zh: `多边形 ${p} 没有任何环：请删除它或绘制其外环` }
        : { en: 'Polygon has no rings: draw its exterior ring', zh: 'Polygon 没有任何环：请绘制其外环' });
      continue;
    }
    for (let r = 0; r < pin.length; r++) {
      const ring = analyzeRing(pin[r], multi, p, r, add);
      poly.rings.push(ring);
      if (ring) rings.push(ring);
    }
  }

  // --- edge index ---------------------------------------------------------------------------
  let E = 0;
  for (const poly of polys) {
    poly.edgeStart = E;
    for (const ring of poly.rings) {
      if (!ring) continue;
      ring.edgeStart = E;
      E += ring.m;
    }
    poly.edgeEnd = E;
  }
  if (E > 0) {
    const X0 = new Float64Array(E);
    const Y0 = new Float64Array(E);
    const X1 = new Float64Array(E);
    const Y1 = new Float64Array(E);
    const edgeRing = new Int32Array(E);
    const index = new Flatbush(E);
    for (let ri = 0; ri < rings.length; ri++) {
      const R = rings[ri];
      for (let i = 0; i < R.m; i++) {
        const e = R.edgeStart + i;
        const j = i + 1 === R.m ? 0 : i + 1;
        X0[e] = R.xs[i];
        Y0[e] = R.ys[i];
        X1[e] = R.xs[j];
        Y1[e] = R.ys[j];
        edgeRing[e] = ri;
        index.add(Math.min(X0[e], X1[e]), Math.min(Y0[e], Y1[e]), Math.max(X0[e], X1[e]), Math.max(Y0[e], Y1[e]));
      }
    }
    index.finish();
    const ctx: Ctx = { multi, polys, rings, X0, Y0, X1, Y1, edgeRing, index, add };
    checkTopology(ctx);
  }

  // stable: within a polygon and ring, problems stay in the order of the checks
  out.sort((a, b) => a.polygon - b.polygon || a.ring - b.ring);
  return out;
}

type AddFn = (
  code: GeometryProblemCode, polygon: number, ring: number, text: Text,
  vertex?: number, at?: [number, number],
) => GeometryProblem;

/** Coordinate and degeneracy checks of one ring; returns the ring when it can take part in the topology checks. */
function analyzeRing(input: unknown, multi: boolean, p: number, r: number, add: AddFn): Ring | null {
  const name = ringName(multi, p, r);
  if (!Array.isArray(input)) {
    add('not-polygon', p, r, {
      en: `${name.en} is not an array of positions (got ${shortJson(input)}): give it as [[lon, lat], ...]`,
      zh: `${name.zh}不是坐标点数组（实际为 ${shortJson(input)}）：请以 [[经度, 纬度], ...] 的形式给出`,
    });
    return null;
  }
  const n = input.length;

  // every position: an array of 2 finite numbers. A height (Z) is refused everywhere rather
  // than dropped unseen: the sender drops it knowingly.
  const withZ = input.findIndex((pos) => Array.isArray(pos) && pos.length > 2);
  if (withZ >= 0) {
    add('bad-coordinate', p, r, {
      en: `${name.en} vertex ${withZ} has ${(input[withZ] as unknown[]).length} numbers (${shortJson(input[withZ])}): positions are [lon, lat] without height; drop the Z values (QGIS: Drop M/Z Values; ogr2ogr -dim XY) and send it again`,
      zh: `${name.zh}的顶点 ${withZ} 有 ${(input[withZ] as unknown[]).length} 个数值（${shortJson(input[withZ])}）：坐标应为不含高程的 [经度, 纬度]；请去掉 Z 值（QGIS：删除 M/Z 值；ogr2ogr -dim XY）后重新提交`,
    }, withZ);
    return null;
  }
  let badCount = 0;
  let firstBad = -1;
  for (let k = 0; k < n; k++) {
    const pos = input[k] as unknown;
    let ok = Array.isArray(pos) && pos.length === 2;
    if (ok) {
      for (const c of pos as unknown[]) {
        if (typeof c !== 'number' || !Number.isFinite(c)) {
          ok = false;
          break;
        }
      }
    }
    if (!ok) {
      if (firstBad < 0) firstBad = k;
      badCount++;
    }
  }
  if (badCount > 0) {
    const more = badCount > 1 ? ` (${badCount} such vertices in this ring)` : '';
    const moreZh = badCount > 1 ? `（本环共 ${badCount} 个此类顶点）` : '';
    add('bad-coordinate', p, r, {
      en: `${name.en} vertex ${firstBad} is not a [lon, lat] pair of finite numbers (got ${shortJson(input[firstBad])})${more}: fix or remove the vertex`,
      zh: `${name.zh}的顶点 ${firstBad} 不是由有限数值组成的 [经度, 纬度]（实际为 ${shortJson(input[firstBad])}）${moreZh}：请修正或删除该顶点`,
    }, firstBad);
    return null;
  }
  const pts = input as number[][];

  // lon/lat range
  let outCount = 0;
  let firstOut = -1;
  for (let k = 0; k < n; k++) {
    const x = pts[k][0];
    const y = pts[k][1];
    if (x < -180 || x > 180 || y < -90 || y > 90) {
      if (firstOut < 0) firstOut = k;
      outCount++;
    }
  }
  if (outCount > 0) {
    const x = pts[firstOut][0];
    const y = pts[firstOut][1];
    const more = outCount > 1 ? ` (${outCount} of ${n} vertices in this ring are out of range)` : '';
    const moreZh = outCount > 1 ? `（本环 ${n} 个顶点中有 ${outCount} 个超出范围）` : '';
    let hint: Text;
    if (Math.abs(x) > 180 || Math.abs(y) > 180) {
      hint = outCount === n
        ? { en: 'coordinates look projected (metres) — reproject to EPSG:4490/4326 lon/lat', zh: '坐标看起来是投影坐标（米）——请重投影为 EPSG:4490/4326 经纬度' }
        : {
          en: 'fix the vertex (a typo?); if the data are projected (metres), reproject to EPSG:4490/4326 lon/lat',
          zh: '请修正该顶点（是否录入错误？）；若数据为投影坐标（米），请重投影为 EPSG:4490/4326 经纬度',
        };
    } else if (Math.abs(y) > 90 && Math.abs(x) <= 90) {
      hint = { en: 'latitude must be within [-90, 90] — check whether longitude and latitude are swapped', zh: '纬度须在 [-90, 90] 之内——请检查经纬度是否颠倒' };
    } else {
      hint = { en: 'latitude must be within [-90, 90] — fix the vertex', zh: '纬度须在 [-90, 90] 之内——请修正该顶点' };
    }
    add('out-of-range', p, r, {
      en: `${name.en} vertex ${firstOut} ${pt(x, y)} is outside lon [-180, 180] / lat [-90, 90]${more}: ${hint.en}`,
      zh: `${name.zh}的顶点 ${firstOut} ${pt(x, y)} 超出经度 [-180, 180] / 纬度 [-90, 90] 范围${moreZh}：${hint.zh}`,
    }, firstOut, [x, y]);
  }

  // closure
  const closed = n > 0 && pts[0][0] === pts[n - 1][0] && pts[0][1] === pts[n - 1][1];
  if (n > 1 && !closed) {
    const f = pts[0];
    const l = pts[n - 1];
    add('unclosed-ring', p, r, {
      en: `${name.en} is not closed: its last vertex ${n - 1} ${pt(l[0], l[1])} differs from its first vertex 0 ${pt(f[0], f[1])} — repeat the first vertex at the end`,
      zh: `${name.zh}未闭合：最后一个顶点 ${n - 1} ${pt(l[0], l[1])} 与第一个顶点 0 ${pt(f[0], f[1])} 不同——请在末尾重复第一个顶点`,
    }, n - 1, [l[0], l[1]]);
  }

  // cleaned vertices: consecutive duplicates collapsed, closing repeat(s) dropped
  const last = closed ? n - 1 : n;
  const xs: number[] = [];
  const ys: number[] = [];
  const orig: number[] = [];
  let firstDup = -1;
  for (let k = 0; k < last; k++) {
    const x = pts[k][0];
    const y = pts[k][1];
    const c = xs.length;
    if (c > 0 && xs[c - 1] === x && ys[c - 1] === y) {
      if (firstDup < 0) firstDup = k;
      continue;
    }
    xs.push(x);
    ys.push(y);
    orig.push(k);
  }
  while (xs.length > 1 && xs[xs.length - 1] === xs[0] && ys[ys.length - 1] === ys[0]) {
    if (firstDup < 0 || orig[orig.length - 1] < firstDup) firstDup = orig[orig.length - 1];
    xs.pop();
    ys.pop();
    orig.pop();
  }
  const m = xs.length;

  // distinct points (stop counting at 3)
  const distinct: number[] = [];
  for (let k = 0; k < m && distinct.length < 3; k++) {
    let seen = false;
    for (const d of distinct) {
      if (xs[d] === xs[k] && ys[d] === ys[k]) {
        seen = true;
        break;
      }
    }
    if (!seen) distinct.push(k);
  }
  const nDistinct = distinct.length;

  if (n < 4) {
    add('too-few-points', p, r, {
      en: `${name.en} has only ${n} position${n === 1 ? '' : 's'}; a ring needs at least 4 (3 distinct points plus the closing repeat of the first): add vertices or remove the ring`,
      zh: `${name.zh}只有 ${n} 个坐标点；一个环至少需要 4 个（3 个不同的点，再加上与首点相同的闭合点）：请补充顶点或删除该环`,
    });
    return null;
  }
  if (nDistinct < 3) {
    if (m < 3 && firstDup >= 0) {
      const d = pts[firstDup];
      add('repeated-point', p, r, {
        en: `${name.en} repeats vertex ${firstDup} ${pt(d[0], d[1])} consecutively, which leaves only ${nDistinct} distinct point${nDistinct === 1 ? '' : 's'}: remove the duplicates and draw at least 3 distinct points`,
        zh: `${name.zh}在顶点 ${firstDup} ${pt(d[0], d[1])} 处连续重复，去重后只剩 ${nDistinct} 个不同的点：请删除重复点并至少绘制 3 个不同的点`,
      }, firstDup, [d[0], d[1]]);
    } else {
      add('too-few-points', p, r, {
        en: `${name.en} has only ${nDistinct} distinct point${nDistinct === 1 ? '' : 's'}; a ring needs at least 3: add vertices or remove the ring`,
        zh: `${name.zh}只有 ${nDistinct} 个不同的点；一个环至少需要 3 个：请补充顶点或删除该环`,
      });
    }
    return null;
  }

  // zero area: every vertex (within a relative tolerance) on the line through the two farthest-apart vertices
  let a = 0;
  let best = -1;
  for (let k = 0; k < m; k++) {
    const d = (xs[k] - xs[0]) ** 2 + (ys[k] - ys[0]) ** 2;
    if (d > best) {
      best = d;
      a = k;
    }
  }
  let b = a;
  best = -1;
  for (let k = 0; k < m; k++) {
    const d = (xs[k] - xs[a]) ** 2 + (ys[k] - ys[a]) ** 2;
    if (d > best) {
      best = d;
      b = k;
    }
  }
  const len2 = best;
  let collinear = true;
  for (let k = 0; k < m && collinear; k++) {
    const cross = (xs[b] - xs[a]) * (ys[k] - ys[a]) - (ys[b] - ys[a]) * (xs[k] - xs[a]);
    if (Math.abs(cross) > COLLINEAR_TOLERANCE * len2) collinear = false;
  }
  if (collinear) {
    add('zero-area', p, r, {
      en: `${name.en} has zero area: all its points lie on one line from ${pt(xs[a], ys[a])} to ${pt(xs[b], ys[b])}: redraw it as a real area or remove it`,
      zh: `${name.zh}面积为零：所有点都在 ${pt(xs[a], ys[a])} 到 ${pt(xs[b], ys[b])} 的一条直线上：请重新绘制为有面积的环或删除它`,
    }, undefined, [xs[a], ys[a]]);
    return null;
  }

  // bbox and orientation (shoelace relative to the first vertex)
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let area2 = 0;
  for (let k = 0; k < m; k++) {
    const x = xs[k];
    const y = ys[k];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    const j = k + 1 === m ? 0 : k + 1;
    area2 += (x - xs[0]) * (ys[j] - ys[0]) - (xs[j] - xs[0]) * (y - ys[0]);
  }
  const ccw = area2 > 0;
  return {
    polygon: p,
    ring: r,
    xs: Float64Array.from(xs),
    ys: Float64Array.from(ys),
    orig: Int32Array.from(orig),
    m,
    edgeStart: 0,
    minX,
    minY,
    maxX,
    maxY,
    interiorLeft: ccw !== (r > 0),
    selfBad: false,
    selfCount: 0,
    selfCapped: false,
    selfSeen: new Set(),
  };
}

interface Ctx {
  multi: boolean;
  polys: Poly[];
  rings: Ring[];
  X0: Float64Array;
  Y0: Float64Array;
  X1: Float64Array;
  Y1: Float64Array;
  edgeRing: Int32Array;
  index: Flatbush;
  add: AddFn;
}

function edgeLabel(R: Ring, i: number): string {
  return `${R.orig[i]}→${R.orig[i + 1 === R.m ? 0 : i + 1]}`;
}

/** Original index of the vertex of edge i (of ring R) at (x, y), or -1. */
function vertexAt(R: Ring, i: number, x: number, y: number): number {
  const j = i + 1 === R.m ? 0 : i + 1;
  if (R.xs[j] === x && R.ys[j] === y) return R.orig[j];
  if (R.xs[i] === x && R.ys[i] === y) return R.orig[i];
  return -1;
}

/**
 * Where (x, y) lies relative to the edges [eStart, eEnd) taken as one even-odd region:
 * 1 inside, 0 on an edge, -1 outside. Casts a ray towards +x through the index.
 */
function locate(ctx: Ctx, x: number, y: number, eStart: number, eEnd: number, maxX: number): number {
  const { X0, Y0, X1, Y1 } = ctx;
  if (x > maxX) return -1;
  let inside = false;
  let onEdge = false;
  ctx.index.search(x, y, maxX, y, (e) => {
    if (onEdge || e < eStart || e >= eEnd) return false;
    const x0 = X0[e];
    const y0 = Y0[e];
    const x1 = X1[e];
    const y1 = Y1[e];
    const o = orient2d(x0, y0, x1, y1, x, y);
    if (o === 0 && x >= Math.min(x0, x1) && x <= Math.max(x0, x1) && y >= Math.min(y0, y1) && y <= Math.max(y0, y1)) {
      onEdge = true;
      return false;
    }
    if ((y0 > y) !== (y1 > y) && (y1 > y0 ? o > 0 : o < 0)) inside = !inside;
    return false;
  });
  return onEdge ? 0 : inside ? 1 : -1;
}

function checkTopology(ctx: Ctx): void {
  const { multi, polys, rings, X0, Y0, X1, Y1, edgeRing, index, add } = ctx;
  const E = X0.length;
  const nPolys = polys.length;
  const ringPairs = new Map<number, RingPair>();
  const polyPairs = new Map<number, PolyPair>();
  /** contacts of edge e with other parts of a MultiPolygon: flat [q, t0, t1, q, t0, t1, ...] (q: the part, t: along e) */
  const contacts: (number[] | undefined)[] = nPolys > 1 ? new Array<number[] | undefined>(E) : [];
  const addContact = (e: number, q: number, t0: number, t1: number): void => {
    let list = contacts[e];
    if (!list) contacts[e] = list = [];
    if (t0 <= t1) list.push(q, t0, t1);
    else list.push(q, t1, t0);
  };

  const cands: number[] = [];
  // candidates b > a; once a ring's listing is full, its other edge pairs are skipped
  // (this keeps pathological rings with millions of crossings fast)
  let curA = 0;
  let curRing = 0;
  let curCapped = false;
  const collect = (b: number): boolean => {
    if (b > curA && !(curCapped && edgeRing[b] === curRing)) cands.push(b);
    return false;
  };
  for (let a = 0; a < E; a++) {
    const ax = X0[a];
    const ay = Y0[a];
    const bx = X1[a];
    const by = Y1[a];
    const ra = edgeRing[a];
    const RA = rings[ra];
    const i = a - RA.edgeStart;
    cands.length = 0;
    curA = a;
    curRing = ra;
    curCapped = RA.selfCapped;
    index.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by), collect);
    if (cands.length === 0) continue;
    cands.sort((u, v) => u - v);
    for (const b of cands) {
      const rb = edgeRing[b];
      const RB = rings[rb];
      const cx = X0[b];
      const cy = Y0[b];
      const dx = X1[b];
      const dy = Y1[b];

      if (ra === rb) {
        // ---- within one ring
        if (RA.selfCapped) continue;
        const j = b - RA.edgeStart;
        const m = RA.m;
        if (j === i + 1 || (i === 0 && j === m - 1)) {
          // adjacent edges share one vertex p: only a collinear fold-back (spike) is a problem
          let px: number, py: number, ox: number, oy: number, qx: number, qy: number, k: number;
          if (j === i + 1) {
            px = bx; py = by; ox = ax; oy = ay; qx = dx; qy = dy; k = j;
          } else {
            px = ax; py = ay; ox = cx; oy = cy; qx = bx; qy = by; k = 0;
          }
          if (
            orient2d(ox, oy, px, py, qx, qy) === 0 &&
            Math.sign(ox - px) === Math.sign(qx - px) &&
            Math.sign(oy - py) === Math.sign(qy - py)
          ) {
            reportSelf(ctx, RA, px, py, RA.orig[k], (nm) => ({
              en: `${nm.en} has a spike at vertex ${RA.orig[k]} ${pt(px, py)}: the ring goes out and comes back along the same line — remove vertex ${RA.orig[k]}`,
              zh: `${nm.zh}在顶点 ${RA.orig[k]} ${pt(px, py)} 处有尖刺：环沿同一直线出去又折回——请删除顶点 ${RA.orig[k]}`,
            }));
          }
          continue;
        }
        const kind = segIntersect(ax, ay, bx, by, cx, cy, dx, dy);
        if (kind === NONE) continue;
        const la = edgeLabel(RA, i);
        const lb = edgeLabel(RA, j);
        if (kind === CROSS) {
          const x = IX;
          const y = IY;
          reportSelf(ctx, RA, x, y, RA.orig[i], (nm) => ({
            en: `${nm.en} crosses itself between edges ${la} and ${lb} near ${pt(x, y)}: redraw the ring so it does not cross itself (split a bow-tie into two polygons)`,
            zh: `${nm.zh}自相交：边 ${la} 与边 ${lb} 在 ${pt(x, y)} 附近交叉：请重新绘制该环使其不自交（“8”字形应拆分为两个多边形）`,
          }));
        } else if (kind === TOUCH) {
          const x = IX;
          const y = IY;
          let v = vertexAt(RA, j, x, y);
          if (v < 0) v = vertexAt(RA, i, x, y);
          reportSelf(ctx, RA, x, y, v, (nm) => ({
            en: `${nm.en} touches itself at vertex ${v} ${pt(x, y)} (edges ${la} and ${lb}): a ring may pass through a point only once — split it into separate rings or polygons there`,
            zh: `${nm.zh}在顶点 ${v} ${pt(x, y)} 处自接触（边 ${la} 与边 ${lb}）：环只能经过一个点一次——请在该处拆分为独立的环或多边形`,
          }));
        } else {
          const x = IX;
          const y = IY;
          const x2 = JX;
          const y2 = JY;
          reportSelf(ctx, RA, x, y, RA.orig[j], (nm) => ({
            en: `${nm.en} runs back over itself: edges ${la} and ${lb} overlap from ${pt(x, y)} to ${pt(x2, y2)} — remove the doubled-back part`,
            zh: `${nm.zh}沿自身重叠：边 ${la} 与边 ${lb} 在 ${pt(x, y)} 至 ${pt(x2, y2)} 之间重合——请删除折返的部分`,
          }));
        }
        continue;
      }

      if (RA.polygon === RB.polygon) {
        // ---- two rings of one polygon (ra < rb, so RA.ring < RB.ring and RB is a hole)
        const key = ra * rings.length + rb;
        let pair = ringPairs.get(key);
        if (pair?.capped) continue;
        const kind = segIntersect(ax, ay, bx, by, cx, cy, dx, dy);
        if (kind === NONE) continue;
        if (!pair) ringPairs.set(key, (pair = { bad: false, count: 0, capped: false, seen: new Set(), touches: new Map() }));
        const x = IX;
        const y = IY;
        const j = b - RB.edgeStart;
        if (kind === TOUCH) {
          const k = `${x},${y}`;
          if (!pair.touches.has(k)) pair.touches.set(k, [x, y, vertexAt(RB, j, x, y)]);
          continue;
        }
        pair.bad = true;
        const pk = `${x},${y}`;
        if (pair.seen.has(pk)) continue;
        pair.seen.add(pk);
        if (pair.count >= MAX_PER_RING) {
          pair.capped = true;
          continue;
        }
        pair.count++;
        const A = ringName(multi, RA.polygon, RA.ring);
        const B = ringName(false, RB.polygon, RB.ring);
        const la = edgeLabel(RA, i);
        const lb = edgeLabel(RB, j);
        const text: Text = kind === CROSS
          ? {
            en: `${A.en} and ${B.en} cross near ${pt(x, y)} (edge ${la} of ring ${RA.ring} and edge ${lb} of ring ${RB.ring}): rings of a polygon must not cross — move or redraw hole ${RB.ring} so it lies inside the exterior ring, apart from the other holes`,
            zh: `${A.zh}与${B.zh}在 ${pt(x, y)} 附近交叉（环 ${RA.ring} 的边 ${la} 与环 ${RB.ring} 的边 ${lb}）：同一多边形的各环不得交叉——请移动或重绘内环 ${RB.ring}，使其位于外环之内且不与其他内环相交`,
          }
          : {
            en: `${A.en} and ${B.en} share a segment from ${pt(x, y)} to ${pt(JX, JY)} (edge ${la} of ring ${RA.ring} and edge ${lb} of ring ${RB.ring}): rings may touch only at single points — move hole ${RB.ring} off the other ring or merge them`,
            zh: `${A.zh}与${B.zh}共用一段边界，从 ${pt(x, y)} 到 ${pt(JX, JY)}（环 ${RA.ring} 的边 ${la} 与环 ${RB.ring} 的边 ${lb}）：各环只能在单个点处接触——请将内环 ${RB.ring} 移离另一环或将二者合并`,
          };
        pair.last = add('ring-intersection', RB.polygon, RB.ring, text, RB.orig[j], [x, y]);
        continue;
      }

      // ---- two parts of a MultiPolygon (RA.polygon < RB.polygon)
      const kind = segIntersect(ax, ay, bx, by, cx, cy, dx, dy);
      if (kind === NONE) continue;
      const pa = RA.polygon;
      const pb = RB.polygon;
      const pkey = pa * nPolys + pb;
      let pp = polyPairs.get(pkey);
      if (!pp) polyPairs.set(pkey, (pp = {}));
      if (kind === CROSS) {
        pp.crossAt ??= [IX, IY];
      } else if (kind === TOUCH) {
        addContact(a, pb, paramOn(ax, ay, bx, by, IX, IY), paramOn(ax, ay, bx, by, IX, IY));
        addContact(b, pa, paramOn(cx, cy, dx, dy, IX, IY), paramOn(cx, cy, dx, dy, IX, IY));
      } else {
        // shared piece of boundary: fine when the interiors lie on opposite sides of it
        const sameDir = Math.sign(bx - ax) === Math.sign(dx - cx) && Math.sign(by - ay) === Math.sign(dy - cy);
        if (sameDir === (RA.interiorLeft === RB.interiorLeft)) pp.sameSideAt ??= [(IX + JX) / 2, (IY + JY) / 2];
        addContact(a, pb, paramOn(ax, ay, bx, by, IX, IY), paramOn(ax, ay, bx, by, JX, JY));
        addContact(b, pa, paramOn(cx, cy, dx, dy, IX, IY), paramOn(cx, cy, dx, dy, JX, JY));
      }
    }
  }

  // notes on capped listings
  for (const R of rings) {
    if (R.selfCapped && R.lastSelf) {
      R.lastSelf.message += ` (only the first ${MAX_PER_RING} self-intersections of this ring are listed)`;
      R.lastSelf.messageZh += `（本环仅列出前 ${MAX_PER_RING} 处自相交）`;
    }
  }
  for (const pair of ringPairs.values()) {
    if (pair.capped && pair.last) {
      pair.last.message += ` (only the first ${MAX_PER_RING} intersections of these rings are listed)`;
      pair.last.messageZh += `（这两个环仅列出前 ${MAX_PER_RING} 处相交）`;
    }
  }

  // ---- rings of one polygon sharing more than one point
  const ringIndex = new Map<Ring, number>();
  rings.forEach((R, k) => ringIndex.set(R, k));
  const pairOf = (A: Ring, B: Ring): RingPair | undefined => {
    const ka = ringIndex.get(A)!;
    const kb = ringIndex.get(B)!;
    return ringPairs.get(Math.min(ka, kb) * rings.length + Math.max(ka, kb));
  };
  for (const [key, pair] of ringPairs) {
    if (pair.bad || pair.touches.size < 2) continue;
    pair.bad = true;
    const RA = rings[Math.floor(key / rings.length)];
    const RB = rings[key % rings.length];
    const ts = [...pair.touches.values()];
    const [x, y, v] = ts[1];
    const A = ringName(multi, RA.polygon, RA.ring);
    const B = ringName(false, RB.polygon, RB.ring);
    const list = ts.slice(0, 4).map(([tx, ty]) => pt(tx, ty)).join(', ') + (ts.length > 4 ? ', …' : '');
    add('ring-intersection', RB.polygon, RB.ring, {
      en: `${A.en} and ${B.en} touch at ${ts.length} points (${list}): two rings may share at most one point, otherwise they cut the polygon apart — separate the rings or split the polygon`,
      zh: `${A.zh}与${B.zh}在 ${ts.length} 个点处接触（${list}）：两个环至多只能共用一个点，否则会把多边形切开——请将两环分开或拆分多边形`,
    }, v >= 0 ? v : undefined, [x, y]);
  }

  // ---- rings touching in a loop (e.g. two holes touching each other and the exterior ring at
  // three different points) cut a piece off the interior. In the graph of rings and touch points
  // such a loop is a cycle; rings meeting at one common point are not.
  const parent: number[] = rings.map((_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]];
    return k;
  };
  const pointNode = new Map<string, number>();
  const linked = new Set<string>();
  for (const [key, pair] of ringPairs) {
    if (pair.bad || pair.touches.size !== 1) continue;
    const ka = Math.floor(key / rings.length);
    const kb = key % rings.length;
    const [x, y, v] = pair.touches.values().next().value!;
    const pk = `${rings[ka].polygon}:${x},${y}`;
    let node = pointNode.get(pk);
    if (node === undefined) {
      node = parent.length;
      parent.push(node);
      pointNode.set(pk, node);
    }
    for (const k of [ka, kb]) {
      const edge = `${k}@${node}`;
      if (linked.has(edge)) continue;
      linked.add(edge);
      const rk = find(k);
      const rn = find(node);
      if (rk !== rn) {
        parent[rk] = rn;
        continue;
      }
      if (pair.bad) continue;
      pair.bad = true;
      const RA = rings[ka];
      const RB = rings[kb];
      const A = ringName(multi, RA.polygon, RA.ring);
      const B = ringName(false, RB.polygon, RB.ring);
      add('ring-intersection', RB.polygon, RB.ring, {
        en: `${A.en} and ${B.en} touch at ${pt(x, y)}, closing a loop of rings that touch one another, which cuts off part of the polygon's interior: separate the rings or split the polygon`,
        zh: `${A.zh}与${B.zh}在 ${pt(x, y)} 处接触，与其他相互接触的环形成闭环，把多边形内部切出一块：请将这些环分开或拆分多边形`,
      }, v >= 0 ? v : undefined, [x, y]);
    }
  }

  // ---- holes inside the shell, not inside one another
  /** a vertex of R that is not a touch point with S, or -1 */
  const freeVertex = (R: Ring, S: Ring): number => {
    const touches = pairOf(R, S)?.touches;
    for (let k = 0; k < R.m; k++) {
      if (!touches || !touches.has(`${R.xs[k]},${R.ys[k]}`)) return k;
    }
    return -1;
  };
  const outsideHoles = new Set<Ring>();
  for (const poly of polys) {
    const shell = poly.rings[0];
    if (!shell || shell.selfBad) continue;
    const holes: Ring[] = [];
    for (let r = 1; r < poly.rings.length; r++) {
      const H = poly.rings[r];
      if (!H || H.selfBad || pairOf(shell, H)?.bad) continue;
      const k = freeVertex(H, shell);
      if (k < 0) continue;
      const x = H.xs[k];
      const y = H.ys[k];
      if (locate(ctx, x, y, shell.edgeStart, shell.edgeStart + shell.m, shell.maxX) < 0) {
        const nm = ringName(multi, poly.index, r);
        add('hole-outside-shell', poly.index, r, {
          en: `${nm.en} lies outside the exterior ring (its vertex ${H.orig[k]} ${pt(x, y)} is not inside ring 0): a hole must lie inside its exterior ring — move it inside, or make it a separate polygon if it is meant as an area`,
          zh: `${nm.zh}位于外环之外（其顶点 ${H.orig[k]} ${pt(x, y)} 不在环 0 之内）：内环必须位于外环之内——请将其移入外环，若它表示一块区域则应作为单独的多边形`,
        }, H.orig[k], [x, y]);
        outsideHoles.add(H);
      } else {
        holes.push(H);
      }
    }
    for (let u = 0; u < holes.length; u++) {
      for (let w = u + 1; w < holes.length; w++) {
        const H1 = holes[u];
        const H2 = holes[w];
        if (outsideHoles.has(H1) || outsideHoles.has(H2) || pairOf(H1, H2)?.bad) continue;
        let outer: Ring;
        let inner: Ring;
        if (H2.minX >= H1.minX && H2.maxX <= H1.maxX && H2.minY >= H1.minY && H2.maxY <= H1.maxY) {
          outer = H1;
          inner = H2;
        } else if (H1.minX >= H2.minX && H1.maxX <= H2.maxX && H1.minY >= H2.minY && H1.maxY <= H2.maxY) {
          outer = H2;
          inner = H1;
        } else {
          continue;
        }
        const k = freeVertex(inner, outer);
        if (k < 0) continue;
        const x = inner.xs[k];
        const y = inner.ys[k];
        if (locate(ctx, x, y, outer.edgeStart, outer.edgeStart + outer.m, outer.maxX) > 0) {
          const nm = ringName(multi, poly.index, inner.ring);
          add('hole-outside-shell', poly.index, inner.ring, {
            en: `${nm.en} lies inside hole ${outer.ring}, i.e. outside the polygon's area (its vertex ${inner.orig[k]} ${pt(x, y)} is inside ring ${outer.ring}): remove hole ${inner.ring}, or make it a separate polygon if it is meant as an area`,
            zh: `${nm.zh}位于内环 ${outer.ring} 之内，即在多边形范围之外（其顶点 ${inner.orig[k]} ${pt(x, y)} 在环 ${outer.ring} 之内）：请删除内环 ${inner.ring}，若它表示一块区域则应作为单独的多边形`,
          }, inner.orig[k], [x, y]);
          outsideHoles.add(inner);
        }
      }
    }
  }

  // ---- MultiPolygon parts overlapping
  if (nPolys < 2) return;
  const dirty = new Set<number>();
  // (problems so far are all of this geometry; out-of-range and unclosed rings are still usable)
  for (const p of ctx.polys) {
    if (p.rings.length === 0 || p.rings.some((R) => !R || R.selfBad || outsideHoles.has(R))) dirty.add(p.index);
  }
  for (const [key, pair] of ringPairs) if (pair.bad) dirty.add(rings[Math.floor(key / rings.length)].polygon);
  const clean = polys.filter((p) => !dirty.has(p.index));
  if (clean.length < 2) return;
  const pIndex = new Flatbush(clean.length);
  for (const p of clean) {
    const S = p.rings[0]!;
    pIndex.add(S.minX, S.minY, S.maxX, S.maxY);
  }
  pIndex.finish();

  /** a point of P's boundary strictly inside Q's interior, if any (boundaries known not to cross) */
  const boundaryInside = (P: Poly, Q: Poly): [number, number] | undefined => {
    const S = Q.rings[0]!;
    // strictly inside Q's interior: first strictly inside its shell's bounding box
    const inQ = (x: number, y: number): boolean =>
      x > S.minX && x < S.maxX && y > S.minY && y < S.maxY && locate(ctx, x, y, Q.edgeStart, Q.edgeEnd, S.maxX) > 0;
    for (const R of P.rings) {
      if (!R || R.maxX < S.minX || R.minX > S.maxX || R.maxY < S.minY || R.minY > S.maxY) continue;
      let runTested = false;
      for (let i = 0; i < R.m; i++) {
        const e = R.edgeStart + i;
        const all = contacts[e];
        let iv: number[] | undefined;
        if (all) {
          for (let k = 0; k < all.length; k += 3) {
            if (all[k] === Q.index) (iv ??= []).push(all[k + 1], all[k + 2]);
          }
        }
        if (!iv) {
          // the whole closed edge is off Q's boundary: one test per run of such edges
          if (!runTested) {
            runTested = true;
            if (inQ(X0[e], Y0[e])) return [X0[e], Y0[e]];
          }
          continue;
        }
        runTested = false;
        // pieces of the edge between contacts with Q's boundary are wholly inside or outside Q
        if (iv.length > 2) sortIntervals(iv);
        let from = 0;
        for (let k = 0; k <= iv.length; k += 2) {
          const t0 = k < iv.length ? iv[k] : 1;
          if (t0 > from) {
            const t = (from + t0) / 2;
            const x = X0[e] + t * (X1[e] - X0[e]);
            const y = Y0[e] + t * (Y1[e] - Y0[e]);
            if (inQ(x, y)) return [x, y];
          }
          if (k < iv.length && iv[k + 1] > from) from = iv[k + 1];
        }
      }
    }
    return undefined;
  };

  for (let u = 0; u < clean.length; u++) {
    const P = clean[u];
    const S = P.rings[0]!;
    const hits = pIndex.search(S.minX, S.minY, S.maxX, S.maxY, (w) => w > u).sort((x, y) => x - y);
    for (const w of hits) {
      const Q = clean[w];
      const pp = polyPairs.get(P.index * nPolys + Q.index);
      const at = pp?.crossAt ?? pp?.sameSideAt ?? boundaryInside(P, Q) ?? boundaryInside(Q, P);
      if (!at) continue;
      add('polygons-overlap', Q.index, 0, {
        en: `polygons ${P.index} and ${Q.index} overlap near ${pt(at[0], at[1])}: the parts of a MultiPolygon must not overlap — merge them into one polygon or cut the overlap out of one of them`,
        zh: `多边形 ${P.index} 与多边形 ${Q.index} 在 ${pt(at[0], at[1])} 附近重叠：MultiPolygon 的各部分不得重叠——请将它们合并为一个多边形，或从其中一个中裁去重叠部分`,
      }, undefined, at);
    }
  }
}

/** Sorts a flat list of intervals [t0, t1, t0, t1, ...] by t0 (lists are short: insertion sort). */
function sortIntervals(iv: number[]): void {
  for (let k = 2; k < iv.length; k += 2) {
    const a = iv[k];
    const b = iv[k + 1];
    let j = k - 2;
    while (j >= 0 && iv[j] > a) {
      iv[j + 2] = iv[j];
      iv[j + 3] = iv[j + 1];
      j -= 2;
    }
    iv[j + 2] = a;
    iv[j + 3] = b;
  }
}

function reportSelf(ctx: Ctx, R: Ring, x: number, y: number, vertex: number, text: (name: Text) => Text): void {
  R.selfBad = true;
  const key = `${x},${y}`;
  if (R.selfSeen.has(key)) return;
  R.selfSeen.add(key);
  if (R.selfCount >= MAX_PER_RING) {
    R.selfCapped = true;
    return;
  }
  R.selfCount++;
  R.lastSelf = ctx.add('self-intersection', R.polygon, R.ring, text(ringName(ctx.multi, R.polygon, R.ring)), vertex >= 0 ? vertex : undefined, [x, y]);
}
