// Ring plumbing shared by the edits: rings open (no closing repeat) while being worked on,
// closed again on output; orientation and contact decided by the exact planar predicate of
// validity.ts, as the validity check that judges the results.
import type { Position } from 'geojson';
import { planarSignedArea2 } from '../orientation';
import { orient2d } from '../validity';

/** The ring's points as [lon, lat], without the closing repeat or consecutive duplicates. */
export function openRing(ring: readonly Position[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || !samePoint(last, p)) out.push([p[0], p[1]]);
  }
  while (out.length > 1 && samePoint(out[0], out[out.length - 1])) out.pop();
  return out;
}

export function closeRing(ring: readonly Position[]): Position[] {
  return [...ring.map((p) => [p[0], p[1]]), [ring[0][0], ring[0][1]]];
}

/** An open ring turned counter-clockwise (`ccw`) or clockwise, as RFC 7946 wants shells and holes. */
export function orientRing(ring: Position[], ccw: boolean): Position[] {
  return planarSignedArea2(ring) > 0 === ccw ? ring : ring.slice().reverse();
}

export const samePoint = (p: Position, q: Position): boolean => p[0] === q[0] && p[1] === q[1];

/** Inside (1), on the boundary (0) or outside (−1) of an open ring; exact. */
export function locateInRing(p: Position, ring: readonly Position[]): -1 | 0 | 1 {
  let winding = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[i], b = ring[(i + 1) % n];
    const side = orient2d(a[0], a[1], b[0], b[1], p[0], p[1]);
    if (side === 0 && within(a, b, p)) return 0;
    if (a[1] <= p[1]) {
      if (b[1] > p[1] && side > 0) winding++;
    } else if (b[1] <= p[1] && side < 0) winding--;
  }
  return winding !== 0 ? 1 : -1;
}

/** p, known to be on the line through a and b, lies on the segment. */
function within(a: Position, b: Position, p: Position): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

/** How two closed segments meet; `t` and `s` place a crossing along a→b and c→d. */
export type SegmentContact = { kind: 'none' } | { kind: 'cross'; t: number; s: number } | { kind: 'touch'; at: Position };

export function segmentContact(a: Position, b: Position, c: Position, d: Position): SegmentContact {
  const oc = orient2d(a[0], a[1], b[0], b[1], c[0], c[1]);
  const od = orient2d(a[0], a[1], b[0], b[1], d[0], d[1]);
  const oa = orient2d(c[0], c[1], d[0], d[1], a[0], a[1]);
  const ob = orient2d(c[0], c[1], d[0], d[1], b[0], b[1]);
  if (((oc > 0 && od < 0) || (oc < 0 && od > 0)) && ((oa > 0 && ob < 0) || (oa < 0 && ob > 0))) return { kind: 'cross', t: oa / (oa - ob), s: oc / (oc - od) };
  if (oc === 0 && within(a, b, c)) return { kind: 'touch', at: c };
  if (od === 0 && within(a, b, d)) return { kind: 'touch', at: d };
  if (oa === 0 && within(c, d, a)) return { kind: 'touch', at: a };
  if (ob === 0 && within(c, d, b)) return { kind: 'touch', at: b };
  return { kind: 'none' };
}

/** The first contact of any edge of ring `a` with any edge of ring `b` (both open), or null. */
export function ringsContact(a: readonly Position[], b: readonly Position[]): Position | null {
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < b.length; j++) {
      const p = a[i], q = a[(i + 1) % a.length], r = b[j], s = b[(j + 1) % b.length];
      const meet = segmentContact(p, q, r, s);
      if (meet.kind === 'touch') return meet.at;
      if (meet.kind === 'cross') return [p[0] + meet.t * (q[0] - p[0]), p[1] + meet.t * (q[1] - p[1])];
    }
  return null;
}
