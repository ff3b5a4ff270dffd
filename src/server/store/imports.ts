// Staged imports: a large file is uploaded in chunks to a staging table, then written to
// `features` by one commit (one transaction: every staged row or none) or dropped by a
// cancel. Only the user who started an import may add to, commit or cancel it; to anyone
// else it does not exist. Checking the features is the caller's job, as for features.ts.
//
// Every operation on an import locks its row first, so chunks of one import are appended
// one at a time (their ordinals stay contiguous) and a chunk racing a commit or a cancel
// either lands before it or finds the import gone.
import { randomUUID } from 'node:crypto';
import type { AreaGeometry, LayerName } from '../../domain/schema/kinds';
import { sqlState, type Db } from './db';
import { DuplicateIdError, insertFeaturesSql, isoTime, NotFoundError, type StoreUser } from './features';

/** Imports older than this are deleted when a new one starts. */
const STALE_AFTER = '24 hours';

/** Staged rows written to `features` per statement at commit (bounds each statement's memory). */
const COMMIT_BATCH = 5000;

export interface ImportInfo {
  id: string;
  projectId: string;
  layer: LayerName;
  userId: string;
  username: string;
  comment: string | null;
  expected: number | null;
  received: number;
  createdAt: string;
}

/** One checked feature as staged. */
export interface StagedFeature {
  id: string;
  properties: Record<string, unknown>;
  geometry: AreaGeometry;
}

/** Who asks: the import must be this user's, in this project. */
export interface ImportRef {
  projectId: string;
  importId: string;
  userId: string;
}

/** The import is not there for this user (a 404, like any other NotFoundError). */
export class NoImportError extends NotFoundError {
  constructor(ref: ImportRef) {
    super(
      `no import ${ref.importId} of yours in project ${ref.projectId}: it was committed, cancelled or expired (24 h), or another user started it`,
    );
    this.name = 'NoImportError';
  }
}

/** Ids of a chunk already staged by an earlier chunk of the same import. */
export class StagedDuplicateError extends Error {
  constructor(readonly ids: string[]) {
    super(ids.length > 0 ? `feature id ${ids.join(', ')} is already staged in this import` : 'a feature id of this chunk is already staged in this import');
    this.name = 'StagedDuplicateError';
  }
}

/** The import was started with an expected count, and a different number was staged. */
export class ImportCountError extends Error {
  constructor(readonly expected: number, readonly received: number) {
    super(`the import expected ${expected} features but ${received} were received`);
    this.name = 'ImportCountError';
  }
}

interface ImportRow {
  id: string;
  project_id: string;
  layer: LayerName;
  user_id: string;
  username: string;
  comment: string | null;
  expected: number | null;
  created_at: Date | string;
}

function toInfo(row: ImportRow, received: number): ImportInfo {
  return {
    id: row.id,
    projectId: row.project_id,
    layer: row.layer,
    userId: row.user_id,
    username: row.username,
    comment: row.comment,
    expected: row.expected,
    received,
    createdAt: isoTime(row.created_at),
  };
}

/** The import row, locked until the transaction ends; NoImportError when not the user's. */
async function lockImport(tx: Db, ref: ImportRef): Promise<ImportRow> {
  const rows = await tx.query<ImportRow>(
    `SELECT i.id, i.project_id, i.layer, i.user_id, u.username, i.comment, i.expected, i.created_at
       FROM imports i JOIN users u ON u.id = i.user_id
      WHERE i.id = $1 AND i.project_id = $2 AND i.user_id = $3
        FOR UPDATE OF i`,
    [ref.importId, ref.projectId, ref.userId],
  );
  if (rows.length === 0) throw new NoImportError(ref);
  return rows[0];
}

async function stagedCount(tx: Db, importId: string): Promise<number> {
  const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM import_rows WHERE import_id = $1', [importId]);
  return row.n;
}

/** Starts an import (and deletes every import older than 24 h, of anyone). */
export async function createImport(
  db: Db,
  args: { projectId: string; layer: LayerName; user: StoreUser; comment?: string; expected?: number },
): Promise<ImportInfo> {
  return db.transaction(async (tx) => {
    await tx.query(`DELETE FROM imports WHERE created_at < now() - interval '${STALE_AFTER}'`);
    const id = randomUUID();
    try {
      await tx.query(
        'INSERT INTO imports (id, project_id, layer, user_id, comment, expected) VALUES ($1, $2, $3, $4, $5, $6)',
        [id, args.projectId, args.layer, args.user.id, args.comment ?? null, args.expected ?? null],
      );
    } catch (error) {
      if (sqlState(error) === '23503') throw new NotFoundError(`no project ${args.projectId}`);
      throw error;
    }
    return toInfo(await lockImport(tx, { projectId: args.projectId, importId: id, userId: args.user.id }), 0);
  });
}

