// The report worker: holds the project's four layers as a LiveCity, applies each edit the
// editor sends (only the changed features are checked and measured again), and answers with
// the reports of the packs last asked for, the price floors for the map, and queries about
// a figure. Messages that arrive together are handled together: a burst of edits costs one
// re-evaluation. Everything heavy happens here; the main thread only renders what comes back.
import { breakdown, resultFeatures } from '../../domain/policy/breakdown';
import { contributions } from '../../domain/policy/contributions';
import type { Lang } from '../../domain/policy/evaluate';
import { LiveCity, type LiveDiff } from '../../domain/policy/liveCity';
import type { PolicyPack } from '../../domain/policy/pack';
import { SHIPPED_PACKS, SHIPPED_PRICE_TABLES } from '../../domain/policy/shipped';
import { checkPriceTable, type PriceTable } from '../../domain/pricing/priceTable';
import { floorRows } from '../../domain/report/floorRows';
import { LAYER_NAMES, type City, type LayerName } from '../../domain/schema/kinds';
import { CityInputError, cityFromLayers, type InputProblem, type LayerInput } from '../../io/cityInput';
import { checkLayerFeatures } from './checkDiff';
import {
  FLOOR_PACK,
  MAX_BREAKDOWN_PARCELS,
  MAX_PROBLEMS,
  type ErrorMessage,
  type EvaluateRequest,
  type LayerCounts,
  type LoadTiming,
  type PackInfo,
  type PackReport,
  type QueryRequest,
  type ReportView,
  type WorkerAnswer,
  type WorkerErrorKind,
  type WorkerRequest,
  type WorkerResponse,
} from './messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(message: WorkerResponse): void {
  scope.postMessage(message);
}

/** An error to send to the app as it is. */
class WorkerFailure extends Error {
  constructor(
    readonly kind: WorkerErrorKind,
    message: string,
    readonly problems: InputProblem[] = [],
  ) {
    super(message);
  }
}

function errorMessage(e: unknown, requestId?: number): ErrorMessage {
  const base = requestId === undefined ? {} : { requestId };
  if (e instanceof WorkerFailure) {
    return { type: 'error', kind: e.kind, ...base, message: e.message, problems: e.problems.slice(0, MAX_PROBLEMS), problemCount: e.problems.length };
  }
  if (e instanceof CityInputError) {
    return {
      type: 'error',
      kind: 'input',
      ...base,
      message: `${e.problems.length} problem(s) in the city's layers`,
      problems: e.problems.slice(0, MAX_PROBLEMS),
      problemCount: e.problems.length,
    };
  }
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { type: 'error', kind: 'internal', ...base, message, problems: [], problemCount: 0 };
}

function packOf(packId: string): PolicyPack {
  const pack = SHIPPED_PACKS.get(packId);
  if (!pack) throw new WorkerFailure('unknown-pack', `unknown policy pack ${packId}: use one of ${[...SHIPPED_PACKS.keys()].join(', ')}`);
  return pack;
}

// --- state ----------------------------------------------------------------------------------

/** The editor's features, as they are now, by layer and id (what a full rebuild reads). */
const features = Object.fromEntries(LAYER_NAMES.map((layer) => [layer, new Map<string, unknown>()])) as Record<LayerName, Map<string, unknown>>;
let live: LiveCity | null = null;
/** the features must be read afresh: a new city, or an edit that left them invalid */
let rebuildNeeded = false;
let tables: ReadonlyMap<string, PriceTable> = SHIPPED_PRICE_TABLES;
let baseline: { id: string; city: City } | null = null;
/** the newest edit included */
let citySeq = 0;
let wanted: EvaluateRequest | null = null;

function cityOf(layers: Record<LayerName, unknown[]>): City {
  const input = Object.fromEntries(LAYER_NAMES.map((layer) => [layer, { file: layer, parsed: { features: layers[layer] } }])) as Record<LayerName, LayerInput>;
  return cityFromLayers(input).city;
}

