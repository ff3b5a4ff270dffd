// Saved import field mappings: per project and name, the mapping a planner set up for a
// kind of file, to apply again on the next import. Checking the mapping is the caller's job.
import type { LayerName } from '../../domain/schema/kinds';
import type { FieldMapping } from '../../io/import/fieldMapping';
import { sqlState, type Db } from './db';
import { isoTime, NotFoundError, type StoreUser } from './features';

export interface StoredImportMapping {
  name: string;
  layer: LayerName;
  mapping: FieldMapping;
  /** the username of who saved it last (the user id when that user is gone) */
  updatedBy: string;
  updatedAt: string;
}

interface MappingRow {
  name: string;
  layer: LayerName;
  mapping: FieldMapping;
  updated_by: string;
  updated_at: Date | string;
}

const toMapping = (row: MappingRow): StoredImportMapping => ({
  name: row.name,
  layer: row.layer,
  mapping: row.mapping,
  updatedBy: row.updated_by,
  updatedAt: isoTime(row.updated_at),
});

const MAPPING_SELECT = `
  SELECT m.name, m.layer, m.mapping, coalesce(u.username, m.updated_by) AS updated_by, m.updated_at
    FROM import_mappings m LEFT JOIN users u ON u.id = m.updated_by`;

/** The project's saved mappings, by name. */
export async function listImportMappings(db: Db, args: { projectId: string }): Promise<StoredImportMapping[]> {
  const rows = await db.query<MappingRow>(`${MAPPING_SELECT} WHERE m.project_id = $1 ORDER BY m.name COLLATE "C"`, [args.projectId]);
  return rows.map(toMapping);
}

/** Saves the mapping under its name, replacing one saved before under the same name. */
export async function saveImportMapping(
  db: Db,
  args: { projectId: string; name: string; layer: LayerName; mapping: FieldMapping; user: StoreUser },
): Promise<StoredImportMapping> {
  return db.transaction(async (tx) => {
    try {
      await tx.query(
        `INSERT INTO import_mappings (project_id, name, layer, mapping, updated_by) VALUES ($1, $2, $3, $4::jsonb, $5)
         ON CONFLICT (project_id, name) DO UPDATE
           SET layer = EXCLUDED.layer, mapping = EXCLUDED.mapping, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [args.projectId, args.name, args.layer, JSON.stringify(args.mapping), args.user.id],
      );
    } catch (error) {
      if (sqlState(error) === '23503') throw new NotFoundError(`no project ${args.projectId}`);
      throw error;
    }
    const rows = await tx.query<MappingRow>(`${MAPPING_SELECT} WHERE m.project_id = $1 AND m.name = $2`, [args.projectId, args.name]);
    return toMapping(rows[0]);
  });
}

/** Deletes a saved mapping; NotFoundError when there is none of that name. */
export async function deleteImportMapping(db: Db, args: { projectId: string; name: string }): Promise<void> {
  const rows = await db.query('DELETE FROM import_mappings WHERE project_id = $1 AND name = $2 RETURNING name', [args.projectId, args.name]);
  if (rows.length === 0) throw new NotFoundError(`no saved import mapping '${args.name}' in project ${args.projectId}`);
}
