// The server probed as an attacker and a careless client would (issue 11), over real HTTP on
// both stores. Each finding: the status, the message naming the field, and that nothing
// changed in the project.
import { request as httpRequest } from 'node:http';
import type { Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiFeature, ApiFeatureCollection } from '../../src/api/types';
import { buildApp } from '../../src/server/app';
import type { RequestLogLine } from '../../src/server/http/requestLog';
import type { Db } from '../../src/server/store';
import { loginClient, type Client } from './httpClient';
import { testStores } from './stores';
import { startTestServer, TEST_USERS, type TestServer } from './testServer';

const square = (x: number, y: number, d = 0.001): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
      [x, y],
    ],
  ],
});
const parcel = (id: string | undefined, x: number, y: number, props: Record<string, unknown> = {}) => ({
  type: 'Feature',
  ...(id !== undefined ? { id } : {}),
  properties: { name: `地块${id ?? ''}`, landUse: '100102', grade: 7, status: 'producing', ...props },
  geometry: square(x, y),
});
const district = (id: string, x: number, y: number) => ({ type: 'Feature', id, properties: { name: `区${id}`, kind: 'central' }, geometry: square(x, y, 0.05) });

/**
 * Sends an endless body (chunked) and resolves with the answer's status and how many bytes had
 * been sent when it came: a server that reads before it checks never answers.
 */