/** Validates every layer into a new LiveCity. */
function rebuild(): void {
  const start = performance.now();
  const city = cityOf(Object.fromEntries(LAYER_NAMES.map((layer) => [layer, [...features[layer].values()]])) as Record<LayerName, unknown[]>);
  const validated = performance.now();
  live = new LiveCity(city, tables);
  if (baseline) live.setBaseline(baseline);
  const done = performance.now();
  rebuildNeeded = false;
  const timing: LoadTiming = { validate: validated - start, facts: done - validated, total: done - start };
  const counts = Object.fromEntries(LAYER_NAMES.map((layer) => [layer, city[layer].length])) as LayerCounts;
  post({ type: 'loaded', layers: counts, timing });
}

/** Checks the changed features and applies them; an invalid edit is reported and waits for a full rebuild. */
function applyDiffs(city: LiveCity, diffs: Array<{ layer: LayerName; upserted: unknown[]; removed: string[] }>): void {
  const problems: InputProblem[] = [];
  const checked: LiveDiff[] = diffs.map(({ layer, upserted, removed }) => {
    const c = checkLayerFeatures(layer, upserted);
    problems.push(...c.problems);
    return { layer, upserted: c.features, removed };
  });
  if (problems.length > 0) {
    rebuildNeeded = true;
    throw new CityInputError(problems);
  }
  city.apply(checked);
}

/** The floors last sent to the app: each edit sends only what changed (one parcel, not 20 000). */
let sentFloors: Map<string, number | null> | null = null;

function postFloors(city: LiveCity, full: boolean): void {
  const pack = SHIPPED_PACKS.get(FLOOR_PACK);
  if (!pack) return;
  const areas = city.facts.parcelArea();
  const yuan = city.facts.floors(pack, city.currentTables());
  const parcels = city.city.parcels;
  const previous = full ? null : sentFloors;
  const now = new Map<string, number | null>();
  const floors: Array<[string, number | null]> = [];
  const breaches: string[] = [];
  for (let i = 0; i < parcels.length; i++) {
    const y = yuan[i];
    const id = parcels[i].id;
    const perM2 = Number.isNaN(y) || !(areas[i] > 0) ? null : y / areas[i];
    now.set(id, perM2);
    if (!previous || previous.get(id) !== perM2 || !previous.has(id)) floors.push([id, perM2]);
    const sale = parcels[i].properties.salePrice;
    if (sale !== undefined && sale < y) breaches.push(id);
  }
  const removed = previous ? [...previous.keys()].filter((id) => !now.has(id)) : [];
  sentFloors = now;
  post({ type: 'floors', packId: pack.id, floors, removed, full: previous === null, breaches });
}

// --- evaluating -----------------------------------------------------------------------------

function view(city: LiveCity, pack: PolicyPack, lang: Lang): ReportView {
  const report = city.report(pack, lang);
  const scopeKinds = new Map(pack.rules.map((rule) => [rule.id, rule.scope.each]));
  return {
    ...report,
    rules: report.rules.map(({ features: ids, ...rule }) => ({ ...rule, featureCount: ids.length, scopeKind: scopeKinds.get(rule.id) ?? 'city' })),
  };
}

function evaluate(city: LiveCity, request: EvaluateRequest, since: number): void {
  const reports: PackReport[] = request.packIds.map((packId) => {
    const pack = packOf(packId);
    const start = performance.now();
    const report = view(city, pack, request.lang);
    return { packId, report, evaluateMs: performance.now() - start, cached: city.lastEvaluated === 0 };
  });
  post({ type: 'report', requestId: request.requestId, lang: request.lang, citySeq, baselineId: city.baselineId, reports, workMs: performance.now() - since });
}

function answer(city: LiveCity, request: QueryRequest): WorkerAnswer {
  const q = request.query;
  switch (q.kind) {
    case 'features': {
      const found = resultFeatures(city, packOf(q.packId), q.ruleId, q.scope);
      if (!found) throw new Error(`pack ${q.packId} has no result ${q.ruleId} for ${q.scope}`);
      return found;
    }
    case 'breakdown': {
      const found = breakdown(city, packOf(q.packId), q.ruleId, q.scope, q.lang, MAX_BREAKDOWN_PARCELS);
      if (!found) throw new Error(`pack ${q.packId} has no result ${q.ruleId} for ${q.scope}`);
      return found;
    }
    case 'contributions': {
      const rows = contributions(city, q.packIds.map(packOf), q.parcelId, q.lang);
      if (!rows) throw new Error(`there is no parcel ${q.parcelId}`);
      return { kind: 'contributions', parcelId: q.parcelId, rows };
    }
    case 'floorRows': {
      const pack = packOf(q.packId);
      const { rows, tables: used } = floorRows(city.city, city.facts, pack, city.currentTables(), q.lang);
      return { kind: 'floorRows', packId: pack.id, rows, tables: used };
    }
  }
}

