// A project's features (or a snapshot's) as the stored JSON text, read for a worker thread
// to parse: the main thread does no JSON.parse, and reads in pages with a turn of the event
// loop between them, so that on the embedded store (PGlite runs on the main thread) other
// requests are answered while a report or an export reads 20 000 parcels.
import { API_LAYERS } from '../../api/types';
import type { LayerName } from '../../domain/schema/kinds';
import type { Db } from './db';
import { NotFoundError } from './features';

/** One stored feature: properties and geometry as their jsonb text. */
export interface FeatureText {
  layer: LayerName;
  id: string;
  properties: string;
  geometry: string;
}

/** Rows per query: a page holds the event loop some 15–30 ms on the embedded store (query and encoding). */
export const CITY_PAGE_ROWS = 1000;

/** Lets timers and sockets run between two pages (PGlite's promises settle as microtasks). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The project's features, page by page, each layer in `ordinal` order (as listFeatures
 * gives them). Pages are separate queries, not one transaction, so that on the embedded
 * store writers are not held up for the whole read: a feature deleted and created again
 * meanwhile can come twice (pass the rows through `newestOnly`).
 */
export async function* projectFeaturePages(db: Db, projectId: string, pageRows = CITY_PAGE_ROWS): AsyncGenerator<FeatureText[]> {
  for (const layer of API_LAYERS) {
    // ordinal is a bigint: kept as text so that neither driver rounds it
    let after = '0';
    for (;;) {
      const rows = await db.query<FeatureText & { ord: string }>(
        `SELECT ordinal::text AS ord, layer, id, properties::text AS properties, geometry::text AS geometry
           FROM features WHERE project_id = $1 AND layer = $2 AND ordinal > $3::bigint
          ORDER BY features.ordinal LIMIT $4`,
        [projectId, layer, after, pageRows],
      );
      yield rows.map(({ layer: l, id, properties, geometry }) => ({ layer: l, id, properties, geometry }));
      await nextTurn();
      if (rows.length < pageRows) break;
      after = rows[rows.length - 1].ord;
    }
  }
}

/**
 * A snapshot's features, page by page, in no particular order: put them in snapshot order
 * with `inSnapshotOrder`. Pages go by id through the primary key: an ORDER BY id … LIMIT
 * would sort the whole snapshot for every page where the table has no statistics (PGlite).
 */
export async function* snapshotFeaturePages(db: Db, args: { projectId: string; snapshotId: string }, pageRows = CITY_PAGE_ROWS): AsyncGenerator<FeatureText[]> {
  const found = await db.query('SELECT 1 FROM snapshots WHERE id = $1 AND project_id = $2', [args.snapshotId, args.projectId]);
  if (found.length === 0) throw new NotFoundError(`no snapshot ${args.snapshotId} in project ${args.projectId}`);
  const ids = (await db.query<{ id: string }>('SELECT id FROM snapshot_features WHERE snapshot_id = $1', [args.snapshotId])).map((r) => r.id);
  for (let start = 0; start < ids.length; start += pageRows) {
    await nextTurn();
    yield await db.query<FeatureText>(
      `SELECT layer, id, properties::text AS properties, geometry::text AS geometry
         FROM snapshot_features WHERE snapshot_id = $1 AND id = ANY($2::text[])`,
      [args.snapshotId, ids.slice(start, start + pageRows)],
    );
  }
}

/** Of rows with the same id (see projectFeaturePages), the last one. */
export function newestOnly<T extends { id: string }>(rows: T[]): T[] {
  const last = new Map<string, number>();
  rows.forEach((row, i) => last.set(row.id, i));
  return last.size === rows.length ? rows : rows.filter((row, i) => last.get(row.id) === i);
}

/** UTF-16 units mapped so that their order is the code points' (surrogates after U+FFFF's peers). */
const codePointRank = (unit: number): number => (unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit);

/** Strings in code-point order: the order of their UTF-8 bytes, i.e. PostgreSQL's COLLATE "C". */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Snapshot rows as snapshotFeatures orders them (ORDER BY id COLLATE "C"). */
export function inSnapshotOrder<T extends { id: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => compareCodePoints(a.id, b.id));
}
