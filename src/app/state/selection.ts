// What is selected: features of one layer at a time (a planner selects parcels, or a park),
// so that bulk edits and merges always act on one kind.
import type { LayerName } from '../../domain/schema/kinds';

export type Selection = { layer: null } | { layer: LayerName; ids: ReadonlySet<string> };

export const NOTHING: Selection = { layer: null };

export type SelectMode = 'replace' | 'toggle' | 'add';

export function select(current: Selection, layer: LayerName, ids: readonly string[], mode: SelectMode): Selection {
  if (mode === 'replace' || current.layer !== layer) return ids.length === 0 ? NOTHING : { layer, ids: new Set(ids) };
  const next = new Set(current.ids);
  for (const id of ids) {
    if (mode === 'toggle' && next.has(id)) next.delete(id);
    else next.add(id);
  }
  return next.size === 0 ? NOTHING : { layer, ids: next };
}

export function selectedIds(selection: Selection): readonly string[] {
  return selection.layer === null ? [] : [...selection.ids];
}
