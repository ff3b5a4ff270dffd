// npm run bench:server — the server on the demo city (20 854 parcels), on the embedded
// store (PGlite + PostGIS) and on PostgreSQL + PostGIS, measured in the same process.
// Prints figures and ratios; asserts nothing.
//
//   1. loading the parcel layer over HTTP: GeoJSON against FlatGeobuf (time and bytes);
//   2. single-feature updates over HTTP, 20 concurrent writers each on its own parcel;
//   3. W25-1 + W25-2 on the stored rows: the domain core against the same figures in
//      PostGIS SQL (values, their agreement, times);
//   4. heavy reads: /api/health latency while 5 GeoJSON exports run at once, with the
//      exports computed on the event loop (a pool of size 0, before) and in worker threads
//      (the default pool, after).
//
// BENCH_ONLY=load,updates,policy,heavy runs only the sections named.
//
// PostgreSQL: PARKATLAS_BENCH_DATABASE_URL or PARKATLAS_TEST_DATABASE_URL names the server,
// else the one `scripts/pg-test-server.sh` runs, when it runs. Each run works in a fresh
// database (parkatlas_bench_<random>) that is dropped at the end.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { geojson as fgb } from 'flatgeobuf';
import pg from 'pg';
import type { UpdateFeatureRequest } from '../src/api/types';
import { evaluatePack } from '../src/domain/policy/evaluate';
import { CityFacts } from '../src/domain/policy/facts';
import { parcelWeight } from '../src/domain/policy/filters';
import type { ParcelFilter, PolicyPack } from '../src/domain/policy/pack';
import { SHIPPED_PACKS } from '../src/domain/policy/shipped';
import { LAYER_NAMES, type AreaGeometry, type City, type LayerName } from '../src/domain/schema/kinds';
import { checkFeature } from '../src/io/checkFeature';
import { buildApp } from '../src/server/app';
import { createUser } from '../src/server/store/accounts';
import { createProject, importFeatures, listFeatures, migrate, openDb, type Db, type StoreUser } from '../src/server/store';
import { WorkerPool } from '../src/server/workers/pool';

const WRITERS = 20;
const UPDATE_SECONDS = Number(process.env.BENCH_UPDATE_SECONDS ?? 10);
const UPDATE_MAX = 2000;
/** Time allowed for the repeated runs of one SQL variant (slow ones run fewer times). */
const SQL_BUDGET_MS = 25_000;
const DEMO_DIR = new URL('../data/demo/wuhan/', import.meta.url);
/** Concurrent exports in section 4, and the pause between two health probes. */
const HEAVY_EXPORTS = 5;
const HEALTH_PAUSE_MS = 10;

const ONLY = process.env.BENCH_ONLY?.split(',').map((x) => x.trim());
const runs = (section: 'load' | 'updates' | 'policy' | 'heavy'): boolean => !ONLY || ONLY.includes(section);

// ---------------------------------------------------------------------------------------
// Printing (the style of scripts/bench.ts)

const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
const line = (label: string, ...cells: string[]): void => console.log(`  ${label.padEnd(56)} ${cells.join('   ')}`);