/** The import with its staged count, or null when it is not this user's. */
export async function getImport(db: Db, ref: ImportRef): Promise<ImportInfo | null> {
  const rows = await db.query<ImportRow & { received: number }>(
    `SELECT i.id, i.project_id, i.layer, i.user_id, u.username, i.comment, i.expected, i.created_at,
            -- ordinals are contiguous from 0: the last one + 1 is the count, off the primary key
            (SELECT coalesce(max(r.ordinal) + 1, 0)::int FROM import_rows r WHERE r.import_id = i.id) AS received
       FROM imports i JOIN users u ON u.id = i.user_id
      WHERE i.id = $1 AND i.project_id = $2 AND i.user_id = $3`,
    [ref.importId, ref.projectId, ref.userId],
  );
  return rows.length > 0 ? toInfo(rows[0], rows[0].received) : null;
}

/**
 * Stages a chunk after the rows already staged; all of it or, when an id is already
 * staged (StagedDuplicateError), none. Returns the number of rows staged in total.
 */
export async function addImportRows(db: Db, args: ImportRef & { rows: readonly StagedFeature[] }): Promise<number> {
  return db.transaction(async (tx) => {
    await lockImport(tx, args);
    const ids = args.rows.map((row) => row.id);
    const staged = await tx.query<{ id: string }>(
      `SELECT id FROM import_rows
        WHERE import_id = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb))
        ORDER BY ordinal`,
      [args.importId, JSON.stringify(ids)],
    );
    if (staged.length > 0) throw new StagedDuplicateError(staged.map((row) => row.id));
    const [{ next }] = await tx.query<{ next: number }>(
      'SELECT coalesce(max(ordinal) + 1, 0)::int AS next FROM import_rows WHERE import_id = $1',
      [args.importId],
    );
    if (args.rows.length === 0) return next;
    const records = args.rows.map((row, i) => ({ ordinal: next + i, id: row.id, properties: row.properties, geometry: row.geometry }));
    try {
      await tx.query(
        `INSERT INTO import_rows (import_id, ordinal, id, properties, geometry)
         SELECT $1, r.ordinal, r.id, r.properties, r.geometry
           FROM jsonb_to_recordset($2::jsonb) AS r(ordinal integer, id text, properties jsonb, geometry jsonb)`,
        [args.importId, JSON.stringify(records)],
      );
    } catch (error) {
      // The caller checks a chunk for repeated ids; this is the database's word on it.
      if (sqlState(error) === '23505') throw new StagedDuplicateError([]);
      throw error;
    }
    return next + args.rows.length;
  });
}

/**
 * Writes every staged row to `features` (history action 'import', the import's comment),
 * in upload order, then deletes the import; one transaction, so a duplicate id or a
 * count short of `expected` writes nothing and leaves the import staged.
 */
export async function commitImport(db: Db, args: ImportRef & { user: StoreUser }): Promise<number> {
  return db.transaction(async (tx) => {
    const imp = await lockImport(tx, args);
    const received = await stagedCount(tx, imp.id);
    if (imp.expected !== null && imp.expected !== received) throw new ImportCountError(imp.expected, received);

    // A clear message naming the id; a concurrent writer is still caught by the primary key.
    const taken = await tx.query<{ id: string; total: number }>(
      `SELECT r.id, (count(*) OVER ())::int AS total
         FROM import_rows r JOIN features f ON f.project_id = $1 AND f.id = r.id
        WHERE r.import_id = $2
        ORDER BY r.ordinal LIMIT 1`,
      [imp.project_id, imp.id],
    );
    if (taken.length > 0) {
      const { id, total } = taken[0];
      const more = total > 1 ? ` (and ${total - 1} more staged ids are)` : '';
      throw new DuplicateIdError(id, `feature id ${id} is already in use in this project${more}; nothing was written: cancel the import and give those features other ids, or update the existing features instead`);
    }

    let imported = 0;
    for (let from = 0; from < received; from += COMMIT_BATCH) {
      let rows: Array<{ n: number }>;
      try {
        rows = await tx.query<{ n: number }>(
          insertFeaturesSql({
            input: 'SELECT r.ordinal, r.id, r.properties, r.geometry FROM import_rows r WHERE r.import_id = $2 AND r.ordinal >= $3 AND r.ordinal < $4',
            layer: '$5', userId: '$6', username: '$7', action: "'import'", comment: '$8',
            select: 'count(*)::int AS n', orderBy: 'i.ordinal',
          }),
          [imp.project_id, imp.id, from, from + COMMIT_BATCH, imp.layer, args.user.id, args.user.username, imp.comment],
        );
      } catch (error) {
        if (sqlState(error) === '23503') throw new NotFoundError(`no project ${imp.project_id}`);
        if (sqlState(error) === '23505') {
          throw new DuplicateIdError(null, 'a feature id of this import was taken meanwhile by another writer; nothing was written: commit again to see which');
        }
        throw error;
      }
      imported += rows[0].n;
    }
    await tx.query('DELETE FROM imports WHERE id = $1', [imp.id]);
    return imported;
  });
}

/** Drops the import and its staged rows; nothing reaches `features`. */
export async function cancelImport(db: Db, ref: ImportRef): Promise<void> {
  await db.transaction(async (tx) => {
    await lockImport(tx, ref);
    await tx.query('DELETE FROM imports WHERE id = $1', [ref.importId]);
  });
}
