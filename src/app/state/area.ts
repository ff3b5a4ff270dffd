// Areas of stored geometries. A stored geometry is never mutated (an edit replaces it, a
// tag edit keeps it), so each one's ellipsoidal area is computed once and kept as long as
// the geometry lives: the table, the selection total and the popup share it.
import { geometryArea } from '../../domain/geometry/area';
import type { AreaGeometry } from '../../domain/schema/kinds';

const areas = new WeakMap<AreaGeometry, number>();

/** m² of a stored geometry (computed on first use). */
export function storedArea(geometry: AreaGeometry): number {
  let area = areas.get(geometry);
  if (area === undefined) areas.set(geometry, (area = geometryArea(geometry)));
  return area;
}
