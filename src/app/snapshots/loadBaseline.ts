// STUB (issue 6 scaffolding): a snapshot's features, by layer, for the report worker's baseline.
import type { LayerName } from '../../domain/schema/kinds';
import type { ApiClient } from '../api/client';

export async function loadBaselineLayers(_api: ApiClient, _projectId: string, _snapshotId: string): Promise<Record<LayerName, unknown[]>> {
  return { districts: [], zones: [], parks: [], parcels: [] };
}
