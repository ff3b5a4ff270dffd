// A project's price tables: the shipped ones, replaced by the versions the project's
// planners imported (issue 6: editable, versioned tables). Versions are only ever added.
import type { PriceTableVersionInfo } from '../../api/priceTables';
import type { GradePrice, PriceTable } from '../../domain/pricing/priceTable';
import { SHIPPED_PRICE_TABLES } from '../../domain/policy/shipped';
import { sqlState, type Db } from './db';
import { isoTime, NotFoundError, type StoreUser } from './features';

interface VersionRow {
  table_id: string;
  version: number;
  name: { zh: string; en: string };
  grades: GradePrice[];
  source_file: string | null;
  comment: string | null;
  username: string;
  created_at: Date | string;
}

/**
 * The version as floors name it: number, day (UTC) and who imported it, e.g.
 * "v3 (2026-11-22, planner)". Fixed once written, so an export says the same tomorrow.
 */
export function versionLabel(version: number, createdAt: string, username: string): string {
  return `v${version} (${createdAt.slice(0, 10)}, ${username})`;
}

const toVersion = (row: VersionRow): PriceTableVersionInfo => {
  const createdAt = isoTime(row.created_at);
  return {
    tableId: row.table_id,
    version: row.version,
    label: versionLabel(row.version, createdAt, row.username),
    name: row.name,
    grades: row.grades,
    sourceFile: row.source_file,
    comment: row.comment,
    createdBy: row.username,
    createdAt,
  };
};

const SELECT = 'SELECT table_id, version, name, grades, source_file, comment, username, created_at FROM price_table_versions';

/** The project's versions of one table (or of all), newest first. */
export async function listPriceTableVersions(db: Db, args: { projectId: string; tableId?: string }): Promise<PriceTableVersionInfo[]> {
  const rows = args.tableId === undefined
    ? await db.query<VersionRow>(`${SELECT} WHERE project_id = $1 ORDER BY table_id COLLATE "C", version DESC`, [args.projectId])
    : await db.query<VersionRow>(`${SELECT} WHERE project_id = $1 AND table_id = $2 ORDER BY version DESC`, [args.projectId, args.tableId]);
  return rows.map(toVersion);
}

/**
 * Adds the next version of a table (grades already checked). Two planners importing at once
 * both get a version: the loser of the race on the primary key takes the next number.
 */
export async function addPriceTableVersion(
  db: Db,
  args: { projectId: string; tableId: string; name: { zh: string; en: string }; grades: GradePrice[]; sourceFile: string | null; comment: string | null; user: StoreUser },
): Promise<PriceTableVersionInfo> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const [{ next }] = await tx.query<{ next: number }>(
          'SELECT (coalesce(max(version), 0) + 1)::int AS next FROM price_table_versions WHERE project_id = $1 AND table_id = $2',
          [args.projectId, args.tableId],
        );
        const rows = await tx.query<VersionRow>(
          `INSERT INTO price_table_versions (project_id, table_id, version, name, grades, source_file, comment, created_by, username)
           VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9)
           RETURNING table_id, version, name, grades, source_file, comment, username, created_at`,
          [args.projectId, args.tableId, next, JSON.stringify(args.name), JSON.stringify(args.grades), args.sourceFile, args.comment, args.user.id, args.user.username],
        );
        return toVersion(rows[0]);
      });
    } catch (error) {
      if (sqlState(error) === '23503') throw new NotFoundError(`no project ${args.projectId}`);
      if (sqlState(error) === '23505' && attempt < 5) continue;
      throw error;
    }
  }
}

/** A stored version as the table floors are computed with, in place of the shipped one. */
export function priceTableOfVersion(shipped: PriceTable, v: PriceTableVersionInfo): PriceTable {
  return {
    id: shipped.id,
    kind: shipped.kind,
    // The version is in the name too, so a floor's reason (which names the table) says it.
    name: { zh: `${v.name.zh}（项目版本v${v.version}）`, en: `${v.name.en} (project version v${v.version})` },
    source: `项目导入 / imported: ${v.sourceFile ?? 'CSV'}, ${v.label}${v.comment ? ` — ${v.comment}` : ''}`,
    version: v.label,
    unit: 'yuan-per-m2',
    placeholder: false,
    ...(v.comment ? { note: { zh: v.comment, en: v.comment } } : {}),
    grades: v.grades,
  };
}

/** The tables every floor of the project is computed with, by table id. */
export async function projectPriceTables(db: Db, projectId: string): Promise<ReadonlyMap<string, PriceTable>> {
  const rows = await db.query<VersionRow>(
    `SELECT DISTINCT ON (table_id) table_id, version, name, grades, source_file, comment, username, created_at
       FROM price_table_versions WHERE project_id = $1 ORDER BY table_id, version DESC`,
    [projectId],
  );
  if (rows.length === 0) return SHIPPED_PRICE_TABLES;
  const tables = new Map(SHIPPED_PRICE_TABLES);
  for (const row of rows) {
    const shipped = SHIPPED_PRICE_TABLES.get(row.table_id);
    if (shipped) tables.set(shipped.id, priceTableOfVersion(shipped, toVersion(row)));
  }
  return tables;
}
