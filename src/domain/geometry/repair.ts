// Repair of invalid area geometries (on import): only the mistakes that can be undone without
// guessing what the planner meant — an unclosed ring, repeated points, a wrong orientation,
// degenerate rings, a ring crossing itself once (a bow tie), a hole drawn outside its shell.
// Each change is recorded as an action (codes only; the caller words them), so the planner
// can see what changed. Anything else is refused with a reason, and so is any result that
// `geometryProblems` does not pass: a repair never hands on an invalid geometry.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { greatCircleCrossing } from './edit/greatCircle';
import { closeRing, locateInRing, openRing, orientRing, samePoint, segmentContact } from './edit/rings';
import { geometryProblems, orient2d, type GeometryProblem, type GeometryProblemCode } from './validity';

export type RepairActionCode =
  /** the first point appended at the end */
  | 'closed-ring'
  /** consecutive duplicate points removed */
  | 'removed-repeated-points'
  /** turned to RFC 7946 orientation: exteriors counter-clockwise, holes clockwise */
  | 'reoriented'
  /** a ring with fewer than 3 distinct points or no area removed (an exterior takes its polygon with it) */
  | 'dropped-degenerate-ring'
  /** a ring crossing (or passing through a vertex of) itself once, split there into two rings */
  | 'split-bow-tie'
  /** a hole lying outside its exterior ring made a polygon of its own */
  | 'hole-to-polygon';

export interface RepairAction {
  code: RepairActionCode;
  /** polygon and ring of the INPUT geometry (polygon 0 for a Polygon; ring 0 = exterior) */
  polygon: number;
  ring: number;
  /** [lon, lat] where it happened: the split point, the first point of a ring */
  at?: [number, number];
}

export type RepairReasonCode =
  /** unusable input, as reported by geometryProblems */
  | 'not-polygon'
  | 'empty'
  | 'bad-coordinate'
  | 'out-of-range'
  /** a ring runs back along itself (a spike) */
  | 'self-overlap'
  /** a ring touches itself other than by passing twice through one vertex */
  | 'self-touch'
  | 'multiple-self-intersections'
  /** the two loops of a self-crossing lie one inside the other: which is the area is a guess */
  | 'nested-loops'
  /** rings of one polygon cross or touch more than allowed */
  | 'rings-intersect'
  | 'hole-inside-hole'
  | 'hole-encloses-shell'
  | 'polygons-overlap'
  /** every ring was degenerate */
  | 'nothing-left'
  /** the repaired geometry still fails geometryProblems */
  | 'still-invalid';

export type RepairResult =
  | { geometry: Polygon | MultiPolygon; actions: RepairAction[] }
  | { geometry: null; actions: RepairAction[]; reason: RepairReasonCode };

/** Problems no repair here undoes, and the reason given for them. */
const REFUSED: Partial<Record<GeometryProblemCode, RepairReasonCode>> = {
  'not-polygon': 'not-polygon',
  empty: 'empty',
  'bad-coordinate': 'bad-coordinate',
  'out-of-range': 'out-of-range',
  'ring-intersection': 'rings-intersect',
  'polygons-overlap': 'polygons-overlap',
};

/** Per-ring problems that may mean a degenerate ring (re-checked once the ring is cleaned). */
const MAYBE_DEGENERATE = new Set<GeometryProblemCode>(['too-few-points', 'repeated-point', 'zero-area']);

const lonLat = (p: Position): [number, number] => [p[0], p[1]];

interface Loop {
  /** open ring: no closing repeat, no consecutive duplicates */
  points: Position[];
  /** ring index in the input */
  ring: number;
  /** one of the two loops of a split ring (its orientation was never the planner's) */
  split: boolean;
}

/**
 * `g` repaired, with what was done; or null and why not. Valid input comes back as a
 * normalised copy (only `reoriented` actions, if any). The input is not modified.
 */