/** Best of `runs` timed calls after `warmups` untimed ones; fewer runs when one call is slow. */
async function best<T>(runs: number, f: () => Promise<T>, options: { warmups?: number; budgetMs?: number } = {}): Promise<{ ms: number; runs: number; value: T }> {
  let value: T | undefined;
  for (let i = 0; i < (options.warmups ?? 0); i++) value = await f();
  let min = Infinity;
  let spent = 0;
  let done = 0;
  while (done < runs) {
    const t0 = performance.now();
    value = await f();
    const t = performance.now() - t0;
    min = Math.min(min, t);
    spent += t;
    done++;
    if (options.budgetMs !== undefined && spent + t > options.budgetMs) break; // the next run would overspend
  }
  return { ms: min, runs: done, value: value as T };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

// ---------------------------------------------------------------------------------------
// The demo city, as the API would store it (attributes without the id)

interface StoredShape {
  id: string;
  properties: Record<string, unknown>;
  geometry: AreaGeometry;
}

function readLayer(layer: LayerName): StoredShape[] {
  const fc = JSON.parse(readFileSync(new URL(`${layer}.geojson`, DEMO_DIR), 'utf8')) as { features: unknown[] };
  return fc.features.map((raw, index) => {
    const checked = checkFeature(layer, raw, index);
    if (checked.problems.length > 0 || checked.id === null) throw new Error(`demo ${layer} ${checked.label}: ${checked.problems.map((p) => p.message).join('; ')}`);
    return { id: checked.id, properties: checked.properties, geometry: checked.geometry };
  });
}

// ---------------------------------------------------------------------------------------
// Stores

interface BenchStore {
  label: string;
  open(): Promise<Db>;
  dispose(db: Db | undefined): Promise<void>;
}

function pgliteStore(): BenchStore {
  let dir = '';
  return {
    label: 'PGlite + PostGIS (embedded)',
    async open() {
      dir = await mkdtemp(join(tmpdir(), 'parkatlas-bench-'));
      return openDb({ dataDir: dir });
    },
    async dispose(db) {
      await db?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The admin URL of a running PostgreSQL, or why there is none. */
function postgresUrl(): { url: string } | { skipped: string } {
  const fromEnv = process.env.PARKATLAS_BENCH_DATABASE_URL ?? process.env.PARKATLAS_TEST_DATABASE_URL;
  if (fromEnv) return { url: fromEnv };
  const script = new URL('pg-test-server.sh', import.meta.url).pathname;
  try {
    // Only a server that already runs: the bench installs and starts nothing.
    execFileSync('bash', [script, 'status'], { stdio: 'ignore' });
    return { url: execFileSync('bash', [script], { encoding: 'utf8' }).trim() };
  } catch {
    return { skipped: 'no PostgreSQL running: start one with `bash scripts/pg-test-server.sh` or set PARKATLAS_BENCH_DATABASE_URL' };
  }
}

function postgresStore(adminUrl: string): BenchStore {
  const name = `parkatlas_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  let created = false;
  return {
    label: `PostgreSQL + PostGIS (${new URL(adminUrl).host})`,
    async open() {
      await admin(`CREATE DATABASE ${name}`);
      created = true;
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return openDb({ databaseUrl: url.toString() });
    },
    async dispose(db) {
      await db?.close();
      if (created) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

// ---------------------------------------------------------------------------------------
// HTTP client: one logged-in admin session

interface Client {
  base: string;
  cookie: string;
  csrf: string;
}

async function login(base: string, username: string, password: string): Promise<Client> {
  const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login: HTTP ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { base, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0], csrf: csrfToken };
}

// ---------------------------------------------------------------------------------------
// 1. Loading the parcel layer

async function benchLoad(client: Client, pid: string, parcels: number): Promise<void> {
  const url = `${client.base}/api/projects/${pid}/layers/parcels/features`;
  const get = async (accept: string): Promise<Uint8Array> => {
    const res = await fetch(url, { headers: { cookie: client.cookie, accept } });
    if (res.status !== 200) throw new Error(`GET parcels (${accept}): HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
  const json = await best(3, () => get('application/json'));
  const flat = await best(3, () => get('application/flatgeobuf'));

  // What the browser does next: turn the bytes into features.
  const jsonDecode = await best(3, async () => (JSON.parse(new TextDecoder().decode(json.value)) as { features: unknown[] }).features.length);
  const flatDecode = await best(3, async () => {
    let n = 0;
    for await (const feature of fgb.deserialize(flat.value)) if (feature) n++;
    return n;
  });
  if (jsonDecode.value !== parcels || flatDecode.value !== parcels) {
    throw new Error(`parcel layer: expected ${parcels} features, got ${jsonDecode.value} (GeoJSON) and ${flatDecode.value} (FlatGeobuf)`);
  }
  const cells = (t: number, bytes: number, decode: number): string[] => [ms(t).padStart(10), mb(bytes).padStart(9), `decode ${ms(decode).padStart(8)}`];
  line('GET parcels, GeoJSON (best of 3)', ...cells(json.ms, json.value.byteLength, jsonDecode.ms));
  line('GET parcels, FlatGeobuf (best of 3)', ...cells(flat.ms, flat.value.byteLength, flatDecode.ms));
  line('  GeoJSON ÷ FlatGeobuf', `time ${(json.ms / flat.ms).toFixed(2)}×`, `bytes ${(json.value.byteLength / flat.value.byteLength).toFixed(2)}×`, `decode ${(jsonDecode.ms / flatDecode.ms).toFixed(2)}×`);
}

// ---------------------------------------------------------------------------------------
// 2. Concurrent single-feature updates

async function benchUpdates(client: Client, pid: string, owned: readonly StoredShape[]): Promise<void> {
  const latencies: number[] = [];
  const failures = new Map<number, number>();
  let started = 0;
  const deadline = performance.now() + UPDATE_SECONDS * 1000;
  const t0 = performance.now();

  const writer = async (parcel: StoredShape): Promise<void> => {
    let version = 1;
    for (let n = 1; performance.now() < deadline && started < UPDATE_MAX; n++) {
      started++;
      const body: UpdateFeatureRequest = {
        version,
        feature: { type: 'Feature', id: parcel.id, properties: { ...parcel.properties, notes: `bench edit ${n}` }, geometry: parcel.geometry },
      };
      const t = performance.now();
      const res = await fetch(`${client.base}/api/projects/${pid}/layers/parcels/features/${encodeURIComponent(parcel.id)}`, {
        method: 'PUT',
        headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await res.json()) as { version?: number };
      latencies.push(performance.now() - t);
      if (res.status !== 200 || typeof answer.version !== 'number') {
        failures.set(res.status, (failures.get(res.status) ?? 0) + 1);
        return; // a writer that lost track of its version stops
      }
      version = answer.version;
    }
  };
  await Promise.all(owned.map(writer));
  const wall = performance.now() - t0;

  const sorted = [...latencies].sort((a, b) => a - b);
  line(
    `PUT one parcel, ${owned.length} writers (${latencies.length} updates)`,
    `p50 ${ms(percentile(sorted, 0.5))}`,
    `p99 ${ms(percentile(sorted, 0.99))}`,
    `max ${ms(sorted[sorted.length - 1] ?? NaN)}`,
    `${((latencies.length * 1000) / wall).toFixed(0)} updates/s`,
  );
  if (failures.size > 0) line('  FAILED updates', [...failures].map(([status, count]) => `${count} × HTTP ${status}`).join(', '));
}

// ---------------------------------------------------------------------------------------
// 3. W25-1 + W25-2: the domain core against PostGIS SQL

async function readCity(db: Db, projectId: string): Promise<City> {
  const layers = await Promise.all(LAYER_NAMES.map((layer) => listFeatures(db, { projectId, layer })));
  const [districts, zones, parks, parcels] = layers.map((rows) => rows.map((f) => ({ id: f.id, properties: f.properties, geometry: f.geometry })));
  return { districts, zones, parks, parcels } as unknown as City; // attributes were checked before the import
}

function w25Domain(pack: PolicyPack, city: City): { w251: number; w252: number } {
  const report = evaluatePack(pack, city, { facts: new CityFacts(city) });
  const value = (id: string): number => {
    const v = report.rules.find((r) => r.id === id)?.value;
    if (typeof v !== 'number') throw new Error(`${id}: no value from the domain core`);
    return v;
  };
  return { w251: value('W25-1'), w252: value('W25-2') };
}

/**
 * The two figures in PostGIS SQL. 'as-written': every matching parcel is intersected with
 * the union of all parks. 'within-shortcut': a parcel wholly inside the union (a prepared
 * ST_Within test) counts with its own area, and only straddling parcels go through the
 * overlay; the sum is the same. Either way, parcels that miss the parks are skipped by
 * ST_Intersects (their intersection is empty).
 *
 * The union is MATERIALIZED: without statistics (a freshly loaded table before autovacuum
 * has analysed it, and PGlite, which has no autovacuum) the planner puts the ST_Union
 * aggregate on the inner side of a nested loop and recomputes it for every parcel.
 */
async function w25Sql(db: Db, projectId: string, pack: PolicyPack, variant: 'as-written' | 'within-shortcut'): Promise<{ w251: number; w252: number }> {
  const inside = variant === 'as-written'
    ? 'ST_Area(ST_Intersection(p.geom, u.geom)::geography)'
    : 'CASE WHEN ST_Within(p.geom, u.geom) THEN ST_Area(p.geom::geography) ELSE ST_Area(ST_Intersection(p.geom, u.geom)::geography) END';
  const [row] = await db.query<{ total: number | string | null; inside: number | string | null }>(
    `WITH p AS MATERIALIZED (
       SELECT geom FROM features
        WHERE project_id = $1 AND layer = 'parcels'
          AND properties->>'landUse' = ANY($2::text[]) AND properties->>'status' = ANY($3::text[])
     ), u AS MATERIALIZED (
       SELECT ST_Union(geom) AS geom FROM features WHERE project_id = $1 AND layer = 'parks'
     )
     SELECT (SELECT sum(ST_Area(geom::geography)) FROM p)::float8 AS total,
            (SELECT sum(${inside}) FROM p, u WHERE ST_Intersects(p.geom, u.geom))::float8 AS inside`,
    [projectId, pack.industrialLandUse, pack.existingStatuses],
  );
  const total = Number(row.total);
  return { w251: total / 1e6, w252: Number(row.inside) / total };
}

/**
 * Where the SQL and the domain core disagree: the parcels whose area inside the parks
 * differs most (m²), and what the difference of all the others sums to.
 */
async function parcelDifferences(db: Db, projectId: string, pack: PolicyPack, city: City): Promise<void> {
  const facts = new CityFacts(city);
  const share = facts.parkShare();
  const area = facts.parcelArea();
  const rows = await db.query<{ id: string; inside: number | string }>(
    `WITH u AS MATERIALIZED (SELECT ST_Union(geom) AS geom FROM features WHERE project_id = $1 AND layer = 'parks')
     SELECT f.id, CASE WHEN ST_Within(f.geom, u.geom) THEN ST_Area(f.geom::geography)
                       ELSE ST_Area(ST_Intersection(f.geom, u.geom)::geography) END::float8 AS inside
       FROM features f, u
      WHERE f.project_id = $1 AND f.layer = 'parcels' AND ST_Intersects(f.geom, u.geom)
        AND f.properties->>'landUse' = ANY($2::text[]) AND f.properties->>'status' = ANY($3::text[])`,
    [projectId, pack.industrialLandUse, pack.existingStatuses],
  );
  const inSql = new Map(rows.map((r) => [r.id, Number(r.inside)]));
  const existingIndustrial: ParcelFilter = { industrial: true, status: 'existing' }; // W25-1's and W25-2's filter
  const diffs = city.parcels
    .map((p, i) => ({ id: p.id, counted: parcelWeight(existingIndustrial, p, i, pack, facts) > 0, sql: inSql.get(p.id) ?? 0, domain: share[i] * area[i], area: area[i] }))
    .filter((d) => d.counted && (inSql.has(d.id) || d.domain > 0))
    .map((d) => ({ ...d, diff: d.sql - d.domain }))
    .sort((a, b) => Math.abs(b.diff) - Math.abs(a.diff));
  const shown = diffs.slice(0, 5).filter((d) => Math.abs(d.diff) > 1);
  for (const d of shown) {
    line(`      ${d.id}`, `SQL ${d.sql.toFixed(1)} m²`, `domain ${d.domain.toFixed(1)} m²`, `of ${d.area.toFixed(1)} m²`);
  }
  const rest = diffs.slice(shown.length).reduce((sum, d) => sum + d.diff, 0);
  line(`      the other ${diffs.length - shown.length} parcels that meet the parks`, `Σ (SQL − domain) ${rest.toFixed(2)} m²`);
}

async function benchPolicy(db: Db, projectId: string): Promise<void> {
  const wuhan = SHIPPED_PACKS.get('wuhan-2025') as PolicyPack;
  const pack: PolicyPack = { ...wuhan, rules: wuhan.rules.filter((r) => r.id === 'W25-1' || r.id === 'W25-2') };

  const read = await best(3, () => readCity(db, projectId));
  const city = read.value;
  const core = await best(3, async () => w25Domain(pack, city), { warmups: 1 });
  const withRead = await best(3, async () => w25Domain(pack, await readCity(db, projectId)));
  const rel = (a: number, b: number): string => (Math.abs(a - b) / Math.abs(b)).toExponential(1);
  const d = core.value;
  line('listFeatures × 4 layers → City (best of 3)', ms(read.ms).padStart(10));
  line('W25-1 + W25-2, domain core (best of 3)', ms(core.ms).padStart(10), `W25-1 ${d.w251.toFixed(6)} km²`, `W25-2 ${d.w252.toFixed(8)}`);
  line('  … including the listFeatures read', ms(withRead.ms).padStart(10));
  let sqlW252 = d.w252;
  for (const variant of ['as-written', 'within-shortcut'] as const) {
    const sql = await best(3, () => w25Sql(db, projectId, pack, variant), { budgetMs: SQL_BUDGET_MS });
    const s = sql.value;
    sqlW252 = s.w252;
    const label = variant === 'as-written' ? 'W25-1 + W25-2, PostGIS SQL as written' : 'W25-1 + W25-2, PostGIS SQL, ST_Within shortcut';
    line(`${label} (best of ${sql.runs})`, ms(sql.ms).padStart(10), `W25-1 ${s.w251.toFixed(6)} km²`, `W25-2 ${s.w252.toFixed(8)}`);
    line('  relative difference SQL vs domain', ''.padStart(10), `W25-1 ${rel(s.w251, d.w251)}`, `W25-2 ${rel(s.w252, d.w252)}`);
    line('  SQL time ÷ domain time', ''.padStart(10), `${(sql.ms / core.ms).toFixed(1)}× (core alone)`, `${(sql.ms / withRead.ms).toFixed(1)}× (with the read)`);
  }
  if (Math.abs(sqlW252 - d.w252) > 1e-6 * Math.abs(d.w252)) {
    console.log('    W25-2 differs by more than 1e-6; the parcels that differ most (area inside the parks):');
    await parcelDifferences(db, projectId, pack, city);
  }
}

// ---------------------------------------------------------------------------------------
// 4. Heavy reads against /api/health

interface HeavyRun {
  health: number[];
  exportsMs: number;
}

/** GET /api/health one after another until `done`; each answer's latency. */
async function probeHealth(base: string, done: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (!done()) {
    const t = performance.now();
    const res = await fetch(`${base}/api/health`);
    await res.arrayBuffer();
    latencies.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`/api/health: HTTP ${res.status}`);
    await new Promise((resolve) => setTimeout(resolve, HEALTH_PAUSE_MS));
  }
  return latencies;
}

/** One export's bytes (a 200, or the run fails). */
async function exportBytes(client: Client, pid: string): Promise<number> {
  const res = await fetch(`${client.base}/api/projects/${pid}/export?policy=wuhan-2025&format=geojson`, { headers: { cookie: client.cookie } });
  const bytes = (await res.arrayBuffer()).byteLength;
  if (res.status !== 200) throw new Error(`export: HTTP ${res.status}`);
  return bytes;
}

/** One warm-up export (JIT, and the worker's start), then HEAVY_EXPORTS at once with health probed throughout. */
async function heavyRun(db: Db, pid: string, credentials: { username: string; password: string }, pool: WorkerPool | undefined): Promise<HeavyRun> {
  const app = await buildApp({ db, pool, heavyPerUser: HEAVY_EXPORTS + 1 });
  try {
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const client = await login(base, credentials.username, credentials.password);
    const expected = await exportBytes(client, pid);
    let finished = false;
    const probes = probeHealth(base, () => finished);
    const t0 = performance.now();
    const sizes = await Promise.all(Array.from({ length: HEAVY_EXPORTS }, () => exportBytes(client, pid)));
    const exportsMs = performance.now() - t0;
    finished = true;
    if (sizes.some((n) => n !== expected)) throw new Error(`exports of ${sizes.join(', ')} bytes; the warm-up had ${expected}`);
    return { health: (await probes).sort((a, b) => a - b), exportsMs };
  } finally {
    await app.close();
    if (pool) await pool.close();
  }
}

async function benchHeavyReads(db: Db, pid: string, credentials: { username: string; password: string }): Promise<void> {
  const before = await heavyRun(db, pid, credentials, new WorkerPool({ size: 0 }));
  const after = await heavyRun(db, pid, credentials, undefined);
  const max = (r: HeavyRun): number => r.health[r.health.length - 1] ?? NaN;
  const row = (label: string, r: HeavyRun): void => line(
    label,
    `health p50 ${ms(percentile(r.health, 0.5)).padStart(8)}`,
    `p99 ${ms(percentile(r.health, 0.99)).padStart(8)}`,
    `max ${ms(max(r)).padStart(8)}`,
    `(${r.health.length} probes)`,
    `exports ${ms(r.exportsMs).padStart(8)}`,
  );
  row(`${HEAVY_EXPORTS} GeoJSON exports, on the event loop (before)`, before);
  row(`${HEAVY_EXPORTS} GeoJSON exports, worker pool (after)`, after);
  const ratio = (b: number, a: number): string => `${(b / a).toFixed(1)}×`;
  line(
    '  before ÷ after',
    `health p50 ${ratio(percentile(before.health, 0.5), percentile(after.health, 0.5))}`,
    `p99 ${ratio(percentile(before.health, 0.99), percentile(after.health, 0.99))}`,
    `max ${ratio(max(before), max(after))}`,
    `exports ${ratio(before.exportsMs, after.exportsMs)}`,
  );
}

// ---------------------------------------------------------------------------------------

async function benchStore(store: BenchStore, city: Record<LayerName, StoredShape[]>): Promise<void> {
  console.log(`\n${store.label}`);
  let db: Db | undefined;
  try {
    let t0 = performance.now();
    db = await store.open();
    await migrate(db);
    line('open + migrate', ms(performance.now() - t0).padStart(10));

    const password = randomBytes(12).toString('base64url');
    const admin = await createUser(db, { username: 'bench-admin', password, role: 'admin' });
    const user: StoreUser = { id: admin.id, username: admin.username };
    const { id: pid } = await createProject(db, { name: 'bench: Wuhan demo', user });
    for (const layer of LAYER_NAMES) {
      t0 = performance.now();
      const n = await importFeatures(db, { projectId: pid, layer, features: city[layer], user, comment: 'bench' });
      if (layer === 'parcels') line(`importFeatures, ${n.toLocaleString('en-US')} parcels`, ms(performance.now() - t0).padStart(10));
    }

    if (runs('load') || runs('updates')) {
      const app = await buildApp({ db });
      try {
        const base = await app.listen({ port: 0, host: '127.0.0.1' });
        const client = await login(base, admin.username, password);
        if (runs('load')) await benchLoad(client, pid, city.parcels.length);
        if (runs('updates')) await benchUpdates(client, pid, city.parcels.slice(0, WRITERS));
      } finally {
        await app.close();
      }
    }
    if (runs('heavy')) await benchHeavyReads(db, pid, { username: admin.username, password });
    if (runs('policy')) await benchPolicy(db, pid);
  } finally {
    await store.dispose(db);
  }
}

const tStart = performance.now();
console.log(`ParkAtlas server bench — node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
const city = Object.fromEntries(LAYER_NAMES.map((layer) => [layer, readLayer(layer)])) as Record<LayerName, StoredShape[]>;
console.log(`demo city data/demo/wuhan: ${LAYER_NAMES.map((l) => `${city[l].length.toLocaleString('en-US')} ${l}`).join(', ')}`);

const stores: BenchStore[] = [pgliteStore()];
const postgres = postgresUrl();
if ('url' in postgres) stores.push(postgresStore(postgres.url));

let failed = false;
for (const store of stores) {
  try {
    await benchStore(store, city);
  } catch (error) {
    failed = true;
    console.log(`  FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
if ('skipped' in postgres) console.log(`\nPostgreSQL + PostGIS: rows skipped — ${postgres.skipped}`);
console.log(`\ntotal ${(((performance.now() - tStart) / 1000)).toFixed(0)} s`);
if (failed) process.exitCode = 1;
