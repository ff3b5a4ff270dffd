// The demo city and demo accounts, seeded into an empty database on first start so that
// `npm start` opens on Wuhan with something to look at and someone to log in as.
import { readFileSync } from 'node:fs';
import type { LayerName } from '../domain/schema/kinds';
import { LAYER_NAMES } from '../domain/schema/kinds';
import { checkFeature } from '../io/checkFeature';
import { addMember, createUser, type User } from './store/accounts';
import { createProject, importFeatures, type Db } from './store';

export const DEMO_PROJECT = 'wuhan-demo';

/** Demo accounts: printed at start and in the README; change them before real use. */
export const DEMO_ACCOUNTS = [
  { username: 'admin', password: 'parkatlas-admin', role: 'admin' },
  { username: 'planner', password: 'parkatlas-planner', role: 'planner' },
  { username: 'reviewer', password: 'parkatlas-reviewer', role: 'reviewer' },
] as const;

const DEMO_DIR = new URL('../../data/demo/wuhan/', import.meta.url);

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  return row.n === 0;
}

/** Creates the demo accounts and the demo project with the Wuhan demo city, in one transaction. */
export async function seedDemo(db: Db): Promise<{ parcels: number }> {
  return db.transaction(async (tx) => {
    const users: User[] = [];
    for (const account of DEMO_ACCOUNTS) users.push(await createUser(tx, account));
    const admin = users[0];
    await createProject(tx, { id: DEMO_PROJECT, name: '武汉示范城市', user: admin });
    for (const [i, role] of [[1, 'planner'], [2, 'reviewer']] as const) await addMember(tx, { projectId: DEMO_PROJECT, userId: users[i].id, role });
    let parcels = 0;
    for (const layer of LAYER_NAMES) {
      const fc = JSON.parse(readFileSync(new URL(`${layer}.geojson`, DEMO_DIR), 'utf8')) as { features: unknown[] };
      const features = fc.features.map((raw, index) => {
        const checked = checkFeature(layer as LayerName, raw, index);
        if (checked.problems.length > 0 || checked.id === null) throw new Error(`demo ${layer} ${checked.label}: ${checked.problems.map((p) => p.message).join('; ')}`);
        return { id: checked.id, properties: checked.properties, geometry: checked.geometry };
      });
      const n = await importFeatures(tx, { projectId: DEMO_PROJECT, layer, features, user: admin, comment: 'demo city' });
      if (layer === 'parcels') parcels = n;
    }
    return { parcels };
  });
}
