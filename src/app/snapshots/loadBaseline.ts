// A snapshot's features, by layer: the report worker's baseline (CQ-3 compares against it)
// and the geometry of removed features the map draws as ghosts. Snapshots never change,
// so the last few are kept and the editor and the snapshot panel share one download.
import type { ApiFeature, SnapshotFeaturesResponse } from '../../api/types';
import type { LayerName } from '../../domain/schema/kinds';
import type { ApiClient } from '../api/client';

export type BaselineLayers = Record<LayerName, ApiFeature[]>;

const KEEP = 2;
const loaded = new Map<string, Promise<BaselineLayers>>();

export function loadBaselineLayers(api: ApiClient, projectId: string, snapshotId: string): Promise<BaselineLayers> {
  const key = `${projectId}\n${snapshotId}`;
  const hit = loaded.get(key);
  if (hit) {
    // most recently used last
    loaded.delete(key);
    loaded.set(key, hit);
    return hit;
  }
  const request = api
    .call<SnapshotFeaturesResponse>('GET', `projects/${encodeURIComponent(projectId)}/snapshots/${encodeURIComponent(snapshotId)}/features`)
    .then((answer) => answer.layers);
  // A failed download is not kept: the next call tries again.
  request.catch(() => loaded.delete(key));
  loaded.set(key, request);
  while (loaded.size > KEEP) loaded.delete(loaded.keys().next().value as string);
  return request;
}
