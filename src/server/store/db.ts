// The database behind the server: PostgreSQL + PostGIS, either embedded (PGlite with the
// PostGIS extension, a data folder on disk) or a real server (DATABASE_URL). The same
// migrations and the same SQL run on both; parameters are written $1, $2, … on both.
//
// Values come back as each driver parses them: jsonb as JS values, timestamptz as Date,
// int4 as number. int8 and numeric differ between the drivers (pg gives strings), so
// queries cast counts to int (`count(*)::int`).
import { mkdir } from 'node:fs/promises';

export interface Db {
  readonly kind: 'pglite' | 'postgres';
  query<R extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs fn in one transaction (BEGIN … COMMIT, ROLLBACK on throw); nested calls reuse it.
   * Inside fn use only `tx`: on PGlite the outer handle waits until the transaction ends.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** PGlite data folder (created when missing); absent: an in-memory database. */
  dataDir?: string;
  /** postgres://… of a PostgreSQL server with PostGIS available; wins over dataDir. */
  databaseUrl?: string;
}

export async function openDb(options: OpenDbOptions): Promise<Db> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.dataDir);
}

/** The SQLSTATE of a database error (both drivers set `code`), or undefined. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** The constraint a database error names (unique, check, foreign key), or undefined. */
export function sqlConstraint(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'constraint' in error) {
    const name = (error as { constraint: unknown }).constraint;
    if (typeof name === 'string') return name;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// PGlite: one embedded Postgres, one connection. PGlite serialises queries and
// transactions itself, so concurrent callers simply take turns.

interface PgliteRunner {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

async function openPglite(dataDir: string | undefined): Promise<Db> {
  // Imported lazily: the WASM build is only loaded when the embedded store is used.
  const { PGlite } = await import('@electric-sql/pglite');
  const { postgis } = await import('@electric-sql/pglite-postgis');
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const pg = await PGlite.create({ dataDir, extensions: { postgis } });

  const wrap = (runner: PgliteRunner, inTransaction: boolean): Db => {
    const db: Db = {
      kind: 'pglite',
      async query<R extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]> {
        const result = await runner.query<R>(sql, params ?? []);
        return result.rows;
      },
      async exec(sql: string): Promise<void> {
        await runner.exec(sql);
      },
      transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
        if (inTransaction) return fn(db);
        return pg.transaction((tx) => fn(wrap(tx, true)));
      },
      async close(): Promise<void> {
        if (inTransaction) throw new Error('close() inside a transaction');
        await pg.close();
      },
    };
    return db;
  };
  return wrap(pg, false);
}

// ---------------------------------------------------------------------------------------
// PostgreSQL through a pg.Pool; a transaction holds one client from BEGIN to COMMIT.

interface PgRunner {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

async function openPostgres(databaseUrl: string): Promise<Db> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: databaseUrl });
  // An idle client losing its connection must not crash the process; the next query
  // gets a fresh client.
  pool.on('error', (error) => {
    console.error(`parkatlas: idle database connection failed: ${error.message}`);
  });
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }

  const wrap = (runner: PgRunner, inTransaction: boolean): Db => {
    const db: Db = {
      kind: 'postgres',
      async query<R extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]> {
        const result = await runner.query(sql, params ?? []);
        return result.rows as R[];
      },
      async exec(sql: string): Promise<void> {
        // Without parameters pg uses the simple protocol, which accepts several statements.
        await runner.query(sql);
      },
      async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
        if (inTransaction) return fn(db);
        const client = await pool.connect();
        let broken = false;
        try {
          await client.query('BEGIN');
          const result = await fn(wrap(client, true));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true; // the connection is gone: do not hand it out again
          }
          throw error;
        } finally {
          client.release(broken);
        }
      },
      async close(): Promise<void> {
        if (inTransaction) throw new Error('close() inside a transaction');
        await pool.end();
      },
    };
    return db;
  };
  return wrap(pool, false);
}
