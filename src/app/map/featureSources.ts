// One GeoJSON source per layer, filled from the feature store and kept in step with it by
// diffs (maplibre's updateData), never by resending a whole layer. Feature ids are strings,
// promoted from the `fid` property so that feature-state (hover, selection) works.
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Feature } from 'geojson';
import type { ApiFeature } from '../../api/types';
import { LAYER_NAMES, type LayerName } from '../../domain/schema/kinds';
import type { FeatureStore, LayerDiff } from '../state/featureStore';

export const sourceId = (layer: LayerName): string => `src-${layer}`;
export const ID_PROPERTY = 'fid';

/** Extra per-feature properties the styles read (the price floor per m², by parcel id). */
export type ComputedProperties = ReadonlyMap<string, Record<string, number | string | null>>;

function mapFeature(feature: ApiFeature, computed?: ComputedProperties): Feature {
  return { type: 'Feature', geometry: feature.geometry, properties: { ...feature.properties, ...computed?.get(feature.id), [ID_PROPERTY]: feature.id } };
}

export function addFeatureSources(map: MapLibreMap, store: FeatureStore): void {
  for (const layer of LAYER_NAMES) {
    map.addSource(sourceId(layer), {
      type: 'geojson',
      data: { type: 'FeatureCollection', features: store.all(layer).map((f) => mapFeature(f)) },
      promoteId: ID_PROPERTY,
      // Small parcels must not vanish at city zoom: keep simplification below a pixel.
      tolerance: 0.2,
      buffer: 16,
    });
  }
}

/** Sends each store change to the map as a diff; returns the unsubscribe. */
export function followStore(map: MapLibreMap, store: FeatureStore, computed: () => ComputedProperties | undefined): () => void {
  return store.subscribe((diffs: readonly LayerDiff[]) => {
    for (const { layer, upserted, removed } of diffs) {
      const source = map.getSource<GeoJSONSource>(sourceId(layer));
      if (!source) continue;
      const values = computed();
      const known = new Set(removed);
      void source.updateData({
        // A replaced feature is removed and added again: geometry and properties both change.
        remove: [...removed, ...upserted.map((f) => f.id).filter((id) => !known.has(id))],
        add: upserted.map((f) => mapFeature(f, layer === 'parcels' ? values : undefined)),
      });
    }
  });
}

/** Rewrites a layer whole: after a reload, or when computed properties change for every feature. */
export function resetSource(map: MapLibreMap, store: FeatureStore, layer: LayerName, computed?: ComputedProperties): void {
  map.getSource<GeoJSONSource>(sourceId(layer))?.setData({ type: 'FeatureCollection', features: store.all(layer).map((f) => mapFeature(f, computed)) });
}
