// What the snapshot panel puts on the map for a comparison: marks for the features added
// and changed since the baseline, and ghosts (the snapshot's geometry) for removed ones.
import type { Feature } from 'geojson';
import type { SnapshotComparison } from '../../api/types';
import type { AreaGeometry, LayerName } from '../../domain/schema/kinds';
import type { Ghosts, MarkedIds } from '../map/marks';
import type { Bbox } from '../panels/reportContext';
import type { BaselineLayers } from './loadBaseline';

export const CHANGE_LAYERS: readonly LayerName[] = ['parcels', 'parks', 'zones', 'districts'];

/** The ids of one kind of change, by layer (layers without any left out). */
export function changedIds(cmp: SnapshotComparison, kind: 'added' | 'removed' | 'changed'): MarkedIds {
  const out: MarkedIds = {};
  for (const layer of CHANGE_LAYERS) if (cmp.layers[layer][kind].length > 0) out[layer] = cmp.layers[layer][kind];
  return out;
}

/** The removed features as the snapshot holds them, each with its id and its layer. */
export function removedGhosts(cmp: SnapshotComparison, baseline: BaselineLayers): Ghosts {
  const features: Feature[] = [];
  for (const layer of CHANGE_LAYERS) {
    const removed = new Set(cmp.layers[layer].removed);
    if (removed.size === 0) continue;
    for (const f of baseline[layer]) if (removed.has(f.id)) features.push({ type: 'Feature', id: f.id, geometry: f.geometry, properties: { ...f.properties, layer } });
  }
  return { features };
}

export function bboxOfGeometry(geometry: AreaGeometry): Bbox {
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons)
    for (const [x, y] of polygon[0] ?? []) {
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    }
  return box;
}