export function repairGeometry(g: Polygon | MultiPolygon): RepairResult {
  const actions: RepairAction[] = [];
  const refuse = (reason: RepairReasonCode): RepairResult => ({ geometry: null, actions, reason });
  const problems = geometryProblems(g);
  for (const p of problems) {
    const reason = REFUSED[p.code];
    if (reason) return refuse(reason);
  }
  const flagged = (test: (p: GeometryProblem) => boolean, polygon: number, ring: number): boolean =>
    problems.some((p) => p.polygon === polygon && p.ring === ring && test(p));

  const inputs: Position[][][] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const polygons: Position[][][] = [];
  /** holes made polygons: after the input's polygons, so those keep their order */
  const freed: Position[][][] = [];
  for (let p = 0; p < inputs.length; p++) {
    const shells: Loop[] = [];
    const holes: Loop[] = [];
    for (let r = 0; r < inputs[p].length; r++) {
      const input = inputs[p][r];
      const { points, cleaned } = cleanRing(input, p, r);
      if (flagged((q) => MAYBE_DEGENERATE.has(q.code), p, r) && isDegenerate(points)) {
        // dropped, so closing or de-duplicating it is not worth saying
        actions.push(input.length > 0 ? { code: 'dropped-degenerate-ring', polygon: p, ring: r, at: lonLat(input[0]) } : { code: 'dropped-degenerate-ring', polygon: p, ring: r });
        if (r === 0) break; // the polygon goes with its exterior
        continue;
      }
      actions.push(...cleaned);
      let loops: Loop[] = [{ points, ring: r, split: false }];
      if (flagged((q) => q.code === 'self-intersection', p, r)) {
        const split = splitOnce(points);
        if ('reason' in split) return refuse(split.reason);
        actions.push({ code: 'split-bow-tie', polygon: p, ring: r, at: lonLat(split.at) });
        loops = split.loops.map((l) => ({ points: l, ring: r, split: true }));
      }
      (r === 0 ? shells : holes).push(...loops);
    }
    if (shells.length === 0) continue;

    const holesOf: Loop[][] = shells.map(() => []);
    for (const hole of holes) {
      const k = shellOf(hole.points, shells);
      if (k >= 0) {
        // inside the exterior, yet reported outside: it lies in another hole
        if (flagged((q) => q.code === 'hole-outside-shell', p, hole.ring)) return refuse('hole-inside-hole');
        holesOf[k].push(hole);
        continue;
      }
      if (shells.some((s) => s.points.some((v) => locateInRing(v, hole.points) === 1))) return refuse('hole-encloses-shell');
      actions.push({ code: 'hole-to-polygon', polygon: p, ring: hole.ring, at: lonLat(hole.points[0]) });
      freed.push([closeRing(orientRing(hole.points, true))]);
    }
    shells.forEach((shell, k) => {
      const rings = [orient(shell, true, p, actions), ...holesOf[k].map((h) => orient(h, false, p, actions))];
      polygons.push(rings.map(closeRing));
    });
  }
  polygons.push(...freed);
  if (polygons.length === 0) return refuse('nothing-left');

  const geometry: Polygon | MultiPolygon = g.type === 'Polygon' && polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
  if (geometryProblems(geometry).length > 0) return refuse('still-invalid');
  return { geometry, actions };
}

/** The ring open and without consecutive duplicates; `cleaned` says whether it was closed or de-duplicated. */
function cleanRing(ring: Position[], polygon: number, r: number): { points: Position[]; cleaned: RepairAction[] } {
  const cleaned: RepairAction[] = [];
  const n = ring.length;
  const closed = n > 0 && samePoint(ring[0], ring[n - 1]);
  if (n > 1 && !closed) cleaned.push({ code: 'closed-ring', polygon, ring: r, at: lonLat(ring[0]) });
  const points = openRing(ring);
  if (n - (closed ? 1 : 0) > points.length) {
    let k = 1;
    while (k < n - 1 && !samePoint(ring[k], ring[k - 1])) k++;
    cleaned.push({ code: 'removed-repeated-points', polygon, ring: r, at: lonLat(ring[k]) });
  }
  return { points, cleaned };
}

/** Fewer than 3 distinct points or no area, by the rules of geometryProblems itself. */
function isDegenerate(points: Position[]): boolean {
  if (points.length < 3) return true;
  return geometryProblems({ type: 'Polygon', coordinates: [closeRing(points)] }).some((q) => MAYBE_DEGENERATE.has(q.code));
}