// --- the queue ------------------------------------------------------------------------------

let queue: WorkerRequest[] = [];
const flushChannel = new MessageChannel();
// A message to ourselves runs after the messages already waiting: those arrive in one batch.
flushChannel.port1.onmessage = () => flush();

function flush(): void {
  const started = performance.now();
  const batch = queue;
  queue = [];
  let diffs: Array<{ layer: LayerName; upserted: unknown[]; removed: string[] }> = [];
  let changed = false;
  let tablesChanged = false;
  let baselineChanged = false;
  const queries: QueryRequest[] = [];
  let rebuilt = false;
  for (const request of batch) {
    switch (request.type) {
      case 'city':
        for (const layer of LAYER_NAMES) features[layer] = new Map(request.layers[layer].map((f) => [String((f as { id: unknown }).id), f]));
        rebuildNeeded = true;
        citySeq = 0;
        diffs = [];
        changed = true;
        break;
      case 'diff':
        for (const { layer, upserted, removed } of request.diffs) {
          for (const id of removed) features[layer].delete(id);
          for (const f of upserted) features[layer].set(f.id, f);
          diffs.push({ layer, upserted, removed });
        }
        citySeq = Math.max(citySeq, request.seq);
        changed = true;
        break;
      case 'tables':
        try {
          const next = new Map(SHIPPED_PRICE_TABLES);
          for (const table of request.tables) next.set(table.id, checkPriceTable(table));
          tables = next;
          tablesChanged = true;
        } catch (e) {
          post(errorMessage(new WorkerFailure('input', e instanceof Error ? e.message : String(e))));
        }
        break;
      case 'baseline':
        baselineChanged = true;
        try {
          baseline = request.baseline ? { id: request.baseline.snapshotId, city: cityOf(request.baseline.layers) } : null;
        } catch (e) {
          baseline = null;
          post(errorMessage(e instanceof CityInputError ? new WorkerFailure('input', `baseline snapshot ${request.baseline?.name ?? ''}: ${e.problems.length} problem(s)`, e.problems) : e));
        }
        break;
      case 'evaluate':
        wanted = request;
        break;
      case 'query':
        queries.push(request);
        break;
    }
  }

  try {
    if (changed && (rebuildNeeded || !live)) {
      if (LAYER_NAMES.some((layer) => features[layer].size > 0) || rebuildNeeded) {
        rebuild();
        rebuilt = true;
      }
    } else if (changed && live && diffs.length > 0) {
      applyDiffs(live, diffs);
    }
  } catch (e) {
    post(errorMessage(e));
    for (const q of queries) post({ type: 'answer', queryId: q.queryId, error: 'the city has problems: see the error report' });
    return;
  }
  const city = live;
  if (!city) {
    for (const q of queries) post({ type: 'answer', queryId: q.queryId, error: 'no city loaded yet' });
    return;
  }
  if (tablesChanged) city.setTables(tables);
  if (baselineChanged) city.setBaseline(baseline);

  if (wanted && (changed || tablesChanged || baselineChanged || batch.includes(wanted))) {
    try {
      evaluate(city, wanted, started);
    } catch (e) {
      post(errorMessage(e, wanted.requestId));
    }
  }
  if (changed || tablesChanged) postFloors(city, rebuilt);
  for (const q of queries) {
    try {
      post({ type: 'answer', queryId: q.queryId, answer: answer(city, q) });
    } catch (e) {
      post({ type: 'answer', queryId: q.queryId, error: e instanceof WorkerFailure || e instanceof Error ? e.message : String(e) });
    }
  }
}

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  if (queue.length === 0) flushChannel.port2.postMessage(null);
  queue.push(event.data);
};

const packs: PackInfo[] = [...SHIPPED_PACKS.values()].map((pack) => ({ id: pack.id, version: pack.version, title: pack.title, rules: pack.rules.length }));
post({ type: 'packs', packs });
