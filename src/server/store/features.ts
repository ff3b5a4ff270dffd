// Features of a project: one write path. Every call is one transaction, every write of a
// feature adds one history row, and every update or delete names the version it read
// (optimistic concurrency: a stale version is a ConflictError carrying the current row).
//
// Validation of attributes and geometry is the caller's job (the API runs the domain's
// checks first); the database refuses what breaks integrity: a duplicate id, an unknown
// layer, a geometry PostGIS cannot read.
import { randomUUID } from 'node:crypto';
import type { AreaGeometry, LayerName } from '../../domain/schema/kinds';
import { sqlState, type Db } from './db';

export interface StoredFeature {
  id: string;
  layer: LayerName;
  version: number;
  properties: Record<string, unknown>;
  geometry: AreaGeometry;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

/** Who writes: the id goes on the feature, the id and the name into its history. */
export interface StoreUser {
  id: string;
  username: string;
}

export interface FeatureContent {
  properties: Record<string, unknown>;
  geometry: AreaGeometry;
}

export type HistoryAction = 'create' | 'update' | 'delete' | 'restore' | 'import';

export interface HistoryEntry {
  featureId: string;
  layer: LayerName;
  /** The feature's version after this write (for a delete: the version the deletion took). */
  version: number;
  action: HistoryAction;
  before: FeatureContent | null;
  after: FeatureContent | null;
  userId: string;
  username: string;
  at: string;
  comment: string | null;
}

/** The version the caller sent is not the current one; `current` is null when deleted. */
export class ConflictError extends Error {
  constructor(readonly current: StoredFeature | null) {
    super(
      current
        ? `feature ${current.id} was changed meanwhile: it is at version ${current.version}`
        : 'the feature was deleted meanwhile',
    );
    this.name = 'ConflictError';
  }
}

export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export class DuplicateIdError extends Error {
  /** featureId is null when a concurrent writer took the id and the database did not say which. */
  constructor(readonly featureId: string | null, message = `feature id ${featureId} is already in use in this project`) {
    super(message);
    this.name = 'DuplicateIdError';
  }
}

// ---------------------------------------------------------------------------------------
// Rows

interface FeatureRow {
  id: string;
  layer: LayerName;
  version: number;
  properties: Record<string, unknown>;
  geometry: AreaGeometry;
  created_by: string;
  created_at: Date | string;
  updated_by: string;
  updated_at: Date | string;
}

const FEATURE_COLUMNS = 'id, layer, version, properties, geometry, created_by, created_at, updated_by, updated_at';

interface HistoryRow {
  feature_id: string;
  layer: LayerName;
  version: number;
  action: HistoryAction;
  before: FeatureContent | null;
  after: FeatureContent | null;
  user_id: string;
  username: string;
  at: Date | string;
  comment: string | null;
}

export function isoTime(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function toFeature(row: FeatureRow): StoredFeature {
  return {
    id: row.id,
    layer: row.layer,
    version: row.version,
    properties: row.properties,
    geometry: row.geometry,
    createdBy: row.created_by,
    createdAt: isoTime(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: isoTime(row.updated_at),
  };
}

function toHistory(row: HistoryRow): HistoryEntry {
  return {
    featureId: row.feature_id,
    layer: row.layer,
    version: row.version,
    action: row.action,
    before: row.before,
    after: row.after,
    userId: row.user_id,
    username: row.username,
    at: isoTime(row.at),
    comment: row.comment,
  };
}

/** jsonb parameters are sent as JSON text (pg would turn JS arrays into SQL arrays). */
function json(value: unknown): string {
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------
// Reads

export async function getFeature(db: Db, args: { projectId: string; id: string }): Promise<StoredFeature | null> {
  const rows = await db.query<FeatureRow>(
    `SELECT ${FEATURE_COLUMNS} FROM features WHERE project_id = $1 AND id = $2`,
    [args.projectId, args.id],
  );
  return rows.length > 0 ? toFeature(rows[0]) : null;
}

/** [minLon, minLat, maxLon, maxLat] in EPSG:4490 degrees. */
export type BBox = readonly [number, number, number, number];

/** The features of a layer in id order; with a bbox, only those whose geometry meets it. */
export async function listFeatures(
  db: Db,
  args: { projectId: string; layer: LayerName; bbox?: BBox },
): Promise<StoredFeature[]> {
  const params: unknown[] = [args.projectId, args.layer];
  let where = 'project_id = $1 AND layer = $2';
  if (args.bbox) {
    const [minX, minY, maxX, maxY] = args.bbox;
    if (![minX, minY, maxX, maxY].every(Number.isFinite) || minX > maxX || minY > maxY) {
      throw new RangeError(`bad bbox ${JSON.stringify(args.bbox)}: expected [minLon, minLat, maxLon, maxLat]`);
    }
    params.push(minX, minY, maxX, maxY);
    // ST_Intersects uses the GIST index (it implies geom && envelope) and then tests the
    // geometry itself, so a feature whose bounding box alone overlaps is left out.
    where += ' AND ST_Intersects(geom, ST_MakeEnvelope($3::float8, $4::float8, $5::float8, $6::float8, 4490))';
  }
  const rows = await db.query<FeatureRow>(
    `SELECT ${FEATURE_COLUMNS} FROM features WHERE ${where} ORDER BY ordinal`,
    params,
  );
  return rows.map(toFeature);
}

/** The history of one feature id, oldest first; empty when the id was never used. */
export async function featureHistory(db: Db, args: { projectId: string; id: string }): Promise<HistoryEntry[]> {
  const rows = await db.query<HistoryRow>(
    `SELECT feature_id, layer, version, action, before, after, user_id, username, at, comment
       FROM feature_history WHERE project_id = $1 AND feature_id = $2 ORDER BY version`,
    [args.projectId, args.id],
  );
  return rows.map(toHistory);
}

// ---------------------------------------------------------------------------------------
// Writes

interface NewFeature {
  id?: string;
  properties: Record<string, unknown>;
  geometry: AreaGeometry;
}

/**
 * The statement that inserts the rows of `input` (id, properties, geometry; ordered by
 * `ordinal` when it has one) into project $1 as new features, each with its history row.
 * A feature id used before and deleted continues its version numbers. The other values are
 * the caller's placeholders (or SQL literals).
 */
export function insertFeaturesSql(q: { input: string; layer: string; userId: string; username: string; action: string; comment: string; select: string; orderBy?: string }): string {
  return `WITH input AS (${q.input}
   ), prior AS (
     SELECT h.feature_id, max(h.version) AS version FROM feature_history h
      WHERE h.project_id = $1 AND h.feature_id IN (SELECT id FROM input)
      GROUP BY h.feature_id
   ), inserted AS (
     INSERT INTO features (project_id, layer, id, version, properties, geometry, created_by, updated_by)
     SELECT $1::text, ${q.layer}::text, i.id, coalesce(p.version, 0) + 1, i.properties, i.geometry, ${q.userId}::text, ${q.userId}::text
       FROM input i LEFT JOIN prior p ON p.feature_id = i.id
      ${q.orderBy ? `ORDER BY ${q.orderBy}` : ''}
     RETURNING ${FEATURE_COLUMNS}
   ), logged AS (
     INSERT INTO feature_history (project_id, feature_id, layer, version, action, before, after, user_id, username, comment)
     SELECT $1::text, id, layer, version, ${q.action}::text, NULL,
            jsonb_build_object('properties', properties, 'geometry', geometry), ${q.userId}::text, ${q.username}::text, ${q.comment}::text
       FROM inserted
   )
   SELECT ${q.select} FROM inserted`;
}

/** Number of features sent to the database per INSERT when importing. */
const IMPORT_CHUNK = 500;

/**
 * Inserts new features and their history rows ('create' or 'import') in one statement.
 * A feature id that was used before and deleted continues its version numbers.
 */
async function insertFeatures(
  tx: Db,
  args: { projectId: string; layer: LayerName; items: Array<FeatureContent & { id: string }>; user: StoreUser; action: 'create' | 'import'; comment: string | null; returnRows: boolean },
): Promise<StoredFeature[]> {
  const ids = args.items.map((item) => item.id);
  const seen = new Set<string>();
  for (const id of ids) {
    if (id === '') throw new RangeError('a feature id must not be empty');
    if (seen.has(id)) throw new DuplicateIdError(id, `feature id ${id} occurs twice in the features written`);
    seen.add(id);
  }
  // A clear message naming the id; a concurrent writer is still caught by the primary key.
  const taken = await tx.query<{ id: string }>(
    `SELECT id FROM features
      WHERE project_id = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb))
      ORDER BY id COLLATE "C" LIMIT 1`,
    [args.projectId, json(ids)],
  );
  if (taken.length > 0) throw new DuplicateIdError(taken[0].id);

  const out: StoredFeature[] = [];
  for (let start = 0; start < args.items.length; start += IMPORT_CHUNK) {
    const chunk = args.items.slice(start, start + IMPORT_CHUNK);
    let rows: FeatureRow[];
    try {
      rows = await tx.query<FeatureRow>(
        insertFeaturesSql({
          input: 'SELECT i.id, i.properties, i.geometry FROM jsonb_to_recordset($3::jsonb) AS i(id text, properties jsonb, geometry jsonb)',
          layer: '$2', userId: '$4', username: '$5', action: '$6', comment: '$7',
          select: args.returnRows ? FEATURE_COLUMNS : 'id',
        }),
        [args.projectId, args.layer, json(chunk), args.user.id, args.user.username, args.action, args.comment],
      );
    } catch (error) {
      if (sqlState(error) === '23503') throw new NotFoundError(`no project ${args.projectId}`);
      if (sqlState(error) === '23505') {
        const id = chunk.length === 1 ? chunk[0].id : null;
        throw new DuplicateIdError(id, `feature id ${id ?? 'of this import'} was taken meanwhile by another writer`);
      }
      throw error;
    }
    if (args.returnRows) out.push(...rows.map(toFeature));
  }
  return out;
}

async function addHistory(
  tx: Db,
  entry: { projectId: string; featureId: string; layer: LayerName; version: number; action: HistoryAction; before: FeatureContent | null; after: FeatureContent | null; user: StoreUser; comment: string | null },
): Promise<void> {
  await tx.query(
    `INSERT INTO feature_history (project_id, feature_id, layer, version, action, before, after, user_id, username, comment)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10)`,
    [
      entry.projectId, entry.featureId, entry.layer, entry.version, entry.action,
      entry.before === null ? null : json(entry.before),
      entry.after === null ? null : json(entry.after),
      entry.user.id, entry.user.username, entry.comment,
    ],
  );
}

/** The current row, locked until the transaction ends. */
async function lockFeature(tx: Db, projectId: string, id: string): Promise<StoredFeature | null> {
  const rows = await tx.query<FeatureRow>(
    `SELECT ${FEATURE_COLUMNS} FROM features WHERE project_id = $1 AND id = $2 FOR UPDATE`,
    [projectId, id],
  );
  return rows.length > 0 ? toFeature(rows[0]) : null;
}

async function lastVersion(tx: Db, projectId: string, id: string): Promise<number | null> {
  const rows = await tx.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM feature_history WHERE project_id = $1 AND feature_id = $2',
    [projectId, id],
  );
  return rows[0]?.version ?? null;
}

/** Locks the feature an update or delete names and checks layer and version. */
async function lockForWrite(tx: Db, args: { projectId: string; layer: LayerName; id: string; version: number }): Promise<StoredFeature> {
  const current = await lockFeature(tx, args.projectId, args.id);
  if (!current) {
    if ((await lastVersion(tx, args.projectId, args.id)) !== null) throw new ConflictError(null);
    throw new NotFoundError(`no feature ${args.id} in project ${args.projectId}`);
  }
  if (current.layer !== args.layer) throw new NotFoundError(`feature ${args.id} is not in layer ${args.layer}`);
  if (current.version !== args.version) throw new ConflictError(current);
  return current;
}

function content(feature: FeatureContent): FeatureContent {
  return { properties: feature.properties, geometry: feature.geometry };
}

export async function createFeature(
  db: Db,
  args: { projectId: string; layer: LayerName; id?: string; properties: Record<string, unknown>; geometry: AreaGeometry; user: StoreUser; comment?: string },
): Promise<StoredFeature> {
  return db.transaction(async (tx) => {
    const [created] = await insertFeatures(tx, {
      projectId: args.projectId,
      layer: args.layer,
      items: [{ id: args.id ?? randomUUID(), properties: args.properties, geometry: args.geometry }],
      user: args.user,
      action: 'create',
      comment: args.comment ?? null,
      returnRows: true,
    });
    return created;
  });
}

export async function updateFeature(
  db: Db,
  args: { projectId: string; layer: LayerName; id: string; version: number; properties: Record<string, unknown>; geometry: AreaGeometry; user: StoreUser; comment?: string },
): Promise<StoredFeature> {
  return db.transaction(async (tx) => {
    const current = await lockForWrite(tx, args);
    const rows = await tx.query<FeatureRow>(
      `UPDATE features
          SET version = version + 1, properties = $4::jsonb, geometry = $5::jsonb, updated_by = $6, updated_at = now()
        WHERE project_id = $1 AND id = $2 AND version = $3
        RETURNING ${FEATURE_COLUMNS}`,
      [args.projectId, args.id, args.version, json(args.properties), json(args.geometry), args.user.id],
    );
    if (rows.length === 0) throw new ConflictError(await getFeature(tx, args));
    const updated = toFeature(rows[0]);
    await addHistory(tx, {
      projectId: args.projectId, featureId: args.id, layer: args.layer, version: updated.version, action: 'update',
      before: content(current), after: content(updated), user: args.user, comment: args.comment ?? null,
    });
    return updated;
  });
}

/** Deletes the feature; its history stays, and the deletion takes version + 1. */
export async function deleteFeature(
  db: Db,
  args: { projectId: string; layer: LayerName; id: string; version: number; user: StoreUser; comment?: string },
): Promise<{ version: number }> {
  return db.transaction(async (tx) => {
    const current = await lockForWrite(tx, args);
    const rows = await tx.query(
      'DELETE FROM features WHERE project_id = $1 AND id = $2 AND version = $3 RETURNING id',
      [args.projectId, args.id, args.version],
    );
    if (rows.length === 0) throw new ConflictError(await getFeature(tx, args));
    const version = current.version + 1;
    await addHistory(tx, {
      projectId: args.projectId, featureId: args.id, layer: current.layer, version, action: 'delete',
      before: content(current), after: null, user: args.user, comment: args.comment ?? null,
    });
    return { version };
  });
}

/**
 * Makes the content of an earlier version the feature's new version (one past its last),
 * undeleting it when deleted. With `currentVersion`, the feature must still be at that
 * version (or deleted at it), as for an update.
 */
export async function restoreFeature(
  db: Db,
  args: { projectId: string; id: string; version: number; user: StoreUser; comment?: string; currentVersion?: number },
): Promise<StoredFeature> {
  return db.transaction(async (tx) => {
    const target = await tx.query<HistoryRow>(
      `SELECT feature_id, layer, version, action, before, after, user_id, username, at, comment
         FROM feature_history WHERE project_id = $1 AND feature_id = $2 AND version = $3`,
      [args.projectId, args.id, args.version],
    );
    if (target.length === 0) throw new NotFoundError(`feature ${args.id} has no version ${args.version}`);
    const restored = target[0].after;
    if (!restored) throw new NotFoundError(`version ${args.version} of feature ${args.id} is its deletion: restore an earlier version`);
    const layer = target[0].layer;

    for (let attempt = 1; ; attempt++) {
      const current = await lockFeature(tx, args.projectId, args.id);
      const last = (await lastVersion(tx, args.projectId, args.id)) ?? 0;
      if (args.currentVersion !== undefined && args.currentVersion !== (current ? current.version : last)) {
        throw new ConflictError(current);
      }
      const version = last + 1;
      let rows: FeatureRow[];
      if (current) {
        rows = await tx.query<FeatureRow>(
          `UPDATE features
              SET version = $4, layer = $5, properties = $6::jsonb, geometry = $7::jsonb, updated_by = $8, updated_at = now()
            WHERE project_id = $1 AND id = $2 AND version = $3
            RETURNING ${FEATURE_COLUMNS}`,
          [args.projectId, args.id, current.version, version, layer, json(restored.properties), json(restored.geometry), args.user.id],
        );
        if (rows.length === 0) throw new ConflictError(await getFeature(tx, args));
      } else {
        // Undelete. A concurrent restore or create of the same id may insert it first (on
        // PostgreSQL; PGlite runs transactions one at a time): roll back to the savepoint
        // and go round again, now as a restore over that row, exactly as if the two had
        // run one after the other.
        await tx.exec('SAVEPOINT parkatlas_restore');
        try {
          rows = await tx.query<FeatureRow>(
            `INSERT INTO features (project_id, layer, id, version, properties, geometry, created_by, updated_by)
             VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $7)
             RETURNING ${FEATURE_COLUMNS}`,
            [args.projectId, layer, args.id, version, json(restored.properties), json(restored.geometry), args.user.id],
          );
          await tx.exec('RELEASE SAVEPOINT parkatlas_restore');
        } catch (error) {
          if (sqlState(error) !== '23505') throw error;
          await tx.exec('ROLLBACK TO SAVEPOINT parkatlas_restore');
          if (attempt >= 3) throw new ConflictError(await getFeature(tx, args));
          continue;
        }
      }
      const feature = toFeature(rows[0]);
      await addHistory(tx, {
        projectId: args.projectId, featureId: args.id, layer, version, action: 'restore',
        before: current ? content(current) : null, after: content(feature), user: args.user, comment: args.comment ?? null,
      });
      return feature;
    }
  });
}

/**
 * Adds features to a layer in one transaction: all of them or, on any error (a duplicate
 * id, an unreadable geometry), none. Ids are generated where absent. Returns the count.
 */
export async function importFeatures(
  db: Db,
  args: { projectId: string; layer: LayerName; features: NewFeature[]; user: StoreUser; comment?: string },
): Promise<number> {
  if (args.features.length === 0) return 0;
  return db.transaction(async (tx) => {
    await insertFeatures(tx, {
      projectId: args.projectId,
      layer: args.layer,
      items: args.features.map((f) => ({ id: f.id ?? randomUUID(), properties: f.properties, geometry: f.geometry })),
      user: args.user,
      action: 'import',
      comment: args.comment ?? null,
      returnRows: false,
    });
    return args.features.length;
  });
}
