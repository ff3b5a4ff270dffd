// Marks the report panels put on the map without touching the data: the features behind a
// rule (focus), parcels sold below their floor (breach), and what changed since the
// baseline snapshot (added, changed, and removed ones drawn from the snapshot's geometry).
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { FilterSpecification, LayerSpecification } from 'maplibre-gl';
import type { LayerName } from '../../domain/schema/kinds';

export type MarkKind = 'focus' | 'breach' | 'added' | 'changed' | 'removed';

export const MARK_KINDS: readonly MarkKind[] = ['focus', 'breach', 'added', 'changed', 'removed'];

/** Marked feature ids by layer. */
export type MarkedIds = Partial<Record<LayerName, readonly string[]>>;

export type MapMarks = Partial<Record<MarkKind, MarkedIds>>;

/** Features no longer in the project (removed since the baseline), drawn from the snapshot. */
export interface Ghosts {
  features: Feature[];
}

// --- on the map -------------------------------------------------------------------------
// The marked features are copied into a source of their own, so they show at every zoom
// (parcels themselves are drawn from zoom 11) and cost nothing when there are none.

export const MARKS_SOURCE = 'parkatlas-marks';

/** Paint per kind: focus on top, the baseline's changes under it. */
const MARK_STYLE: Record<MarkKind, { colour: string; fill: number; width: number; dash?: number[] }> = {
  removed: { colour: '#d32f2f', fill: 0.18, width: 2, dash: [2, 1.5] },
  added: { colour: '#2e7d32', fill: 0.25, width: 2 },
  changed: { colour: '#ef6c00', fill: 0.2, width: 2 },
  breach: { colour: '#b71c1c', fill: 0, width: 2.5, dash: [1, 1] },
  focus: { colour: '#d500f9', fill: 0.28, width: 2.5 },
};

export const MARK_LAYER_ORDER: readonly MarkKind[] = ['removed', 'added', 'changed', 'breach', 'focus'];

export function markLayers(): LayerSpecification[] {
  return MARK_LAYER_ORDER.flatMap((kind): LayerSpecification[] => {
    const style = MARK_STYLE[kind];
    const filter: FilterSpecification = ['==', ['get', 'mark'], kind];
    return [
      { id: `mark-fill-${kind}`, type: 'fill', source: MARKS_SOURCE, filter, paint: { 'fill-color': style.colour, 'fill-opacity': style.fill } },
      {
        id: `mark-line-${kind}`,
        type: 'line',
        source: MARKS_SOURCE,
        filter,
        layout: { 'line-join': 'round' },
        paint: { 'line-color': style.colour, 'line-width': style.width, ...(style.dash ? { 'line-dasharray': style.dash } : {}) },
      },
    ];
  });
}

/** The marks as features of the marks source: each marked feature's geometry as the store holds it. */
export function markFeatures(marks: MapMarks, ghosts: Ghosts | null, geometryOf: (id: string) => Geometry | undefined): FeatureCollection {
  const features: Feature[] = [];
  for (const kind of MARK_LAYER_ORDER) {
    if (kind === 'removed') continue;
    for (const [layer, ids] of Object.entries(marks[kind] ?? {}) as Array<[LayerName, readonly string[]]>) {
      for (const id of ids) {
        const geometry = geometryOf(id);
        if (geometry) features.push({ type: 'Feature', geometry, properties: { mark: kind, layer, fid: id } });
      }
    }
  }
  for (const ghost of ghosts?.features ?? []) features.push({ ...ghost, properties: { ...ghost.properties, mark: 'removed', fid: String(ghost.id ?? ghost.properties?.id ?? '') } });
  return { type: 'FeatureCollection', features };
}
