// The embedded store survives kill -9 in the middle of a large import: after a restart
// the import is wholly absent (or wholly there), never partial, and earlier data is intact.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const tsx = join(root, 'node_modules/.bin/tsx');

const data = mkdtempSync(join(tmpdir(), 'parkatlas-kill-'));
const env = { ...process.env, PARKATLAS_DATA: data, PORT: '0', DATABASE_URL: '' };
let server: ChildProcess | null = null;

/** One node process (tsx as a loader, not a wrapper), so that SIGKILL hits the server itself. */
function start(): Promise<string> {
  server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: root, env });
  return new Promise((resolve, reject) => {
    let out = '';
    server?.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ParkAtlas on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    server?.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    server?.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

async function login(base: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ops', password: 'ops-password-1' }) });
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0], csrf: body.csrfToken };
}

afterAll(() => {
  server?.kill('SIGKILL');
});

describe('the embedded store and kill -9', () => {
  it('a large import killed midway leaves no partial rows', async () => {
    const add = spawnSync(tsx, ['src/server/admin.ts', 'add-user', 'ops', '--role', 'admin', '--password-stdin'], { cwd: root, env, input: 'ops-password-1\n', encoding: 'utf8' });
    expect(add.stderr).toBe('');
    let base = await start();
    let s = await login(base);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' };
    const project = (await (await fetch(`${base}/api/projects`, { method: 'POST', headers, body: JSON.stringify({ name: 'kill -9' }) })).json()) as { id: string };
    const first = await fetch(`${base}/api/projects/${project.id}/layers/zones/features`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'Feature', id: 'z-1', properties: { name: '已保存的区块' }, geometry: { type: 'Polygon', coordinates: [[[114, 30], [114.1, 30], [114.1, 30.1], [114, 30.1], [114, 30]]] } }),
    });
    expect(first.status).toBe(201);

    const parcels = readFileSync(join(root, 'data/demo/wuhan/parcels.geojson'), 'utf8');
    const importing = fetch(`${base}/api/projects/${project.id}/layers/parcels/import`, { method: 'POST', headers, body: parcels }).catch(() => null);
    await new Promise((r) => setTimeout(r, 3000)); // validation done, rows being written
    const exited = new Promise((r) => server?.once('exit', r));
    server?.kill('SIGKILL');
    await exited;
    await importing;

    base = await start();
    s = await login(base);
    const read = { cookie: s.cookie };
    const count = ((await (await fetch(`${base}/api/projects/${project.id}/layers/parcels/features`, { headers: read })).json()) as { features: unknown[] }).features.length;
    expect([0, 20_854]).toContain(count);
    const zones = (await (await fetch(`${base}/api/projects/${project.id}/layers/zones/features`, { headers: read })).json()) as { features: Array<{ id: string; properties: { name: string } }> };
    expect(zones.features).toEqual([expect.objectContaining({ id: 'z-1', properties: { name: '已保存的区块' } })]);
    console.info(`after kill -9 and restart: ${count} of 20854 parcels (all or nothing)`);
  }, 180_000);
});
