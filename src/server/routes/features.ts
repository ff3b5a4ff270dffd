// Features one by one and in batches, their history and restore: the one write path, each
// write naming the version it read (a stale one is a 409 with the current feature).
import type { FastifyInstance } from 'fastify';
import { geojson as fgb } from 'flatgeobuf';
import type { FeatureCollection } from 'geojson';
import type { ApiFeatureCollection, BatchEdit, BatchRequest, BatchResponse, HistoryEntry as ApiHistoryEntry, RestoreRequest, UpdateFeatureRequest } from '../../api/types';
import { HttpError } from '../httpError';
import { BODY_LIMITS, optionalText, TEXT_LIMITS, versionOf } from '../http/limits';
import { createFeature, deleteFeature, featureHistory, getFeature, listFeatures, restoreFeature, updateFeature } from '../store';
import type { RouteContext } from './context';
import { checkedFeatures, isRecord, layerOf, parseBbox, toApiFeature, writableLayer } from './featureChecks';

type LayerParams = { pid: string; layer: string };
type FeatureParams = LayerParams & { fid: string };
const FEATURES = { bodyLimit: BODY_LIMITS.features };
const commentOf = (value: unknown): string | undefined => optionalText(value, 'comment', TEXT_LIMITS.comment) ?? undefined;

