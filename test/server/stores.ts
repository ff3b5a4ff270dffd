// The stores the server tests run against: PGlite + PostGIS always (a fresh temporary data
// folder), and PostgreSQL + PostGIS when PARKATLAS_TEST_DATABASE_URL names a server (CI
// sets it; locally `scripts/pg-test-server.sh` starts one). Each test file opens each store
// once; on PostgreSQL that is a database of its own, created through the admin URL and
// dropped afterwards, so runs never collide.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDb, type Db } from '../../src/server/store/db';

export const TEST_DATABASE_URL = process.env.PARKATLAS_TEST_DATABASE_URL ?? '';

export interface TestStore {
  kind: Db['kind'];
  /** The describe title; says why when skipped. */
  title: string;
  /** false: describe.skipIf(!enabled) */
  enabled: boolean;
  /** Opens a fresh, empty database (not migrated). */
  open(): Promise<Db>;
  /** Closes the given handle and opens the same database again (what a restart does). */
  reopen(db: Db): Promise<Db>;
  /** Closes the handle and removes the database. */
  dispose(db: Db | undefined): Promise<void>;
}

function pgliteStore(): TestStore {
  let dir = '';
  return {
    kind: 'pglite',
    title: 'PGlite + PostGIS (temporary data folder)',
    enabled: true,
    async open() {
      dir = await mkdtemp(join(tmpdir(), 'parkatlas-pglite-'));
      return openDb({ dataDir: dir });
    },
    async reopen(db) {
      await db.close();
      return openDb({ dataDir: dir });
    },
    async dispose(db) {
      await db?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function postgresStore(): TestStore {
  const name = `parkatlas_test_${randomBytes(6).toString('hex')}`;
  const url = (): string => {
    const u = new URL(TEST_DATABASE_URL);
    u.pathname = `/${name}`;
    return u.toString();
  };
  return {
    kind: 'postgres',
    title: TEST_DATABASE_URL
      ? 'PostgreSQL + PostGIS (PARKATLAS_TEST_DATABASE_URL)'
      : 'PostgreSQL + PostGIS — SKIPPED: set PARKATLAS_TEST_DATABASE_URL (scripts/pg-test-server.sh prints one)',
    enabled: TEST_DATABASE_URL !== '',
    async open() {
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      return openDb({ databaseUrl: url() });
    },
    async reopen(db) {
      await db.close();
      return openDb({ databaseUrl: url() });
    },
    async dispose(db) {
      await db?.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** A fresh list per test file (each entry holds its own database). */
export function testStores(): TestStore[] {
  if (!TEST_DATABASE_URL) {
    console.warn('server store tests: PostgreSQL variant skipped, set PARKATLAS_TEST_DATABASE_URL to run it');
  }
  return [pgliteStore(), postgresStore()];
}