function endlessUpload(base: string, path: string, headers: Record<string, string>): Promise<{ status: number; sentBytes: number }> {
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(`${base}${path}`, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } }, (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, sentBytes: sent });
      req.destroy();
    });
    req.on('error', (e) => (answered ? undefined : reject(e)));
    const pump = (): void => {
      // stop at 256 MB: a server still reading by then has failed the test
      while (!answered && sent < 256 * 1024 * 1024) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

for (const store of testStores()) {
  describe.skipIf(!store.enabled)(`hardening — ${store.title}`, () => {
    let server: TestServer;
    let admin: Client;
    let planner: Client;
    let pid = '';
    const log: RequestLogLine[] = [];

    const count = async (layer: string): Promise<number> => (await planner.call<ApiFeatureCollection>('GET', `/api/projects/${pid}/layers/${layer}/features`)).body.features.length;
    /** The layer's ids and versions: what "nothing changed" compares. */
    const state = async (): Promise<string[]> => {
      const out: string[] = [];
      for (const layer of ['districts', 'parcels']) {
        const { body } = await planner.call<ApiFeatureCollection>('GET', `/api/projects/${pid}/layers/${layer}/features`);
        out.push(...body.features.map((f) => `${layer}:${f.id}@${f.version}`));
      }
      return out;
    };

    beforeAll(async () => {
      server = await startTestServer(store, 'users', { log: (line) => void log.push(line) });
      admin = await server.login('admin');
      pid = (await admin.call<{ id: string }>('POST', '/api/projects', { name: '加固' })).body.id;
      await admin.call('POST', `/api/projects/${pid}/members`, { username: '王规划', role: 'planner' });
      await admin.call('POST', `/api/projects/${pid}/members`, { username: 'reviewer', role: 'reviewer' });
      planner = await server.login('王规划');
      expect((await admin.call('POST', `/api/projects/${pid}/layers/districts/import`, { type: 'FeatureCollection', features: [district('D-1', 114.0, 30.4)] })).status).toBe(201);
      expect((await planner.call('POST', `/api/projects/${pid}/layers/parcels/features`, parcel('P-1', 114.01, 30.41))).status).toBe(201);
    });

    afterAll(() => server?.close());

    describe('bodies are not read before the login check', () => {
      it('an anonymous endless upload to import-file and to batch gets its 401 at once', async () => {
        for (const path of [`/api/projects/${pid}/layers/parcels/import-file?name=x.zip`, `/api/projects/${pid}/batch`]) {
          const type = path.endsWith('batch') ? 'application/json' : 'application/octet-stream';
          const answer = await endlessUpload(server.base, path, { 'content-type': type });
          expect(answer.status).toBe(401);
          expect(answer.sentBytes).toBeLessThan(64 * 1024 * 1024);
        }
        expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
      });

      it("a reviewer's upload is refused on its headers too, and a non-member's is a 404", async () => {
        const cookie = await loginCookie(server.base, 'reviewer', 'reviewer-pw-1');
        const answer = await endlessUpload(server.base, `/api/projects/${pid}/layers/parcels/import-file?name=x.zip`, {
          'content-type': 'application/octet-stream',
          cookie: cookie.cookie,
          'x-csrf-token': cookie.csrf,
        });
        expect(answer.status).toBe(403);
        const other = await loginCookie(server.base, 'other', 'other-pw-1');
        const hidden = await endlessUpload(server.base, `/api/projects/${pid}/batch`, { 'content-type': 'application/json', cookie: other.cookie, 'x-csrf-token': other.csrf });
        expect(hidden.status).toBe(404);
      });

      it('bodies are limited per route: small routes refuse 2 MB, feature writes refuse 20 MB', async () => {
        const big = 'x'.repeat(2 * 1024 * 1024);
        const snapshot = await planner.call<{ code: string }>('POST', `/api/projects/${pid}/snapshots`, { name: big });
        expect(snapshot.status).toBe(413);
        const feature = await planner.call('POST', `/api/projects/${pid}/layers/parcels/features`, parcel('P-big', 114.3, 30.3, { notes: 'y'.repeat(20 * 1024 * 1024) }));
        expect(feature.status).toBe(413);
        expect(await count('parcels')).toBe(1);
      });
    });

    it('district boundaries are read-only on every write path, for a planner', async () => {
      const before = await state();
      const d1 = (await planner.call<ApiFeatureCollection>('GET', `/api/projects/${pid}/layers/districts/features`)).body.features[0];
      const attempts: Array<{ status: number; body: unknown }> = [
        await planner.call('POST', `/api/projects/${pid}/layers/districts/features`, district('D-2', 114.2, 30.4)),
        await planner.call('PUT', `/api/projects/${pid}/layers/districts/features/D-1`, {
          version: d1.version,
          feature: { ...district('D-1', 114.0, 30.4), properties: { name: '改名', kind: 'central' } },
        }),
        await planner.call('DELETE', `/api/projects/${pid}/layers/districts/features/D-1?version=${d1.version}`),
        await planner.call('POST', `/api/projects/${pid}/batch`, { edits: [{ op: 'create', layer: 'districts', feature: district('D-3', 114.3, 30.4) }] }),
        await planner.call('POST', `/api/projects/${pid}/layers/districts/import`, { type: 'FeatureCollection', features: [district('D-4', 114.4, 30.4)] }),
        await planner.call('POST', `/api/projects/${pid}/imports`, { layer: 'districts' }),
        await planner.call('POST', `/api/projects/${pid}/features/D-1/restore`, { version: 1, currentVersion: d1.version }),
      ];
      const file = await fetch(`${server.base}/api/projects/${pid}/layers/districts/import-file?name=d.geojson`, {
        method: 'POST',
        headers: { ...planner.headers, 'content-type': 'application/octet-stream' },
        body: JSON.stringify({ type: 'FeatureCollection', features: [district('D-5', 114.5, 30.4)] }),
      });
      attempts.push({ status: file.status, body: await file.json() });
      for (const attempt of attempts)
        expect(attempt).toMatchObject({ status: 403, body: { code: 'read-only-layer', message: expect.stringContaining('district boundaries are the read-only base map') } });
      expect(await state()).toEqual(before);
    });

    describe('bad input is a 4xx naming the field, never a 500', () => {
      const cases: Array<[string, () => Promise<{ status: number; body: unknown }>, number, RegExp]> = [
        [
          'NUL in a property value',
          () => planner.call('POST', `/api/projects/${pid}/layers/parcels/features`, parcel('P-nul', 114.1, 30.4, { notes: 'a\u0000b' })),
          400,
          /properties\.notes contains a NUL/,
        ],
        ['NUL in an id', () => planner.call('POST', `/api/projects/${pid}/layers/parcels/features`, parcel('P\u0000', 114.1, 30.4)), 400, /^id contains a NUL/],
        [
          'NUL in a property key',
          () => planner.call('POST', `/api/projects/${pid}/layers/parcels/features`, parcel('P-k', 114.1, 30.4, { 'a\u0000': 1 })),
          400,
          /\(the key\) contains a NUL/,
        ],
        [
          'NUL in a comment',
          () => planner.call('POST', `/api/projects/${pid}/batch`, { edits: [{ op: 'create', layer: 'parcels', feature: parcel('P-c', 114.1, 30.4) }], comment: '\u0000' }),
          400,
          /^comment contains a NUL/,
        ],
        ['NUL in a snapshot name', () => planner.call('POST', `/api/projects/${pid}/snapshots`, { name: 'a\u0000' }), 400, /^name contains a NUL/],
        [
          'NUL in a mapping name',
          () => planner.call('PUT', `/api/projects/${pid}/import-mappings/a%00b`, { layer: 'parcels', mapping: { fields: {} } }),
          400,
          /NUL character \(%00\)/,
        ],
        ['NUL in an import comment', () => planner.call('POST', `/api/projects/${pid}/imports`, { layer: 'parcels', comment: 'x\u0000' }), 400, /^comment contains a NUL/],
        ['NUL in a URL id', () => planner.call('GET', `/api/projects/${pid}/features/P%001/history`), 400, /NUL character \(%00\)/],
        ['NUL in a login name', async () => jsonCall(server.base, 'POST', '/api/session', { username: 'a\u0000', password: 'x' }), 400, /^username contains a NUL/],
        [
          'restore version 2^31',
          () => planner.call('POST', `/api/projects/${pid}/features/P-1/restore`, { version: 2 ** 31, currentVersion: 1 }),
          400,
          /^version must be a whole number from 1 to 2147483647/,
        ],
        ['imports expected 2^31', () => planner.call('POST', `/api/projects/${pid}/imports`, { layer: 'parcels', expected: 2 ** 31 }), 400, /^expected must be a whole number/],
        [
          'a PUT version of 2^31',
          () => planner.call('PUT', `/api/projects/${pid}/layers/parcels/features/P-1`, { version: 2 ** 31, feature: parcel(undefined, 114.01, 30.41) }),
          400,
          /^version must be/,
        ],
        [
          'import-file mapping=[1]',
          () =>
            rawUpload(
              server.base,
              planner,
              `/api/projects/${pid}/layers/parcels/import-file?name=p.geojson&dryRun=1&mapping=%5B1%5D`,
              '{"type":"FeatureCollection","features":[]}',
            ),
          400,
          /^mapping: send/,
        ],
        [
          'Z coordinates on POST',
          () =>
            planner.call('POST', `/api/projects/${pid}/layers/parcels/features`, {
              ...parcel('P-z', 114.1, 30.4),
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [114.1, 30.4, 5],
                    [114.101, 30.4, 5],
                    [114.101, 30.401, 5],
                    [114.1, 30.4, 5],
                  ],
                ],
              },
            }),
          422,
          /problem/,
        ],
        [
          'Z coordinates in a batch',
          () =>
            planner.call('POST', `/api/projects/${pid}/batch`, {
              edits: [
                {
                  op: 'create',
                  layer: 'parcels',
                  feature: {
                    ...parcel('P-z', 114.1, 30.4),
                    geometry: {
                      type: 'Polygon',
                      coordinates: [
                        [
                          [114.1, 30.4, 5],
                          [114.101, 30.4, 5],
                          [114.101, 30.401, 5],
                          [114.1, 30.4, 5],
                        ],
                      ],
                    },
                  },
                },
              ],
            }),
          422,
          /problem/,
        ],
        [
          'Z coordinates in an imported file',
          () =>
            rawUpload(
              server.base,
              planner,
              `/api/projects/${pid}/layers/parcels/import-file?name=p.geojson`,
              JSON.stringify({
                type: 'FeatureCollection',
                features: [
                  {
                    ...parcel('P-z', 114.1, 30.4),
                    geometry: {
                      type: 'Polygon',
                      coordinates: [
                        [
                          [114.1, 30.4, 5],
                          [114.101, 30.4, 5],
                          [114.101, 30.401, 5],
                          [114.1, 30.4, 5],
                        ],
                      ],
                    },
                  },
                ],
              }),
            ),
          422,
          /problem/,
        ],
        ['a 1 MB id', () => planner.call('POST', `/api/projects/${pid}/layers/parcels/features`, parcel('i'.repeat(1024 * 1024), 114.1, 30.4)), 422, /problem/],
        ['an id of 101 characters', () => planner.call('POST', `/api/projects/${pid}/layers/parcels/features`, parcel('i'.repeat(101), 114.1, 30.4)), 422, /problem/],
        [
          'a text attribute of 10 001 characters',
          () => planner.call('POST', `/api/projects/${pid}/layers/parcels/features`, parcel('P-t', 114.1, 30.4, { notes: 'n'.repeat(10_001) })),
          422,
          /problem/,
        ],
        [
          'a comment of 1 001 characters',
          () => planner.call('POST', `/api/projects/${pid}/batch`, { edits: [{ op: 'create', layer: 'parcels', feature: parcel('P-c', 114.1, 30.4) }], comment: 'c'.repeat(1001) }),
          400,
          /^comment has 1001 characters/,
        ],
        [
          'JSON nested 10 000 deep',
          () => rawJson(server.base, planner, 'POST', `/api/projects/${pid}/batch`, `${'['.repeat(10_000)}${']'.repeat(10_000)}`),
          400,
          /nested 10000 levels deep/,
        ],
        ['JSON that is not JSON', () => rawJson(server.base, planner, 'POST', `/api/projects/${pid}/batch`, '{"edits": [}'), 400, /not valid JSON/],
        ['a batch edit that is not an object', () => planner.call('POST', `/api/projects/${pid}/batch`, { edits: [7] }), 400, /edit 1/],
      ];
      for (const [name, send, status, message] of cases) {
        it(name, async () => {
          const before = await state();
          const answer = await send();
          expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(status);
          expect((answer.body as { message: string }).message).toMatch(message);
          expect(await state()).toEqual(before);
        });
      }

      it('the 422s of an id and of the Z coordinate name the feature and the field', async () => {
        const id = await planner.call<{ errors: Array<{ feature: string; field: string; message: string }> }>(
          'POST',
          `/api/projects/${pid}/layers/parcels/features`,
          parcel('i'.repeat(101), 114.1, 30.4),
        );
        expect(id.body.errors).toContainEqual(expect.objectContaining({ field: 'id', message: expect.stringContaining('at most 100') }));
        const z = await planner.call<{ errors: Array<{ feature: string; field: string; message: string }> }>('POST', `/api/projects/${pid}/layers/parcels/features`, {
          ...parcel('P-z', 114.1, 30.4),
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [114.1, 30.4, 5],
                [114.101, 30.4, 5],
                [114.101, 30.401, 5],
                [114.1, 30.4, 5],
              ],
            ],
          },
        });
        expect(z.body.errors).toContainEqual(
          expect.objectContaining({ feature: 'P-z', field: 'geometry', message: expect.stringMatching(/vertex 0 has 3 numbers .*drop the Z values/) }),
        );
        const file = await rawUpload(
          server.base,
          planner,
          `/api/projects/${pid}/layers/parcels/import-file?name=p.geojson`,
          JSON.stringify({
            type: 'FeatureCollection',
            features: [
              {
                ...parcel('P-z', 114.1, 30.4),
                geometry: {
                  type: 'Polygon',
                  coordinates: [
                    [
                      [114.1, 30.4, 5],
                      [114.101, 30.4, 5],
                      [114.101, 30.401, 5],
                      [114.1, 30.4, 5],
                    ],
                  ],
                },
              },
            ],
          }),
        );
        expect((file.body as { errors: Array<{ message: string }> }).errors[0].message).toMatch(/height .*drop the Z values/);
        const text = await planner.call<{ errors: Array<{ feature: string; field: string; message: string }> }>(
          'POST',
          `/api/projects/${pid}/layers/parcels/features`,
          parcel('P-t', 114.1, 30.4, { notes: 'n'.repeat(10_001) }),
        );
        expect(text.body.errors).toContainEqual(expect.objectContaining({ feature: 'P-t', field: 'notes', message: expect.stringContaining('at most 10000') }));
      });
    });

    describe('restore takes a version', () => {
      it('a stale currentVersion is a 409 with the current feature; a missing one a 400', async () => {
        await planner.call('POST', `/api/projects/${pid}/layers/parcels/features`, parcel('P-r', 114.2, 30.41, { notes: '一' }));
        await planner.call('PUT', `/api/projects/${pid}/layers/parcels/features/P-r`, { version: 1, feature: parcel(undefined, 114.2, 30.41, { notes: '二' }) });
        const stale = await planner.call<{ code: string; current: ApiFeature }>('POST', `/api/projects/${pid}/features/P-r/restore`, { version: 1, currentVersion: 1 });
        expect(stale).toMatchObject({ status: 409, body: { code: 'stale-version', current: { id: 'P-r', version: 2 } } });
        expect(await planner.call('POST', `/api/projects/${pid}/features/P-r/restore`, { version: 1 })).toMatchObject({ status: 400, body: { field: 'currentVersion' } });
      });

      it('of 20 concurrent restores from the same version, one succeeds and 19 get 409', async () => {
        const answers = await Promise.all(Array.from({ length: 20 }, () => planner.call('POST', `/api/projects/${pid}/features/P-r/restore`, { version: 1, currentVersion: 2 })));
        expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array(19).fill(409)]);
        const history = await planner.call<Array<{ version: number }>>('GET', `/api/projects/${pid}/features/P-r/history`);
        expect(history.body.map((h) => h.version)).toEqual([1, 2, 3]);
      });
    });

    describe('headers, origin and cookies', () => {
      it('security headers on the API and a request id in the header, the body of an error and the log', async () => {
        const res = await fetch(`${server.base}/api/projects/${pid}/layers/nowhere/features`, { headers: planner.headers });
        expect(res.status).toBe(404);
        expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('referrer-policy')).toBe('same-origin');
        const requestId = res.headers.get('x-request-id');
        expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
        expect(((await res.json()) as { requestId: string }).requestId).toBe(requestId);
        const line = log.find((l) => l.requestId === requestId);
        expect(line).toMatchObject({ level: 'info', method: 'GET', route: '/api/projects/:pid/layers/:layer/features', status: 404, user: '王规划' });
        expect(typeof line?.ms).toBe('number');
      });

      it('a write from another site is refused; one from the app itself goes through', async () => {
        const host = new URL(server.base).host;
        const cross = await planner.call('POST', `/api/projects/${pid}/snapshots`, { name: 'x' }, { origin: 'https://evil.example' });
        expect(cross).toMatchObject({ status: 403, body: { code: 'cross-site' } });
        const fetchSite = await planner.call('POST', `/api/projects/${pid}/snapshots`, { name: 'x' }, { 'sec-fetch-site': 'cross-site' });
        expect(fetchSite.status).toBe(403);
        const own = await planner.call('POST', `/api/projects/${pid}/snapshots`, { name: '同源' }, { origin: `http://${host}` });
        expect(own.status).toBe(201);
      });

      it('logout clears the cookie with the attributes it was set with; Secure over HTTPS', async () => {
        const plain = await fetch(`${server.base}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'other', password: 'other-pw-1' }),
        });
        expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
        const tls = await fetch(`${server.base}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
          body: JSON.stringify({ username: 'other', password: 'other-pw-1' }),
        });
        const set = tls.headers.get('set-cookie') ?? '';
        expect(set).toMatch(/Secure/);
        const { csrfToken } = (await tls.json()) as { csrfToken: string };
        const out = await fetch(`${server.base}/api/session`, {
          method: 'DELETE',
          headers: { cookie: set.split(';')[0], 'x-csrf-token': csrfToken, 'x-forwarded-proto': 'https' },
        });
        const cleared = out.headers.get('set-cookie') ?? '';
        for (const attribute of [/HttpOnly/i, /SameSite=Strict/i, /Path=\//, /Secure/, /Expires=Thu, 01 Jan 1970/]) expect(cleared).toMatch(attribute);
      });
    });

    it('a 500 says only the request id; the log has the error with its stack under that id', async () => {
      // The store failing under a request (a lost disk, a dropped connection) is what a 500 is for.
      const failing: Db = { ...server.db, query: (sql, params) => (sql.includes('FROM snapshots') ? Promise.reject(new Error('the disk is gone')) : server.db.query(sql, params)) };
      const lines: RequestLogLine[] = [];
      const app = await buildApp({ db: failing, log: (line) => void lines.push(line) });
      try {
        const base = await app.listen({ port: 0, host: '127.0.0.1' });
        const client = await loginClient(base, '王规划', TEST_USERS['王规划'].password);
        const res = await client.call<{ code: string; message: string; requestId: string }>('GET', `/api/projects/${pid}/snapshots`);
        expect(res.status).toBe(500);
        expect(JSON.stringify(res.body)).not.toMatch(/disk|at .*\.ts|SELECT/);
        const error = lines.find((l) => l.level === 'error' && l.requestId === res.body.requestId);
        expect(error?.error).toMatchObject({ message: 'the disk is gone', stack: expect.stringContaining('hardening.test.ts') });
        expect(lines.find((l) => l.level === 'info' && l.requestId === res.body.requestId)).toMatchObject({ status: 500, route: '/api/projects/:pid/snapshots' });
      } finally {
        await app.close();
      }
    });

    it('failed logins are capped per address as well as per user', async () => {
      const attempt = (username: string, password: string): Promise<Response> =>
        fetch(`${server.base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      // 20 different names, each failing once: no per-user limit is reached
      for (let i = 0; i < 20; i++) expect((await attempt(`guess-${i}`, 'x')).status).toBe(401);
      const blocked = await attempt('admin', 'admin-pw-1');
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  });
}

/** A logged-in session's cookie and CSRF token, for requests made by hand. */
async function loginCookie(base: string, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0], csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function answer(res: Response): Promise<{ status: number; body: unknown }> {
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function jsonCall(base: string, method: string, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  return answer(await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

async function rawJson(base: string, client: Client, method: string, path: string, text: string): Promise<{ status: number; body: unknown }> {
  return answer(await fetch(`${base}${path}`, { method, headers: { ...client.headers, 'content-type': 'application/json' }, body: text }));
}

async function rawUpload(base: string, client: Client, path: string, text: string): Promise<{ status: number; body: unknown }> {
  return answer(await fetch(`${base}${path}`, { method: 'POST', headers: { ...client.headers, 'content-type': 'application/octet-stream' }, body: text }));
}
