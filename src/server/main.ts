// `npm start`: the web app and the API on one port (PORT, default 8080), on the embedded
// PGlite + PostGIS store in PARKATLAS_DATA (default .parkatlas-data), or on a real
// PostgreSQL + PostGIS server when DATABASE_URL is set. An empty database gets the demo
// city and demo accounts.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app';
import { jsonLines } from './http/requestLog';
import { WorkerPool } from './workers/pool';
import { databaseFolder, dataDir, DataFolderBusyError, lockDataFolder } from './dataFolder';
import { DEMO_ACCOUNTS, DEMO_PROJECT, isEmpty, seedDemo } from './demo';
import { migrate, openDb } from './store';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? '127.0.0.1';
  const databaseUrl = process.env.DATABASE_URL;
  const folder = dataDir();
  const release = databaseUrl ? () => undefined : lockDataFolder(folder);
  const t0 = performance.now();
  const db = await openDb(databaseUrl ? { databaseUrl } : { dataDir: databaseFolder(folder) });
  const applied = await migrate(db);
  console.log(`store: ${databaseUrl ? 'PostgreSQL + PostGIS (DATABASE_URL)' : `embedded PGlite + PostGIS in ${folder}`}${applied.length ? `, applied ${applied.join(', ')}` : ''} (${Math.round(performance.now() - t0)} ms)`);
  if (await isEmpty(db)) {
    const t1 = performance.now();
    const { parcels } = await seedDemo(db);
    console.log(`seeded the demo city into project ${DEMO_PROJECT}: ${parcels} parcels (${Math.round(performance.now() - t1)} ms)`);
    console.log('demo accounts (change them before real use):');
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.username.padEnd(9)} ${a.password.padEnd(20)} ${a.role}`);
  }
  // PARKATLAS_STATIC_DIR serves another build (tests build into a folder of their own).
  const staticDir = process.env.PARKATLAS_STATIC_DIR ?? fileURLToPath(new URL('../../dist/', import.meta.url));
  if (!existsSync(staticDir)) console.warn('no dist/: run `npm run build` for the web app (the API works without it)');
  const pool = new WorkerPool();
  const app = await buildApp({ db, pool, staticDir: existsSync(staticDir) ? staticDir : undefined, secureCookies: process.env.PARKATLAS_SECURE_COOKIES === '1' ? true : undefined, log: jsonLines(process.stdout) });
  const stop = async (): Promise<void> => {
    await app.close();
    await pool.close();
    await db.close();
    release();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  const url = await app.listen({ port, host });
  pool.warm().catch((e: unknown) => console.error('the worker pool could not start:', e));
  console.log(`ParkAtlas on ${url}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof DataFolderBusyError ? `error: ${e.message}` : e);
  process.exit(1);
});
