// What the route modules share with the app: the store, the access check and the ways to
// turn stored rows into the domain's City, a pack and the project's price tables.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ProjectRole, Role } from '../../api/types';
import type { Lang } from '../../domain/policy/evaluate';
import type { PolicyPack } from '../../domain/policy/pack';
import { SHIPPED_PACKS } from '../../domain/policy/shipped';
import type { AreaFeature, City, LayerName } from '../../domain/schema/kinds';
import { HttpError } from '../httpError';
import type { Session } from '../store/accounts';
import type { FeatureText } from '../store/cityRows';
import type { Db } from '../store';
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

export type Row = { layer: LayerName; id: string; properties: Record<string, unknown>; geometry: AreaFeature<unknown>['geometry'] };

/** Stored rows as a City for the domain core (attributes were checked on every write). */
export function cityFromRows(rows: readonly Row[]): City {
  const layer = (name: LayerName) => rows.filter((f) => f.layer === name).map(({ id, properties, geometry }) => ({ id, properties, geometry }));
  return { districts: layer('districts'), zones: layer('zones'), parks: layer('parks'), parcels: layer('parcels') } as unknown as City;
}

/**
 * Rows read as jsonb text (store/cityRows.ts), a page at a time, as UTF-8 JSON
 * `[[layer, id, properties, geometry], …]`: built between the pages' queries, then moved to a
 * worker without a copy (cloning 20 000 rows of strings would hold the event loop ~100 ms).
 */
export type RowPages = Uint8Array[];

const rowJson = (r: FeatureText): string => `[${JSON.stringify(r.layer)},${JSON.stringify(r.id)},${r.properties},${r.geometry}]`;

export async function rowPages(pages: AsyncIterable<FeatureText[]>): Promise<RowPages> {
  const encoder = new TextEncoder();
  const out: RowPages = [];
  for await (const page of pages) if (page.length > 0) out.push(encoder.encode(`[${page.map(rowJson).join(',')}]`));
  return out;
}

/** What a task's input moves rather than copies: the pages' buffers. */
export const transferOf = (...groups: Array<RowPages | undefined>): ArrayBuffer[] =>
  groups.flatMap((pages) => (pages ?? []).map((page) => page.buffer as ArrayBuffer));

/** The rows of the pages, parsed (in a worker, off the event loop). */
export function rowsOfPages(pages: RowPages): Row[] {
  const decoder = new TextDecoder();
  return pages.flatMap((page) => (JSON.parse(decoder.decode(page)) as Array<[LayerName, string, Row['properties'], Row['geometry']]>)
    .map(([layer, id, properties, geometry]) => ({ layer, id, properties, geometry })));
}

/** A worker's bytes as the body, without a copy (the route has set the content type). */
export function sendBytes(reply: FastifyReply, bytes: Uint8Array): FastifyReply {
  return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

export function packOf(id: string | undefined): PolicyPack {
  const pack = id ? SHIPPED_PACKS.get(id) : undefined;
  if (!pack) throw new HttpError(400, 'unknown-policy', `policy=${id ?? ''}: use one of ${[...SHIPPED_PACKS.keys()].join(', ')}`);
  return pack;
}
