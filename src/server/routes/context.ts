// What the route modules share with the app: the store, the access check and the ways to
// turn stored rows into the domain's City, a pack and the project's price tables.
import type { FastifyRequest } from 'fastify';
import type { ProjectRole, Role } from '../../api/types';
import { API_LAYERS } from '../../api/types';
import type { Lang } from '../../domain/policy/evaluate';
import type { PolicyPack } from '../../domain/policy/pack';
import { SHIPPED_PACKS } from '../../domain/policy/shipped';
import type { AreaFeature, City, LayerName } from '../../domain/schema/kinds';
import { HttpError } from '../httpError';
import type { Session } from '../store/accounts';
import { listFeatures, snapshotFeatures, type Db } from '../store';
import type { WorkerPool } from '../workers/pool';

export interface RouteContext {
  db: Db;
  /** The project, when the user may read it (and write it, when asked); 404 otherwise. */
  access(request: FastifyRequest, projectId: string, write: boolean): Promise<{ user: Session['user']; role: Role | ProjectRole }>;
  lang(value: string | undefined): Lang;
  /** Worker threads for file parsing and heavy reads (see workers/pool.ts). */
  pool: WorkerPool;
  /** Runs a heavy request of the user's, at most a few at once per user (429 past that). */
  heavy<T>(user: Session['user'], work: () => Promise<T>): Promise<T>;
}

type Row = { layer: LayerName; id: string; properties: Record<string, unknown>; geometry: AreaFeature<unknown>['geometry'] };

/** Stored rows as a City for the domain core (attributes were checked on every write). */
export function cityFromRows(rows: readonly Row[]): City {
  const layer = (name: LayerName) => rows.filter((f) => f.layer === name).map(({ id, properties, geometry }) => ({ id, properties, geometry }));
  return { districts: layer('districts'), zones: layer('zones'), parks: layer('parks'), parcels: layer('parcels') } as unknown as City;
}

/** The project's layers now. */
export async function cityOf(db: Db, projectId: string): Promise<City> {
  return cityFromRows((await Promise.all(API_LAYERS.map((layer) => listFeatures(db, { projectId, layer })))).flat());
}

/** A snapshot's layers (a baseline). */
export async function snapshotCity(db: Db, projectId: string, snapshotId: string): Promise<City> {
  return cityFromRows(await snapshotFeatures(db, { projectId, snapshotId }));
}

export function packOf(id: string | undefined): PolicyPack {
  const pack = id ? SHIPPED_PACKS.get(id) : undefined;
  if (!pack) throw new HttpError(400, 'unknown-policy', `policy=${id ?? ''}: use one of ${[...SHIPPED_PACKS.keys()].join(', ')}`);
  return pack;
}