export function registerFeatureRoutes(app: FastifyInstance, { db, access }: RouteContext): void {
  app.get<{ Params: LayerParams; Querystring: { bbox?: string } }>('/api/projects/:pid/layers/:layer/features', async (request, reply) => {
    await access(request, request.params.pid, false);
    const layer = layerOf(request.params.layer);
    const rows = await listFeatures(db, { projectId: request.params.pid, layer, bbox: parseBbox(request.query.bbox) });
    const collection: ApiFeatureCollection = { type: 'FeatureCollection', features: rows.map(toApiFeature) };
    if ((request.headers.accept ?? '').includes('application/flatgeobuf')) {
      // FlatGeobuf keeps no feature id: id and version travel as attributes.
      const flat = {
        type: 'FeatureCollection',
        features: rows.map((f) => ({ type: 'Feature', properties: { id: f.id, version: f.version, ...f.properties }, geometry: f.geometry })),
      };
      reply.type('application/flatgeobuf');
      return Buffer.from(fgb.serialize(flat as FeatureCollection, 4490));
    }
    return collection;
  });

  app.post<{ Params: LayerParams }>('/api/projects/:pid/layers/:layer/features', FEATURES, async (request, reply) => {
    const { user } = await access(request, request.params.pid, true);
    const layer = writableLayer(layerOf(request.params.layer), user, 'edit');
    const [f] = checkedFeatures(layer, [request.body], false);
    reply.status(201);
    return toApiFeature(await createFeature(db, { projectId: request.params.pid, layer, ...f, user }));
  });

  app.put<{ Params: FeatureParams; Body: UpdateFeatureRequest }>('/api/projects/:pid/layers/:layer/features/:fid', FEATURES, async (request) => {
    const { user } = await access(request, request.params.pid, true);
    const layer = writableLayer(layerOf(request.params.layer), user, 'edit');
    const body = (isRecord(request.body) ? request.body : {}) as Partial<UpdateFeatureRequest>;
    const version = versionOf(body.version, 'version', 'send {"version": <the version you edited>, "feature": {…}}');
    const [f] = checkedFeatures(layer, [{ ...(isRecord(body.feature) ? body.feature : {}), id: request.params.fid }], true);
    return toApiFeature(
      await updateFeature(db, {
        projectId: request.params.pid,
        layer,
        id: request.params.fid,
        version,
        properties: f.properties,
        geometry: f.geometry,
        user,
        comment: commentOf(body.comment),
      }),
    );
  });

  app.delete<{ Params: FeatureParams; Querystring: { version?: string } }>('/api/projects/:pid/layers/:layer/features/:fid', async (request) => {
    const { user } = await access(request, request.params.pid, true);
    const layer = writableLayer(layerOf(request.params.layer), user, 'edit');
    const version = versionOf(request.query.version, 'version', 'send ?version=<the version you deleted>');
    return { id: request.params.fid, ...(await deleteFeature(db, { projectId: request.params.pid, layer, id: request.params.fid, version, user })) };
  });

  app.post<{ Params: { pid: string }; Body: BatchRequest }>('/api/projects/:pid/batch', FEATURES, async (request): Promise<BatchResponse> => {
    const { user } = await access(request, request.params.pid, true);
    const { edits, comment: rawComment } = (isRecord(request.body) ? request.body : {}) as Partial<BatchRequest>;
    if (!Array.isArray(edits) || edits.length === 0) throw new HttpError(400, 'bad-batch', 'send {"edits": [{"op": "create" | "update" | "delete", "layer": …, …}]}');
    const comment = commentOf(rawComment);
    // Check every edit before the transaction: a bad one anywhere writes nothing.
    const checked = edits.map((edit: BatchEdit, i) => {
      if (!isRecord(edit)) throw new HttpError(400, 'bad-batch', `edit ${i + 1}: send {"op": …, "layer": …}`, { field: `edits[${i}]` });
      const layer = writableLayer(layerOf(String(edit.layer)), user, 'edit');
      if (edit.op !== 'create' && (typeof edit.id !== 'string' || edit.id === '' || edit.id.length > TEXT_LIMITS.id))
        throw new HttpError(400, 'bad-batch', `edit ${i + 1}: id must be the text id of the feature (at most ${TEXT_LIMITS.id} characters)`, { field: `edits[${i}].id` });
      if (edit.op === 'delete')
        return { edit, layer, content: null, version: versionOf(edit.version, `edits[${i}].version`, `send the version of ${String(edit.id)} you deleted`) };
      if (edit.op !== 'create' && edit.op !== 'update') throw new HttpError(400, 'bad-batch', `edit ${i + 1}: op must be create, update or delete`, { field: `edits[${i}].op` });
      const version = edit.op === 'update' ? versionOf(edit.version, `edits[${i}].version`, `send the version of ${String(edit.id)} you edited`) : 0;
      const raw = edit.op === 'update' ? { ...(isRecord(edit.feature) ? edit.feature : {}), id: edit.id } : edit.feature;
      const [content] = checkedFeatures(layer, [raw], edit.op === 'update');
      return { edit, layer, content, version };
    });
    const pid = request.params.pid;
    const results = await db.transaction(async (tx) => {
      const out: BatchResponse['results'] = [];
      for (const { edit, layer, content, version } of checked) {
        if (edit.op === 'delete') {
          out.push({ id: edit.id, ...(await deleteFeature(tx, { projectId: pid, layer, id: edit.id, version, user, comment })), deleted: true });
        } else if (edit.op === 'update' && content) {
          out.push(
            toApiFeature(await updateFeature(tx, { projectId: pid, layer, id: edit.id, version, properties: content.properties, geometry: content.geometry, user, comment })),
          );
        } else if (content) {
          out.push(toApiFeature(await createFeature(tx, { projectId: pid, layer, ...content, user, comment })));
        }
      }
      return out;
    });
    return { results };
  });

  app.get<{ Params: { pid: string; fid: string } }>('/api/projects/:pid/features/:fid/history', async (request): Promise<ApiHistoryEntry[]> => {
    await access(request, request.params.pid, false);
    const entries = await featureHistory(db, { projectId: request.params.pid, id: request.params.fid });
    if (entries.length === 0) throw new HttpError(404, 'no-feature', `no feature ${request.params.fid} in project ${request.params.pid}`);
    return entries.map((h) => ({ version: h.version, action: h.action, user: h.username, at: h.at, comment: h.comment, before: h.before, after: h.after }));
  });

  app.post<{ Params: { pid: string; fid: string }; Body: RestoreRequest }>('/api/projects/:pid/features/:fid/restore', async (request) => {
    const { user } = await access(request, request.params.pid, true);
    const { pid, fid } = request.params;
    const body = (isRecord(request.body) ? request.body : {}) as Partial<RestoreRequest>;
    const usage = 'send {"version": <the version to restore>, "currentVersion": <the version the feature has now, as you saw it>}';
    const version = versionOf(body.version, 'version', usage);
    const currentVersion = versionOf(body.currentVersion, 'currentVersion', usage);
    const comment = commentOf(body.comment);
    // The layer of the feature as it is (or of the version restored, for a deleted one).
    const current = await getFeature(db, { projectId: pid, id: fid });
    const layer = current?.layer ?? (await featureHistory(db, { projectId: pid, id: fid })).find((h) => h.version === version)?.layer;
    if (layer) writableLayer(layer, user, 'edit');
    return toApiFeature(await restoreFeature(db, { projectId: pid, id: fid, version, currentVersion, user, comment }));
  });
}
