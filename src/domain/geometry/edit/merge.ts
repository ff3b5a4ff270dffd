// Merging adjacent parcels into one. Every ring becomes oriented edges with the interior on
// the left (shells counter-clockwise, holes clockwise); an edge of one parcel and the same
// edge reversed of another are their common boundary and both go; what is left is the
// boundary of the merged parcel, traced back into rings. The kept edges are the inputs'
// own, so the merged area is the sum of the inputs' areas.
//
// A shared edge may carry a vertex on one side only (a T-junction, e.g. after one of the
// neighbours was split): a vertex within TOLERANCE of another parcel's edge — of its
// great circle, or of the straight lon/lat segment — cuts that edge there first.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { planarSignedArea2 } from '../orientation';
import { polygonsOf } from '../overlay';
import { geometryProblems } from '../validity';
import { offGreatCircle } from './greatCircle';
import { fail, ok, type EditResult } from './result';
import { closeRing, openRing, orientRing, samePoint } from './rings';

/** Degrees (≈ 0.1 mm): how near another parcel's edge a vertex counts as on it. */
const TOLERANCE = 1e-9;
/** Degrees: how far a great-circle edge can bow from its lon/lat chord (≈ 10 cm, edges up to a few km). */
const BOW = 1e-6;

interface Edge {
  a: Position;
  b: Position;
  /** which polygon (a part of a MultiPolygon counts as one) it bounds */
  owner: number;
}

const key = (p: Position): string => `${p[0]},${p[1]}`;

/**
 * Merges polygons that join along shared boundary segments (not just at points) into one
 * polygon; a gap the polygons enclose stays as a hole. The inputs must not overlap.
 */
export function mergePolygons(polygons: readonly (Polygon | MultiPolygon)[]): EditResult<Polygon> {
  if (polygons.length < 2) return fail('too-few-polygons');
  const owners: { input: number; start: Position }[] = [];
  const edges: Edge[] = [];
  for (let k = 0; k < polygons.length; k++) {
    const problems = geometryProblems(polygons[k]);
    if (problems.length > 0) return fail('invalid-polygon', problems[0].at, k);
    for (const polygon of polygonsOf(polygons[k])) {
      const owner = owners.length;
      polygon.forEach((ring, r) => {
        const open = orientRing(openRing(ring), r === 0);
        if (r === 0) owners.push({ input: k, start: open[0] });
        open.forEach((a, i) => edges.push({ a, b: open[(i + 1) % open.length], owner }));
      });
    }
  }

  const pieces = splitAtTJunctions(edges);
  // Cancel each edge against a reversed one of another owner; those owners are neighbours.
  const byEnds = new Map<string, number[]>();
  pieces.forEach((e, i) => {
    const k = `${key(e.a)}>${key(e.b)}`;
    const list = byEnds.get(k);
    if (list) list.push(i);
    else byEnds.set(k, [i]);
  });
  const gone = new Uint8Array(pieces.length);
  const group = new DisjointSets(owners.length);
  pieces.forEach((e, i) => {
    if (gone[i]) return;
    const j = byEnds.get(`${key(e.b)}>${key(e.a)}`)?.find((j) => !gone[j] && pieces[j].owner !== e.owner);
    if (j === undefined) return;
    gone[i] = gone[j] = 1;
    group.join(e.owner, pieces[j].owner);
  });
  for (let o = 1; o < owners.length; o++) if (group.find(o) !== group.find(0)) return fail('not-adjacent', owners[o].start, owners[o].input);

  const rings = traceRings(pieces.filter((_, i) => !gone[i]));
  if (!rings) return fail('invalid-result');
  const shells = rings.filter((ring) => planarSignedArea2(ring) > 0);
  if (shells.length !== 1) return fail('invalid-result', shells[1]?.[0]);
  const holes = rings.filter((ring) => planarSignedArea2(ring) < 0);
  const merged: Polygon = { type: 'Polygon', coordinates: [closeRing(shells[0]), ...holes.map(closeRing)] };
  const problems = geometryProblems(merged);
  if (problems.length > 0) return fail('invalid-result', problems[0].at);
  return ok(merged);
}

/** Each edge cut at the vertices of other owners that lie on it. */
function splitAtTJunctions(edges: readonly Edge[]): Edge[] {
  const vertices: { p: Position; owner: number }[] = [];
  const seen = new Set<string>();
  for (const e of edges) {
    const k = `${e.owner}:${key(e.a)}`;
    if (!seen.has(k)) {
      seen.add(k);
      vertices.push({ p: e.a, owner: e.owner });
    }
  }
  const out: Edge[] = [];
  for (const e of edges) {
    const { a, b } = e;
    const dx = b[0] - a[0], dy = b[1] - a[1];
    const len2 = dx * dx + dy * dy;
    const cuts: { t: number; p: Position }[] = [];
    const minX = Math.min(a[0], b[0]) - BOW, maxX = Math.max(a[0], b[0]) + BOW;
    const minY = Math.min(a[1], b[1]) - BOW, maxY = Math.max(a[1], b[1]) + BOW;
    for (const { p, owner } of vertices) {
      if (owner === e.owner || p[0] < minX || p[0] > maxX || p[1] < minY || p[1] > maxY) continue;
      if (samePoint(p, a) || samePoint(p, b)) continue;
      const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
      if (t <= 0 || t >= 1) continue;
      const off = Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
      if (off <= TOLERANCE || offGreatCircle(p, a, b) <= TOLERANCE) cuts.push({ t, p });
    }
    if (cuts.length === 0) {
      out.push(e);
      continue;
    }
    cuts.sort((u, v) => u.t - v.t);
    let from = a;
    for (const { p } of cuts) {
      if (samePoint(p, from)) continue;
      out.push({ a: from, b: p, owner: e.owner });
      from = p;
    }
    out.push({ a: from, b, owner: e.owner });
  }
  return out;
}

/**
 * The remaining edges joined into rings. At a vertex where the boundary meets itself each
 * incoming edge goes on by its sharpest right turn, which keeps a hole that touches the
 * shell (or another hole) at a point a ring of its own. Null if the edges do not close up.
 */
function traceRings(edges: readonly Edge[]): Position[][] | null {
  const leaving = new Map<string, number[]>();
  edges.forEach((e, i) => {
    const list = leaving.get(key(e.a));
    if (list) list.push(i);
    else leaving.set(key(e.a), [i]);
  });
  const next = edges.map((e) => {
    const dx = e.b[0] - e.a[0], dy = e.b[1] - e.a[1];
    let best = -1, bestTurn = Infinity;
    for (const j of leaving.get(key(e.b)) ?? []) {
      const ox = edges[j].b[0] - edges[j].a[0], oy = edges[j].b[1] - edges[j].a[1];
      // `|| 0`: a −0 cross product would make going straight back the sharpest right turn.
      const turn = Math.atan2(dx * oy - dy * ox || 0, dx * ox + dy * oy);
      if (turn < bestTurn) [best, bestTurn] = [j, turn];
    }
    return best;
  });
  const used = new Uint8Array(edges.length);
  const rings: Position[][] = [];
  for (let start = 0; start < edges.length; start++) {
    if (used[start]) continue;
    const ring: Position[] = [];
    let i = start;
    do {
      if (i < 0 || used[i]) return null;
      used[i] = 1;
      ring.push(edges[i].a);
      i = next[i];
    } while (i !== start);
    rings.push(ring);
  }
  return rings;
}

class DisjointSets {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]];
    return i;
  }
  join(i: number, j: number): void {
    this.parent[this.find(i)] = this.find(j);
  }
}
