// Snapshots: frozen baselines of the whole project, and how the project compares with one.
import type { FastifyInstance } from 'fastify';
import type { SnapshotComparison } from '../../api/types';
import { API_LAYERS } from '../../api/types';
import { geometryArea } from '../../domain/geometry/area';
import type { AreaFeature } from '../../domain/schema/kinds';
import { HttpError } from '../httpError';
import { createSnapshot, listSnapshots } from '../store';
import { cityOf, snapshotCity, type RouteContext } from './context';

export function registerSnapshotRoutes(app: FastifyInstance, { db, access }: RouteContext): void {
  app.post<{ Params: { pid: string }; Body: { name?: string } }>('/api/projects/:pid/snapshots', async (request, reply) => {
    const { user: u } = await access(request, request.params.pid, true);
    const name = (request.body as { name?: unknown } | undefined)?.name;
    if (typeof name !== 'string' || name.trim() === '') throw new HttpError(400, 'bad-snapshot', 'send {"name": "…"}, e.g. "2025 基准"');
    reply.status(201);
    return createSnapshot(db, { projectId: request.params.pid, name, user: u });
  });

  app.get<{ Params: { pid: string } }>('/api/projects/:pid/snapshots', async (request) => {
    await access(request, request.params.pid, false);
    return listSnapshots(db, { projectId: request.params.pid });
  });

  app.get<{ Params: { pid: string; sid: string } }>('/api/projects/:pid/snapshots/:sid/compare', async (request): Promise<SnapshotComparison> => {
    await access(request, request.params.pid, false);
    const snapshot = (await listSnapshots(db, { projectId: request.params.pid })).find((x) => x.id === request.params.sid);
    if (!snapshot) throw new HttpError(404, 'no-snapshot', `no snapshot ${request.params.sid} in project ${request.params.pid}`);
    const [now, before] = await Promise.all([cityOf(db, request.params.pid), snapshotCity(db, request.params.pid, request.params.sid)]);
    const layers = {} as SnapshotComparison['layers'];
    for (const layer of API_LAYERS) {
      const a = new Map(now[layer].map((f) => [f.id, f]));
      const b = new Map(before[layer].map((f) => [f.id, f]));
      const same = (x: AreaFeature<unknown>, y: AreaFeature<unknown>): boolean => JSON.stringify([x.properties, x.geometry]) === JSON.stringify([y.properties, y.geometry]);
      const area = (fs: readonly AreaFeature<unknown>[]): number => fs.reduce((sum, f) => sum + geometryArea(f.geometry), 0);
      layers[layer] = {
        added: [...a.keys()].filter((id) => !b.has(id)),
        removed: [...b.keys()].filter((id) => !a.has(id)),
        changed: [...a.keys()].filter((id) => b.has(id) && !same(a.get(id) as AreaFeature<unknown>, b.get(id) as AreaFeature<unknown>)),
        areaNowM2: area(now[layer]),
        areaBaselineM2: area(before[layer]),
      };
    }
    const byLandUse: SnapshotComparison['parcelAreaByLandUse'] = {};
    for (const [key, parcels] of [['nowM2', now.parcels], ['baselineM2', before.parcels]] as const)
      for (const p of parcels) (byLandUse[p.properties.landUse] ??= { nowM2: 0, baselineM2: 0 })[key] += geometryArea(p.geometry);
    return { snapshot, layers, parcelAreaByLandUse: byLandUse };
  });

}
