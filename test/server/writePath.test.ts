// The editor's one write path against the real server (PGlite + PostGIS over HTTP):
// transactions, their inverses through undo and redo, conflicts and their three-way rebase.
import type { FastifyInstance } from 'fastify';
import type { Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Fetch } from '../../src/app/api/client';
import { FeatureStore } from '../../src/app/state/featureStore';
import { EditConflict, EditSession, rebase } from '../../src/app/state/transact';
import { buildApp } from '../../src/server/app';
import { addMember, createUser } from '../../src/server/store/accounts';
import { createProject, migrate, type Db } from '../../src/server/store';
import { testStores } from './stores';

const square = (x: number, y: number, d = 0.001): Polygon => ({ type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] });

/** fetch with a cookie jar of one cookie, as the browser keeps the session. */
function cookieFetch(): Fetch {
  let cookie = '';
  return async (url, init) => {
    const response = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    return response;
  };
}

const [store] = testStores();

describe('the one write path (EditSession) against the server', () => {
  let db: Db;
  let app: FastifyInstance;
  let base = '';
  let session: EditSession;
  let features: FeatureStore;
  let other: ApiClient;
  const pid = 'write-path';

  beforeAll(async () => {
    db = await store.open();
    await migrate(db);
    const admin = await createUser(db, { username: 'admin', password: 'admin-pw-1', role: 'admin' });
    const planner = await createUser(db, { username: 'planner', password: 'planner-pw-1', role: 'planner' });
    const second = await createUser(db, { username: 'second', password: 'second-pw-1', role: 'planner' });
    await createProject(db, { id: pid, name: '写入路径', user: admin });
    await addMember(db, { projectId: pid, userId: planner.id, role: 'planner' });
    await addMember(db, { projectId: pid, userId: second.id, role: 'planner' });
    app = await buildApp({ db });
    base = `${await app.listen({ port: 0, host: '127.0.0.1' })}/api/`;
    const api = new ApiClient(base, cookieFetch());
    await api.login({ username: 'planner', password: 'planner-pw-1' });
    other = new ApiClient(base, cookieFetch());
    await other.login({ username: 'second', password: 'second-pw-1' });
    features = new FeatureStore();
    session = new EditSession(api, pid, features);
  });

  afterAll(async () => {
    await app?.close();
    await store.dispose(db);
  });

  const onServer = async (id: string) => (await other.features(pid, 'parcels')).find((f) => f.id === id);

  it('creates, updates and deletes; undo and redo replay the inverses through the server', async () => {
    await session.transact({ kind: 'draw', edits: [{ op: 'create', layer: 'parcels', id: 'P-a', content: { properties: { landUse: '1001' }, geometry: square(114, 30.5) } }] });
    expect(features.get('P-a')?.version).toBe(1);
    await session.transact({ kind: 'tag', edits: [{ op: 'update', layer: 'parcels', id: 'P-a', content: { properties: { landUse: '100101', name: '甲' }, geometry: square(114, 30.5) } }] });
    expect((await onServer('P-a'))?.properties).toEqual({ landUse: '100101', name: '甲' });
    await session.transact({ kind: 'delete', edits: [{ op: 'delete', layer: 'parcels', id: 'P-a' }] });
    expect(features.get('P-a')).toBeUndefined();
    expect(session.history.undo).toHaveLength(3);

    expect(await session.undo()).toBe(true); // undelete: created again under its id, with its content
    expect((await onServer('P-a'))?.properties).toEqual({ landUse: '100101', name: '甲' });
    expect(await session.undo()).toBe(true); // untag
    expect((await onServer('P-a'))?.properties).toEqual({ landUse: '1001' });
    expect(features.get('P-a')?.properties).toEqual({ landUse: '1001' });
    expect(session.history.redo).toHaveLength(2);
    expect(await session.redo()).toBe(true);
    expect((await onServer('P-a'))?.properties).toEqual({ landUse: '100101', name: '甲' });
    // A new edit clears what could be redone.
    await session.transact({ kind: 'tag', edits: [{ op: 'update', layer: 'parcels', id: 'P-a', content: { properties: { landUse: '100102', name: '甲' }, geometry: square(114, 30.5) } }] });
    expect(session.history.redo).toHaveLength(0);
  });

  it('a batch is all or nothing: a bad edit anywhere leaves server and store as they were', async () => {
    const before = features.get('P-a');
    await expect(
      session.transact({
        kind: 'split',
        edits: [
          { op: 'update', layer: 'parcels', id: 'P-a', content: { properties: { landUse: '100102' }, geometry: square(114, 30.5, 0.0005) } },
          { op: 'create', layer: 'parcels', id: 'P-b', content: { properties: { landUse: 'nonsense' }, geometry: square(114.0005, 30.5, 0.0005) } },
        ],
      }),
    ).rejects.toThrow();
    expect(features.get('P-a')).toBe(before);
    expect(await onServer('P-b')).toBeUndefined();
    expect((await onServer('P-a'))?.geometry).toEqual(square(114, 30.5));
  });

  it('an edit against an old version is a conflict carrying the server copy; rebase keeps both sides’ changes', async () => {
    const mine = features.get('P-a');
    if (!mine) throw new Error('P-a missing');
    await other.batch(pid, [{ op: 'update', layer: 'parcels', id: 'P-a', version: mine.version, feature: { type: 'Feature', properties: { ...mine.properties, name: '他人改名' }, geometry: mine.geometry } }]);
    const tx = { kind: 'tag' as const, edits: [{ op: 'update' as const, layer: 'parcels' as const, id: 'P-a', content: { properties: { ...mine.properties, projectName: '我的项目' }, geometry: mine.geometry } }] };
    const conflict = await session.transact(tx).then(
      () => null,
      (e: unknown) => e,
    );
    expect(conflict).toBeInstanceOf(EditConflict);
    const { current } = conflict as EditConflict;
    expect(current?.properties.name).toBe('他人改名');
    expect(features.get('P-a')).toBe(mine); // nothing applied
    if (!current) throw new Error('no server copy');
    const rebased = rebase(tx, mine, current);
    features.apply([{ layer: 'parcels', upserted: [current], removed: [] }]);
    await session.transact(rebased);
    expect((await onServer('P-a'))?.properties).toEqual({ landUse: '100102', name: '他人改名', projectName: '我的项目' });
  });
});
