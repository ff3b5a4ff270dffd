// Where a feature falls: the candidate (park, district) holding the largest share of it,
// by exact overlap. For one feature at a time (a popup); whole-city figures use CityFacts.
import type { AreaGeometry } from '../schema/kinds';
import { geometryArea } from './area';
import { bboxOf, polygonsOf, type Bbox, type PolygonIndex } from './overlay';
import { unionIndex } from './union';

export interface Placement {
  id: string;
  /** 0–1: the share of the feature inside the candidate */
  share: number;
}

// A district's index costs more to build than the overlap itself; geometries are not
// mutated, so each one's index is kept as long as the geometry lives.
const indexes = new WeakMap<AreaGeometry, { box: Bbox; index: PolygonIndex }>();
function indexed(geometry: AreaGeometry): { box: Bbox; index: PolygonIndex } {
  let entry = indexes.get(geometry);
  if (!entry) indexes.set(geometry, (entry = { box: bboxOf(polygonsOf(geometry)), index: unionIndex([geometry]) }));
  return entry;
}

const meets = (a: Bbox, b: Bbox): boolean => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** Every candidate overlapping the geometry, largest share first. */
export function placements(geometry: AreaGeometry, candidates: Iterable<{ id: string; geometry: AreaGeometry }>): Placement[] {
  const box = bboxOf(polygonsOf(geometry));
  const area = geometryArea(geometry);
  if (!(area > 0)) return [];
  const out: Placement[] = [];
  for (const candidate of candidates) {
    const { box: candidateBox, index } = indexed(candidate.geometry);
    if (!meets(box, candidateBox)) continue;
    const overlap = index.overlapArea(geometry);
    if (overlap > 0) out.push({ id: candidate.id, share: Math.min(1, overlap / area) });
  }
  return out.sort((a, b) => b.share - a.share || (a.id < b.id ? -1 : 1));
}
