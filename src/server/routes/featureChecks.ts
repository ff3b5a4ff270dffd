// What every write of features goes through before the store: the layer (known, and writable
// by this user on this path), the domain's checks of each feature, and the limits of the store.
import type { ApiFeature, FeatureProblem } from '../../api/types';
import { API_LAYERS } from '../../api/types';
import type { AreaFeature, LayerName } from '../../domain/schema/kinds';
import { checkFeature } from '../../io/checkFeature';
import { HttpError } from '../httpError';
import { TEXT_LIMITS } from '../http/limits';
import type { Session } from '../store/accounts';
import type { StoredFeature } from '../store';

const MAX_VERTICES = 100_000;

export function toApiFeature(f: StoredFeature): ApiFeature {
  return { type: 'Feature', id: f.id, version: f.version, properties: f.properties, geometry: f.geometry };
}

export const isApiLayer = (value: unknown): value is LayerName => typeof value === 'string' && (API_LAYERS as readonly string[]).includes(value);
export const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export function layerOf(value: string): LayerName {
  if (!isApiLayer(value)) throw new HttpError(404, 'unknown-layer', `no layer '${value}': use ${API_LAYERS.join(', ')}`);
  return value;
}

/**
 * District boundaries are the administrative base map: no one edits them feature by feature
 * (the app promises as much), and only an admin replaces them by import.
 */
export function writableLayer(layer: LayerName, user: Session['user'], path: 'edit' | 'import'): LayerName {
  if (layer !== 'districts') return layer;
  if (path === 'import' && user.role === 'admin') return layer;
  const how = path === 'edit' ? 'they cannot be created, changed, deleted or restored one by one' : 'only an admin may import them';
  throw new HttpError(403, 'read-only-layer', `district boundaries are the read-only base map: ${how}; ask an admin to import a new districts layer`, { layer });
}

function vertexCount(geometry: unknown): number {
  const walk = (x: unknown): number => (Array.isArray(x) ? (typeof x[0] === 'number' ? 1 : x.reduce((n: number, y: unknown) => n + walk(y), 0)) : 0);
  return walk((geometry as { coordinates?: unknown } | null)?.coordinates);
}

/** A chunk of a staged import: #n labels count from `offset` (the features staged before). */
export interface ChunkOf {
  offset: number;
}

export type CheckedContent = { id?: string; properties: Record<string, unknown>; geometry: AreaFeature<unknown>['geometry'] };

/** Checks features for a write with the domain's rules; throws 422 listing every problem. */
export function checkedFeatures(layer: LayerName, raws: readonly unknown[], requireId: boolean, chunk?: ChunkOf): CheckedContent[] {
  const problems: FeatureProblem[] = [];
  const seen = new Set<string>();
  const out = raws.map((raw, index) => {
    const checked = checkFeature(layer, raw, (chunk?.offset ?? 0) + index);
    const label = checked.label.length > TEXT_LIMITS.id ? `${checked.label.slice(0, 40)}…` : checked.label;
    if (vertexCount((raw as { geometry?: unknown } | null)?.geometry) > MAX_VERTICES)
      problems.push({ feature: label, field: 'geometry', message: `more than ${MAX_VERTICES} vertices: simplify the geometry or split the feature` });
    for (const p of checked.problems) problems.push({ feature: label, ...p });
    if (checked.id !== null) {
      if (checked.id.length > TEXT_LIMITS.id)
        problems.push({ feature: label, field: 'id', message: `the id has ${checked.id.length} characters; at most ${TEXT_LIMITS.id} are allowed: shorten it` });
      if (seen.has(checked.id)) problems.push({ feature: label, field: 'id', message: `id ${checked.id} appears twice in this request` });
      seen.add(checked.id);
    } else if (requireId) problems.push({ feature: label, field: 'id', message: 'the feature has no id' });
    return { ...(checked.id !== null ? { id: checked.id } : {}), properties: checked.properties, geometry: checked.geometry };
  });
  const outcome = chunk ? 'this chunk was not staged (the chunks before it stay staged): fix them and send the chunk again, or cancel the import' : 'nothing was written';
  if (problems.length > 0) throw new HttpError(422, 'invalid-features', `${problems.length} problem(s); ${outcome}`, { errors: problems });
  return out;
}

export function parseBbox(value: string | undefined): [number, number, number, number] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map(Number);
  if (parts.length !== 4 || parts.some((x) => !Number.isFinite(x)) || parts[0] > parts[2] || parts[1] > parts[3] || Math.abs(parts[0]) > 180 || Math.abs(parts[1]) > 90)
    throw new HttpError(400, 'bad-bbox', 'bbox must be minLon,minLat,maxLon,maxLat in degrees, min before max', { field: 'bbox' });
  return parts as [number, number, number, number];
}
