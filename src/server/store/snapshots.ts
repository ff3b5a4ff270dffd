// Snapshots: a named, frozen copy of all of a project's current features (for example the
// baseline a "must not shrink" rule compares against).
import { randomUUID } from 'node:crypto';
import type { AreaGeometry, LayerName } from '../../domain/schema/kinds';
import type { Db } from './db';
import { isoTime, NotFoundError, type StoreUser } from './features';

export interface Snapshot {
  id: string;
  projectId: string;
  name: string;
  createdAt: string;
  /** the user's id */
  createdBy: string;
  /** the user's name (the id when the account is gone) */
  createdByName: string;
  featureCount: number;
}

export interface SnapshotFeature {
  id: string;
  layer: LayerName;
  version: number;
  properties: Record<string, unknown>;
  geometry: AreaGeometry;
}

interface SnapshotRow {
  id: string;
  project_id: string;
  name: string;
  created_at: Date | string;
  created_by: string;
  created_by_name: string | null;
  feature_count: number;
}

function toSnapshot(row: SnapshotRow): Snapshot {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    createdAt: isoTime(row.created_at),
    createdBy: row.created_by,
    createdByName: row.created_by_name ?? row.created_by,
    featureCount: row.feature_count,
  };
}

const SNAPSHOT_SELECT = `
  SELECT s.id, s.project_id, s.name, s.created_at, s.created_by, u.username AS created_by_name,
         (SELECT count(*)::int FROM snapshot_features f WHERE f.snapshot_id = s.id) AS feature_count
    FROM snapshots s LEFT JOIN users u ON u.id = s.created_by`;

/** Copies every current feature of the project, in one transaction. */
export async function createSnapshot(db: Db, args: { projectId: string; name: string; user: StoreUser }): Promise<Snapshot> {
  return db.transaction(async (tx) => {
    const id = randomUUID();
    await tx.query('INSERT INTO snapshots (id, project_id, name, created_by) VALUES ($1, $2, $3, $4)', [
      id, args.projectId, args.name, args.user.id,
    ]);
    await tx.query(
      `INSERT INTO snapshot_features (snapshot_id, layer, id, version, properties, geometry)
       SELECT $1, layer, id, version, properties, geometry FROM features WHERE project_id = $2`,
      [id, args.projectId],
    );
    const rows = await tx.query<SnapshotRow>(`${SNAPSHOT_SELECT} WHERE s.id = $1`, [id]);
    return toSnapshot(rows[0]);
  });
}

/** The project's snapshots, newest first. */
export async function listSnapshots(db: Db, args: { projectId: string }): Promise<Snapshot[]> {
  const rows = await db.query<SnapshotRow>(
    `${SNAPSHOT_SELECT} WHERE s.project_id = $1 ORDER BY s.created_at DESC, s.id COLLATE "C"`,
    [args.projectId],
  );
  return rows.map(toSnapshot);
}

/** The features frozen in a snapshot (optionally one layer), in id order. */
export async function snapshotFeatures(
  db: Db,
  args: { projectId: string; snapshotId: string; layer?: LayerName },
): Promise<SnapshotFeature[]> {
  const found = await db.query('SELECT 1 FROM snapshots WHERE id = $1 AND project_id = $2', [args.snapshotId, args.projectId]);
  if (found.length === 0) throw new NotFoundError(`no snapshot ${args.snapshotId} in project ${args.projectId}`);
  const params: unknown[] = [args.snapshotId];
  let where = 'snapshot_id = $1';
  if (args.layer) {
    params.push(args.layer);
    where += ' AND layer = $2';
  }
  return db.query<SnapshotFeature>(
    `SELECT id, layer, version, properties, geometry FROM snapshot_features WHERE ${where} ORDER BY id COLLATE "C"`,
    params,
  );
}
