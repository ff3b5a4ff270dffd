// The project's features as the app holds them: one map per layer, ids unique across the
// project (the server's key). Changes go out as diffs, so the map and the report worker
// update what changed instead of reloading whole layers.
import type { ApiFeature } from '../../api/types';
import { LAYER_NAMES, type LayerName } from '../../domain/schema/kinds';

export interface LayerDiff {
  layer: LayerName;
  /** added or changed, as now stored */
  upserted: ApiFeature[];
  /** ids removed */
  removed: string[];
}

type Listener = (diffs: readonly LayerDiff[]) => void;

export class FeatureStore {
  private readonly layers = Object.fromEntries(LAYER_NAMES.map((layer) => [layer, new Map<string, ApiFeature>()])) as Record<LayerName, Map<string, ApiFeature>>;
  private readonly layerById = new Map<string, LayerName>();
  private readonly listeners = new Set<Listener>();
  /** bumped on every change, for React's useSyncExternalStore */
  revision = 0;

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(id: string): ApiFeature | undefined {
    const layer = this.layerById.get(id);
    return layer ? this.layers[layer].get(id) : undefined;
  }

  layerOf(id: string): LayerName | undefined {
    return this.layerById.get(id);
  }

  all(layer: LayerName): ApiFeature[] {
    return [...this.layers[layer].values()];
  }

  count(layer: LayerName): number {
    return this.layers[layer].size;
  }

  /** Replaces a whole layer (on load or reload). */
  load(layer: LayerName, features: readonly ApiFeature[]): void {
    const removed = [...this.layers[layer].keys()];
    for (const id of removed) this.layerById.delete(id);
    this.layers[layer].clear();
    this.apply([{ layer, upserted: [...features], removed }]);
  }

  apply(diffs: readonly LayerDiff[]): void {
    for (const { layer, upserted, removed } of diffs) {
      for (const id of removed) {
        this.layers[layer].delete(id);
        this.layerById.delete(id);
      }
      for (const feature of upserted) {
        this.layers[layer].set(feature.id, feature);
        this.layerById.set(feature.id, layer);
      }
    }
    this.revision++;
    for (const listener of this.listeners) listener(diffs);
  }
}
