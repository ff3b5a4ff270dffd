// Splitting a parcel with a line drawn across it. The line enters and leaves the parcel
// once; the cut between the two crossings follows the line's own vertices. Each crossing
// is put where the line meets the edge's great circle, so the edge's two pieces add up to
// the edge and the parts' areas to the parcel's.
import type { LineString, Polygon, Position } from 'geojson';
import { geometryProblems } from '../validity';
import { greatCircleCrossing } from './greatCircle';
import { fail, ok, type EditResult } from './result';
import { closeRing, locateInRing, openRing, orientRing, samePoint, segmentContact } from './rings';

/** A crossing of the line's segment `seg` (at `s` along it) with shell edge `edge` (at `t`). */
interface Crossing {
  seg: number;
  s: number;
  edge: number;
  t: number;
}

/**
 * Splits a polygon in two along a line that crosses its outer boundary exactly twice, both
 * ends outside. Holes go to the part that holds them; a cut through a hole is refused.
 * Parts come out valid, shells counter-clockwise, holes clockwise, rings closed.
 */
export function splitPolygon(polygon: Polygon, line: LineString): EditResult<[Polygon, Polygon]> {
  const problems = geometryProblems(polygon);
  if (problems.length > 0) return fail('invalid-polygon', problems[0].at ?? polygon.coordinates[0]?.[0]);
  const path = openLine(line.coordinates);
  if (!path) return fail('invalid-line');
  const shell = orientRing(openRing(polygon.coordinates[0]), true);
  const holes = polygon.coordinates.slice(1).map((ring) => orientRing(openRing(ring), false));

  for (const end of [path[0], path[path.length - 1]]) {
    const where = locateInRing(end, shell);
    if (where === 0) return fail('line-touches-boundary', end);
    if (where === 1) return fail('line-end-inside', end);
  }
  const crossings: Crossing[] = [];
  for (let seg = 0; seg + 1 < path.length; seg++) {
    const c = path[seg], d = path[seg + 1];
    for (let edge = 0; edge < shell.length; edge++) {
      const meet = segmentContact(shell[edge], shell[(edge + 1) % shell.length], c, d);
      if (meet.kind === 'touch') return fail('line-touches-boundary', meet.at);
      if (meet.kind === 'cross') crossings.push({ seg, s: meet.s, edge, t: meet.t });
    }
    for (const hole of holes)
      for (let k = 0; k < hole.length; k++) {
        const meet = segmentContact(hole[k], hole[(k + 1) % hole.length], c, d);
        if (meet.kind === 'touch') return fail('line-touches-boundary', meet.at);
        if (meet.kind === 'cross') return fail('line-crosses-hole', hole[k]);
      }
  }
  if (crossings.length === 0) return fail('line-does-not-cross', path[0]);
  crossings.sort((p, q) => p.seg - q.seg || p.s - q.s);
  if (crossings.length > 2) return fail('line-crosses-more-than-twice', pointOf(path, crossings[2]));
  // Both ends outside: the count is even, so exactly two.
  const [enter, leave] = crossings;
  const cutPoint = (x: Crossing): Position => greatCircleCrossing(shell[x.edge], shell[(x.edge + 1) % shell.length], path[x.seg], path[x.seg + 1]);
  const cut = [cutPoint(enter), ...path.slice(enter.seg + 1, leave.seg + 1), cutPoint(leave)];

  // openRing drops consecutive repeats (a crossing may round onto a vertex), first against last too.
  const first = openRing([...cut, ...shellBetween(shell, leave, enter)]);
  const second = openRing([...cut.slice().reverse(), ...shellBetween(shell, enter, leave)]);
  const parts = [first, second].map((ring) => orientRing(ring, true));
  const partHoles: Position[][][] = [[], []];
  for (const hole of holes) partHoles[insideFirst(hole, parts[0]) ? 0 : 1].push(hole);
  const result = parts.map((ring, k): Polygon => ({ type: 'Polygon', coordinates: [closeRing(ring), ...partHoles[k].map(closeRing)] }));
  for (const part of result) {
    const bad = geometryProblems(part);
    if (bad.length > 0) return fail('invalid-result', bad[0].at ?? cut[0]);
  }
  return ok([result[0], result[1]]);
}

/** The line's points without consecutive duplicates; null without two finite distinct points. */
function openLine(coordinates: readonly Position[]): Position[] | null {
  const out: Position[] = [];
  for (const p of coordinates) {
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
    const last = out[out.length - 1];
    if (!last || !samePoint(last, p)) out.push([p[0], p[1]]);
  }
  return out.length >= 2 ? out : null;
}

const pointOf = (path: Position[], x: Crossing): Position => {
  const c = path[x.seg], d = path[x.seg + 1];
  return [c[0] + x.s * (d[0] - c[0]), c[1] + x.s * (d[1] - c[1])];
};

/** The shell's vertices met going forward from crossing `from` to crossing `to`. */
function shellBetween(shell: Position[], from: Crossing, to: Crossing): Position[] {
  const n = shell.length;
  if (from.edge === to.edge && from.t < to.t) return [];
  const out: Position[] = [];
  let k = from.edge;
  do {
    k = (k + 1) % n;
    out.push(shell[k]);
  } while (k !== to.edge);
  return out;
}

/** Whether a hole, which does not meet the cut, lies in the first part (decided at a vertex off its boundary). */
function insideFirst(hole: Position[], first: Position[]): boolean {
  for (const p of hole) {
    const where = locateInRing(p, first);
    if (where !== 0) return where === 1;
  }
  return true;
}