function orient(loop: Loop, ccw: boolean, polygon: number, actions: RepairAction[]): Position[] {
  const turned = orientRing(loop.points, ccw);
  if (turned !== loop.points && !loop.split) actions.push({ code: 'reoriented', polygon, ring: loop.ring });
  return turned;
}

/**
 * Index of the shell the hole lies in, or −1 when it lies outside all of them. Rings are known
 * not to cross (geometryProblems), so one vertex off the shells' boundaries decides.
 */
function shellOf(hole: Position[], shells: Loop[]): number {
  for (const v of hole) {
    const where = shells.map((s) => locateInRing(v, s.points));
    if (where.includes(0)) continue;
    return where.indexOf(1);
  }
  return 0; // every vertex on a shell: geometryProblems judges the result
}

type Split = { loops: [Position[], Position[]]; at: Position } | { reason: RepairReasonCode };

/**
 * A ring (open) that crosses itself exactly once, or passes exactly twice through one vertex,
 * split there into its two loops. A crossing point is put where the two edges' great circles
 * meet, so that the loops' areas add up as the area model's edges do; both loops get the same
 * point.
 */
function splitOnce(q: Position[]): Split {
  const m = q.length;
  const crosses: Array<[number, number]> = [];
  const touches: Position[] = [];
  const minX = (i: number) => Math.min(q[i][0], q[(i + 1) % m][0]);
  const maxX = (i: number) => Math.max(q[i][0], q[(i + 1) % m][0]);
  const minY = (i: number) => Math.min(q[i][1], q[(i + 1) % m][1]);
  const maxY = (i: number) => Math.max(q[i][1], q[(i + 1) % m][1]);
  // sweep over the edges by x: a 10 000-vertex ring is not 50 million pairs
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => minX(a) - minX(b));
  for (let u = 0; u < m; u++) {
    const e = order[u];
    for (let w = u + 1; w < m; w++) {
      const f = order[w];
      if (minX(f) > maxX(e)) break;
      if (minY(f) > maxY(e) || maxY(f) < minY(e)) continue;
      const i = Math.min(e, f);
      const j = Math.max(e, f);
      if (j === i + 1 || (i === 0 && j === m - 1)) {
        // neighbours share a vertex; they are wrong only when one runs back along the other
        const s = j === i + 1 ? j : 0;
        const a = q[(s + m - 1) % m], v = q[s], b = q[(s + 1) % m];
        const back = (a[0] - v[0]) * (b[0] - v[0]) + (a[1] - v[1]) * (b[1] - v[1]) > 0;
        if (orient2d(a[0], a[1], v[0], v[1], b[0], b[1]) === 0 && back) return { reason: 'self-overlap' };
        continue;
      }
      const contact = segmentContact(q[i], q[i + 1], q[j], q[(j + 1) % m]);
      if (contact.kind === 'cross') crosses.push([i, j]);
      else if (contact.kind === 'touch') touches.push(contact.at);
    }
  }

  let loops: [Position[], Position[]];
  let at: Position;
  if (crosses.length === 1 && touches.length === 0) {
    const [i, j] = crosses[0];
    at = greatCircleCrossing(q[i], q[i + 1], q[j], q[(j + 1) % m]);
    loops = [[at, ...q.slice(i + 1, j + 1)], [at, ...q.slice(j + 1), ...q.slice(0, i + 1)]];
  } else if (crosses.length === 0 && touches.length > 0 && touches.every((t) => samePoint(t, touches[0]))) {
    at = touches[0];
    const visits = q.flatMap((p, k) => (samePoint(p, at) ? [k] : []));
    if (visits.length !== 2) return { reason: 'self-touch' };
    const [u, w] = visits;
    loops = [q.slice(u, w), [...q.slice(w), ...q.slice(0, u)]];
  } else if (crosses.length + touches.length > 1) {
    return { reason: 'multiple-self-intersections' };
  } else {
    return { reason: 'still-invalid' }; // reported by geometryProblems, not found here
  }
  // Loops one inside the other (a ring spiralling in) are not a bow tie.
  if (locateInRing(loops[1][1], loops[0]) !== -1 || locateInRing(loops[0][1], loops[1]) !== -1) return { reason: 'nested-loops' };
  return { loops, at };
}
