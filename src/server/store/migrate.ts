// Schema migrations: plain SQL files `NNN_name.sql` in src/server/migrations, applied in
// name order, each in its own transaction, and recorded in schema_migrations. The same
// files run on PGlite and on PostgreSQL.
import { readdir, readFile } from 'node:fs/promises';
import type { Db } from './db';

export const MIGRATIONS_DIR = new URL('../migrations/', import.meta.url);

const MIGRATION_FILE = /^\d{3}_[A-Za-z0-9_-]+\.sql$/;

/** Serialises migrations of concurrent server processes on one PostgreSQL database. */
const LOCK = 'SELECT pg_advisory_xact_lock(7210417001)';

/** Applies the pending migrations; returns the names of those it applied, in order. */
export async function migrate(db: Db, dir: URL = MIGRATIONS_DIR): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => MIGRATION_FILE.test(name)).sort();
  await db.transaction(async (tx) => {
    await tx.query(LOCK);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name       text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  const applied: string[] = [];
  for (const name of names) {
    const sql = await readFile(new URL(name, dir), 'utf8');
    const done = await db.transaction(async (tx) => {
      await tx.query(LOCK);
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
      if (seen.length > 0) return false;
      try {
        await tx.exec(sql);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`migration ${name} failed: ${message}`, { cause: error });
      }
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      return true;
    });
    if (done) applied.push(name);
  }
  return applied;
}

/** The migrations recorded in the database, in name order. */
export async function appliedMigrations(db: Db): Promise<Array<{ name: string; appliedAt: string }>> {
  const rows = await db.query<{ name: string; applied_at: Date | string }>(
    'SELECT name, applied_at FROM schema_migrations ORDER BY name COLLATE "C"',
  );
  return rows.map((row) => ({ name: row.name, appliedAt: new Date(row.applied_at).toISOString() }));
}
