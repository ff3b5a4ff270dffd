// Snapshots: frozen baselines of the whole project, how the project compares with one, a
// snapshot's features (the app's baseline) and the trend of a pack's figures across them.
// Comparisons and trend points are computed in a worker thread over rows read as text.
import type { FastifyInstance } from 'fastify';
import type { ApiFeature, SnapshotComparison, SnapshotFeaturesResponse, SnapshotInfo, TrendResponse } from '../../api/types';
import { API_LAYERS } from '../../api/types';
import type { Lang } from '../../domain/policy/evaluate';
import type { PolicyPack } from '../../domain/policy/pack';
import type { PriceTable } from '../../domain/pricing/priceTable';
import type { LayerName } from '../../domain/schema/kinds';
import { HttpError } from '../httpError';
import { createSnapshot, listSnapshots, projectPriceTables, snapshotFeatures, type Snapshot } from '../store';
import { projectFeaturePages, snapshotFeaturePages } from '../store/cityRows';
import { packOf, rowPages, transferOf, type RouteContext } from './context';

/** Longest snapshot name accepted (it is shown in lists and on the dashboard). */
export const SNAPSHOT_NAME_MAX = 80;

/** The pack whose industrial land the comparison counts when none is asked for: CQ-3's. */
export const COMPARE_DEFAULT_POLICY = 'chongqing-2021';

type TrendPoint = TrendResponse['points'][number];

/** As the API shows it: by whom is the user's name. */
const info = ({ id, name, createdAt, createdByName, featureCount }: Snapshot): SnapshotInfo => ({ id, name, createdAt, createdBy: createdByName, featureCount });

/** The tables' ids and versions: a trend point stays valid while these do. */
const tablesKey = (tables: ReadonlyMap<string, PriceTable>): string =>
  [...tables.values()].map((t) => `${t.id}@${t.version}`).sort().join(',');

export function registerSnapshotRoutes(app: FastifyInstance, { db, access, lang, pool, heavy }: RouteContext): void {
  // Snapshots never change, so a point is computed once per (snapshot, pack, language, tables).
  // Bounded: the oldest entries go first once it is full.
  const trendCache = new Map<string, TrendPoint>();
  const TREND_CACHE_MAX = 500;

  const findSnapshot = async (projectId: string, snapshotId: string): Promise<Snapshot> => {
    const snapshot = (await listSnapshots(db, { projectId })).find((x) => x.id === snapshotId);
    if (!snapshot) throw new HttpError(404, 'no-snapshot', `no snapshot ${snapshotId} in project ${projectId}: list them with GET /api/projects/${projectId}/snapshots`);
    return snapshot;
  };

  app.post<{ Params: { pid: string }; Body: { name?: string } }>('/api/projects/:pid/snapshots', async (request, reply) => {
    const { user: u } = await access(request, request.params.pid, true);
    const raw = (request.body as { name?: unknown } | undefined)?.name;
    if (typeof raw !== 'string' || raw.trim() === '') throw new HttpError(400, 'bad-snapshot-name', 'give the snapshot a name: send {"name": "…"}, e.g. "2026 基准"');
    const name = raw.trim();
    if ([...name].length > SNAPSHOT_NAME_MAX) throw new HttpError(400, 'bad-snapshot-name', `the snapshot name has ${[...name].length} characters; shorten it to at most ${SNAPSHOT_NAME_MAX}`);
    reply.status(201);
    return info(await createSnapshot(db, { projectId: request.params.pid, name, user: u }));
  });

  app.get<{ Params: { pid: string } }>('/api/projects/:pid/snapshots', async (request): Promise<SnapshotInfo[]> => {
    await access(request, request.params.pid, false);
    return (await listSnapshots(db, { projectId: request.params.pid })).map(info);
  });

  // A static segment: find-my-way prefers it to /snapshots/:sid/…, whatever the order.
  const remember = (cacheKey: string, point: TrendPoint): void => {
    if (trendCache.size >= TREND_CACHE_MAX) trendCache.delete(trendCache.keys().next().value as string);
    trendCache.set(cacheKey, point);
  };

  app.get<{ Params: { pid: string }; Querystring: { policy?: string; lang?: string } }>('/api/projects/:pid/snapshots/trend', async (request): Promise<TrendResponse> => {
    const pid = request.params.pid;
    const { user } = await access(request, pid, false);
    const pack: PolicyPack = packOf(request.query.policy);
    const language: Lang = lang(request.query.lang);
    const tables = await projectPriceTables(db, pid);
    const key = `${pack.id}@${pack.version}|${language}|${tablesKey(tables)}`;
    const snapshots = (await listSnapshots(db, { projectId: pid })).reverse();
    // the points by snapshot id: taken from the cache now, so that no eviction meanwhile loses one
    const points = new Map<string, TrendPoint>();
    for (const s of snapshots) {
      const cached = trendCache.get(`${s.id}|${key}`);
      if (cached) points.set(s.id, cached);
    }
    const missing = snapshots.filter((s) => !points.has(s.id));
    // only evaluating is heavy: a trend served from the cache does not count against the user
    if (missing.length > 0) await heavy(user, async () => {
      for (const s of missing) {
        const rows = await rowPages(snapshotFeaturePages(db, { projectId: pid, snapshotId: s.id }));
        const rules = await pool.run('trendPoint', { rows, packId: pack.id, lang: language, tables }, { transfer: transferOf(rows) });
        const point: TrendPoint = { snapshotId: s.id, name: s.name, createdAt: s.createdAt, rules };
        remember(`${s.id}|${key}`, point);
        points.set(s.id, point);
      }
    });
    return { policy: pack.id, version: pack.version, points: snapshots.map((s) => points.get(s.id) as TrendPoint) };
  });

  app.get<{ Params: { pid: string; sid: string } }>('/api/projects/:pid/snapshots/:sid/features', async (request): Promise<SnapshotFeaturesResponse> => {
    const { pid, sid } = request.params;
    await access(request, pid, false);
    const snapshot = await findSnapshot(pid, sid);
    const layers = Object.fromEntries(API_LAYERS.map((l) => [l, [] as ApiFeature[]])) as Record<LayerName, ApiFeature[]>;
    for (const f of await snapshotFeatures(db, { projectId: pid, snapshotId: sid }))
      layers[f.layer].push({ type: 'Feature', id: f.id, version: f.version, properties: f.properties, geometry: f.geometry });
    return { snapshot: info(snapshot), layers };
  });

  app.get<{ Params: { pid: string; sid: string }; Querystring: { policy?: string } }>('/api/projects/:pid/snapshots/:sid/compare', async (request): Promise<SnapshotComparison> => {
    const { pid, sid } = request.params;
    const { user } = await access(request, pid, false);
    const pack = packOf(request.query.policy ?? COMPARE_DEFAULT_POLICY);
    const snapshot = await findSnapshot(pid, sid);
    return heavy(user, async () => {
      const nowRows = await rowPages(projectFeaturePages(db, pid));
      const baselineRows = await rowPages(snapshotFeaturePages(db, { projectId: pid, snapshotId: sid }));
      const comparison = await pool.run('compareSnapshot', { nowRows, baselineRows, industrialLandUse: pack.industrialLandUse }, { transfer: transferOf(nowRows, baselineRows) });
      return { snapshot: info(snapshot), policy: pack.id, ...comparison };
    });
  });
}
