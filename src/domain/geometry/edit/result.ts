// What an edit returns: the new geometry, or why it cannot be made. The UI turns a problem's
// code into a sentence in the user's language, so the domain carries no user text.

export const EDIT_PROBLEM_CODES = [
  /** an input polygon (or the hole drawn) is not a valid polygon itself */
  'invalid-polygon',
  /** the drawn line has fewer than two distinct points or bad coordinates */
  'invalid-line',
  /** an end of the cutting line lies inside the polygon: it must start and end outside */
  'line-end-inside',
  'line-does-not-cross',
  'line-crosses-more-than-twice',
  /** the line passes through a vertex, runs along an edge or ends on the boundary */
  'line-touches-boundary',
  /** the cut runs through a hole (not supported yet) */
  'line-crosses-hole',
  /** fewer than two polygons to merge */
  'too-few-polygons',
  /** the polygons do not all join along shared boundary segments (a shared point is not enough) */
  'not-adjacent',
  /** the hole is not inside the polygon (or lies in an existing hole) */
  'hole-outside',
  /** the hole crosses or touches the outer boundary */
  'hole-crosses-boundary',
  /** the hole crosses, touches or contains an existing hole */
  'hole-overlaps-hole',
  /** the result would not be a valid polygon */
  'invalid-result',
] as const;

export type EditProblemCode = (typeof EDIT_PROBLEM_CODES)[number];

export interface EditProblem {
  code: EditProblemCode;
  /** where to show it on the map, [lon, lat] */
  where?: [number, number];
  /** which input it concerns, when one does: its place in the merge list; for cutHole 0 the polygon, 1 the hole */
  index?: number;
}

export type EditResult<T> = { ok: true; value: T } | { ok: false; problem: EditProblem };

export const ok = <T>(value: T): EditResult<T> => ({ ok: true, value });

export function fail<T>(code: EditProblemCode, where?: readonly number[], index?: number): EditResult<T> {
  const problem: EditProblem = { code };
  if (where) problem.where = [where[0], where[1]];
  if (index !== undefined) problem.index = index;
  return { ok: false, problem };
}
