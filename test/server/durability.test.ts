// The embedded store (PGlite only: kill -9 durability is about the data folder the server
// process itself writes; a PostgreSQL server is not the process being killed) survives a
// kill -9 that lands *inside* the transaction of a staged import's commit.
//
// The test cannot pass vacuously: it kills only once the commit's rows are observably being
// written, and it checks afterwards that the kill was neither before nor after the write:
// - not before: after the commit request was sent, the database's table files grew by
//   IN_FLIGHT_BYTES (nothing else runs, so that is the commit's rows reaching the disk);
// - not after: the commit never answered, and after the restart the import is still staged
//   (the commit deletes it in the same transaction) with no feature written.
// A write too quick to be caught in flight is retried larger; a kill that came after the
// commit's COMMIT fails. Earlier data (the demo city, a zone saved just before) is intact,
// and committing the staged import again after the restart writes every feature.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportChunkFeature } from '../../src/api/types';

const root = new URL('../..', import.meta.url).pathname;
const data = mkdtempSync(join(tmpdir(), 'parkatlas-kill-'));
const env = { ...process.env, PARKATLAS_DATA: data, PORT: '0', DATABASE_URL: '' };

/** Growth of the table files that only the commit's rows can cause (the whole write is > 50 MB per copy of the parcels). */
const IN_FLIGHT_BYTES = 16 * 1024 * 1024;
/** Copies of the demo parcels per attempt: a larger write when the first was over before it was seen. */
const ATTEMPT_COPIES = [1, 3];
const CHUNK = 2000;

interface Server {
  proc: ChildProcess;
  base: string;
  exited: Promise<void>;
}

let server: Server | null = null;

