// The import worker: reads the planner's file, surveys it (CRS, mapping, preview), then
// checks every feature and uploads the good ones in chunks to a staged import, committing
// only when the whole file passed. Cancel aborts the check and drops the staged rows.
import sqlWasmUrl from 'sql.js/dist/sql-wasm.wasm?url';
import type { ApiFeatureCollection } from '../../api/types';
import { STATUS_ASSUMED } from '../../domain/policy/assumptions';
import type { LayerName, ParcelStatus } from '../../domain/schema/kinds';
import { readSource } from '../../io/formats/readSource';
import { FormatError, type SourceLayer } from '../../io/formats/source';
import { openSqlJs } from '../../io/formats/sqlJs';
import { ImportCancelled, prepareImport, surveyImport, type Existing, type ImportFeature } from '../../io/import/prepareImport';
import type { ImportRequest, ImportResponse, Upload } from './messages';
import { StagedUpload } from './stagedUpload';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: ImportResponse): void => scope.postMessage(message);

let layers: SourceLayer[] = [];
let fileName = '';
let running: { controller: AbortController; upload: StagedUpload } | null = null;

async function existingOf(upload: Upload): Promise<Existing> {
  const get = async (layer: LayerName) => {
    const response = await fetch(new URL(`projects/${encodeURIComponent(upload.projectId)}/layers/${layer}/features`, upload.apiBase), { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`cannot read the project's ${layer}: HTTP ${response.status}`);
    return ((await response.json()) as ApiFeatureCollection).features;
  };
  const [districts, zones, parks, parcels] = await Promise.all([get('districts'), get('zones'), get('parks'), get('parcels')]);
  return {
    ids: new Set([...districts, ...zones, ...parks, ...parcels].map((f) => f.id)),
    parcels: parcels.map((f) => ({ id: f.id, geometry: f.geometry })),
    zones: zones.map((f) => ({ id: f.id, geometry: f.geometry })),
  };
}

/**
 * The layer-wide default status on the parcels that have none, each marked `statusAssumed`
 * so that every report on them says its figures rest on it. Returns how many were filled.
 */
function assumeStatus(chunk: ImportFeature[], status: ParcelStatus): number {
  let filled = 0;
  for (const f of chunk) {
    const own = f.properties.status;
    if (own !== undefined && own !== null && own !== '') continue;
    f.properties = { ...f.properties, status, [STATUS_ASSUMED]: status };
    filled++;
  }
  return filled;
}

async function handle(request: ImportRequest): Promise<void> {
  switch (request.type) {
    case 'open': {
      post({ type: 'progress', phase: 'reading', done: 0 });
      fileName = request.file.name;
      layers = await readSource(fileName, new Uint8Array(await request.file.arrayBuffer()), { sql: () => openSqlJs(() => sqlWasmUrl) });
      post({ type: 'opened', fileName, layers: layers.map((l) => ({ name: l.name, count: l.count, fields: l.fields, crs: l.crs, encoding: l.encoding })) });
      return;
    }
    case 'survey':
      post({ type: 'surveyed', layerIndex: request.layerIndex, survey: await surveyImport(layers[request.layerIndex], request.plan) });
      return;
    case 'run': {
      const controller = new AbortController();
      const upload = new StagedUpload(request.upload);
      running = { controller, upload };
      try {
        post({ type: 'progress', phase: 'checking', done: 0, total: layers[request.layerIndex].count });
        const existing = await existingOf(request.upload);
        const defaultStatus = request.plan.layer === 'parcels' ? request.defaultStatus : undefined;
        // The history says it too: a later reader of a parcel's history sees where its status came from.
        await upload.start(request.plan.layer, defaultStatus ? `import ${fileName}; parcels without a status given status ${defaultStatus} (${STATUS_ASSUMED})` : `import ${fileName}`);
        let assumed = 0;
        const prepared = await prepareImport(layers[request.layerIndex], request.plan, existing, {
          signal: controller.signal,
          onChunk: (chunk) => {
            if (defaultStatus) assumed += assumeStatus(chunk, defaultStatus);
            return upload.send(chunk);
          },
          onProgress: (done, total) => post({ type: 'progress', phase: 'checking', done, total }),
        });
        if (prepared.errorCount > 0) {
          await upload.cancel();
          post({ type: 'refused', prepared });
          return;
        }
        post({ type: 'progress', phase: 'committing', done: prepared.count, total: prepared.count });
        const imported = await upload.commit();
        post({ type: 'imported', layer: request.plan.layer, imported, areaM2: prepared.areaM2, warnings: prepared.warnings, repairs: prepared.repairs, repairCount: prepared.repairCount, assumed: defaultStatus && assumed > 0 ? { status: defaultStatus, parcels: assumed } : null });
      } catch (e) {
        await upload.cancel();
        if (e instanceof ImportCancelled) post({ type: 'cancelled' });
        else throw e;
      } finally {
        running = null;
      }
      return;
    }
    case 'cancel':
      running?.controller.abort();
      return;
  }
}

scope.onmessage = (event: MessageEvent<ImportRequest>) => {
  handle(event.data).catch((e: unknown) => {
    if (e instanceof FormatError) post({ type: 'failed', en: e.message, zh: e.messageZh });
    else {
      const message = e instanceof Error ? e.message : String(e);
      post({ type: 'failed', en: message, zh: message });
    }
  });
};
