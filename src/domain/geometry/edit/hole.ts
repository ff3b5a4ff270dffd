// Cutting a hole (a pond, a substation plot) out of a parcel. The hole is a ring of its own,
// so the parcel loses exactly the hole's area.
import type { Polygon } from 'geojson';
import { geometryProblems } from '../validity';
import { fail, ok, type EditResult } from './result';
import { closeRing, locateInRing, openRing, orientRing, ringsContact } from './rings';

/**
 * The polygon with `hole`'s outer ring cut out. The hole must lie strictly inside the outer
 * ring (not even touching it) and clear of the existing holes.
 */
export function cutHole(polygon: Polygon, hole: Polygon): EditResult<Polygon> {
  const problems = geometryProblems(polygon);
  if (problems.length > 0) return fail('invalid-polygon', problems[0].at, 0);
  const holeProblems = geometryProblems(hole);
  if (holeProblems.length > 0 || hole.coordinates.length !== 1) return fail('invalid-polygon', holeProblems[0]?.at ?? hole.coordinates[0]?.[0], 1);
  const shell = orientRing(openRing(polygon.coordinates[0]), true);
  const holes = polygon.coordinates.slice(1).map((ring) => orientRing(openRing(ring), false));
  const ring = orientRing(openRing(hole.coordinates[0]), false);

  const onShell = ringsContact(ring, shell);
  if (onShell) return fail('hole-crosses-boundary', onShell);
  // No contact: the whole ring is on the side of its first vertex.
  if (locateInRing(ring[0], shell) !== 1) return fail('hole-outside', ring[0]);
  for (const old of holes) {
    const onHole = ringsContact(ring, old);
    if (onHole) return fail('hole-overlaps-hole', onHole);
    if (locateInRing(ring[0], old) === 1) return fail('hole-outside', ring[0]);
    if (locateInRing(old[0], ring) === 1) return fail('hole-overlaps-hole', old[0]);
  }
  const result: Polygon = { type: 'Polygon', coordinates: [closeRing(shell), ...holes.map(closeRing), closeRing(ring)] };
  const bad = geometryProblems(result);
  if (bad.length > 0) return fail('invalid-result', bad[0].at);
  return ok(result);
}