/** One node process (tsx as a loader, not a wrapper), so that SIGKILL hits the server itself. */
async function start(): Promise<Server> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let out = '';
  const base = await new Promise<string>((resolve, reject) => {
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ParkAtlas on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) before listening:\n${out}`)));
  });
  server = { proc, base, exited };
  return server;
}

async function kill9(s: Server): Promise<void> {
  s.proc.kill('SIGKILL');
  await s.exited;
  server = null;
}

interface Session {
  headers: Record<string, string>;
  call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

/** The demo admin (seeded into the empty store on first start). */
async function login(base: string): Promise<Session> {
  const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'parkatlas-admin' }) });
  expect(res.status).toBe(200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const headers = { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0], 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  return {
    headers,
    async call<T>(method: string, path: string, body?: unknown) {
      const r = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await r.text();
      return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
    },
  };
}

/** Bytes of the database's table and index files (not temp files, which come and go). */
function tableBytes(dir = join(data, 'pgdata', 'base')): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'pgsql_tmp') continue;
    const path = join(dir, entry.name);
    try {
      total += entry.isDirectory() ? tableBytes(path) : statSync(path).size;
    } catch {
      // a file dropped between readdir and stat
    }
  }
  return total;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function countFeatures(s: Session, projectId: string, layer: string): Promise<number> {
  const res = await s.call<{ features: unknown[] }>('GET', `/api/projects/${projectId}/layers/${layer}/features`);
  expect(res.status).toBe(200);
  return res.body.features.length;
}

type CommitOutcome = { answered: true; status: number; body: string } | { answered: false; error: string };

afterAll(async () => {
  if (server) await kill9(server);
  rmSync(data, { recursive: true, force: true });
});

describe('the embedded store and kill -9 (PGlite only)', () => {
  it('a kill -9 inside an import commit leaves all or none of it, never part', async () => {
    const parcels = (JSON.parse(readFileSync(join(root, 'data/demo/wuhan/parcels.geojson'), 'utf8')) as { features: ImportChunkFeature[] }).features.map(
      ({ id, properties, geometry }) => ({ id, properties, geometry }),
    );
    let srv = await start();
    let s = await login(srv.base);
    // The demo city's zones stand for the data committed long before the crash (its
    // parcels would be 13 MB of JSON to read twice).
    const demoZones = (JSON.parse(readFileSync(join(root, 'data/demo/wuhan/zones.geojson'), 'utf8')) as { features: unknown[] }).features.length;
    expect(await countFeatures(s, 'wuhan-demo', 'zones')).toBe(demoZones);

    let caught: { projectId: string; importId: string; size: number; killedAfterMs: number; grownBytes: number } | null = null;
    for (const copies of ATTEMPT_COPIES) {
      const project = await s.call<{ id: string }>('POST', '/api/projects', { name: `kill -9 ×${copies}` });
      expect(project.status).toBe(201);
      const projectId = project.body.id;
      // The last write before the crash: it must survive it.
      const zone = await s.call('POST', `/api/projects/${projectId}/layers/zones/features`, {
        type: 'Feature', id: 'z-1', properties: { name: '已保存的区块' },
        geometry: { type: 'Polygon', coordinates: [[[114, 30], [114.1, 30], [114.1, 30.1], [114, 30.1], [114, 30]]] },
      });
      expect(zone.status).toBe(201);

      const features = Array.from({ length: copies }, (_, c) => parcels.map((f) => (c === 0 ? f : { ...f, id: `${f.id}-c${c}` }))).flat();
      const started = await s.call<{ id: string }>('POST', `/api/projects/${projectId}/imports`, { layer: 'parcels', expected: features.length });
      expect(started.status).toBe(201);
      const importId = started.body.id;
      for (let i = 0; i < features.length; i += CHUNK) {
        const chunk = await s.call<{ received: number }>('POST', `/api/projects/${projectId}/imports/${importId}/chunks`, { features: features.slice(i, i + CHUNK) });
        expect(chunk.status).toBe(200);
      }

      // Every chunk is answered, so every staging transaction is over: from here on only
      // the commit writes to the table files.
      const before = tableBytes();
      await sleep(200);
      expect(tableBytes(), 'the table files are quiet before the commit').toBe(before);
      const sent = performance.now();
      // A holder, not a let: the answer arrives in a callback the loop below polls.
      const commit: { outcome: CommitOutcome | null } = { outcome: null };
      const commitDone = fetch(`${srv.base}/api/projects/${projectId}/imports/${importId}/commit`, { method: 'POST', headers: s.headers, body: '{}' })
        .then(async (r): Promise<CommitOutcome> => ({ answered: true, status: r.status, body: await r.text() }))
        .catch((e: unknown): CommitOutcome => ({ answered: false, error: String((e as { cause?: unknown }).cause ?? e) }))
        .then((o) => (commit.outcome = o));

      let grown = 0;
      while (commit.outcome === null && (grown = tableBytes() - before) < IN_FLIGHT_BYTES) {
        if (performance.now() - sent > 30_000) throw new Error(`the commit neither answered nor wrote ${IN_FLIGHT_BYTES} bytes in 30 s (grew ${grown})`);
        await sleep(5);
      }
      if (commit.outcome !== null) {
        // Over before it was seen in flight: killing now would prove nothing. Try larger.
        console.info(`commit of ${features.length} features answered in ${Math.round(performance.now() - sent)} ms, ${((tableBytes() - before) / 2 ** 20).toFixed(1)} MB written, before it was seen in flight: ${JSON.stringify(commit.outcome)}`);
        continue;
      }
      const killedAfterMs = Math.round(performance.now() - sent);
      await kill9(srv);
      const final = await commitDone;
      // The connection was cut: the kill came before any answer (and, the rows being
      // written, after the server had received and begun the whole request).
      expect(final, 'the commit must not have answered before the kill').toMatchObject({ answered: false });
      caught = { projectId, importId, size: features.length, killedAfterMs, grownBytes: grown };
      break;
    }
    if (caught === null) throw new Error(`every commit (${ATTEMPT_COPIES.map((c) => c * parcels.length).join(', ')} features) finished before it was seen writing: raise ATTEMPT_COPIES`);

    srv = await start(); // the store opens on the same data folder: recovery, no lock left behind
    s = await login(srv.base);
    const { projectId, importId, size } = caught;
    const count = await countFeatures(s, projectId, 'parcels');
    const staged = await s.call<{ received: number }>('GET', `/api/projects/${projectId}/imports/${importId}`);
    // All or nothing, and which one says when the kill came: all written and the import
    // gone means the kill came after the transaction committed (only the answer was lost).
    expect([0, size], 'all or nothing').toContain(count);
    expect(count, 'the kill came after the commit had committed: the write was not in flight').toBe(0);
    expect(staged, 'the import must still be staged, whole: the commit transaction never committed').toEqual({ status: 200, body: expect.objectContaining({ received: size }) });

    // Earlier data is intact.
    const zones = await s.call<{ features: Array<{ id: string; properties: { name: string } }> }>('GET', `/api/projects/${projectId}/layers/zones/features`);
    expect(zones.body.features).toEqual([expect.objectContaining({ id: 'z-1', properties: { name: '已保存的区块' } })]);
    expect(await countFeatures(s, 'wuhan-demo', 'zones')).toBe(demoZones);

    // The staged rows survived whole: committing again writes every one of them.
    const t0 = performance.now();
    const again = await s.call<{ imported: number }>('POST', `/api/projects/${projectId}/imports/${importId}/commit`, {});
    const recommitMs = Math.round(performance.now() - t0);
    expect(again).toEqual({ status: 200, body: { imported: size } });
    console.info(
      `kill -9 ${caught.killedAfterMs} ms into a commit of ${size} features (${(caught.grownBytes / 2 ** 20).toFixed(1)} MB of rows written); ` +
        `after the restart: 0 features, the import still staged; committed again in ${recommitMs} ms`,
    );
  }, 180_000);
});
