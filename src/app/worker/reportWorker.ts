// The report worker: takes the project's four layers from the editor, validates them into a City,
// computes its geometry facts once, then evaluates policy packs on request. Everything
// heavy happens here; the main thread only renders what comes back.
import { evaluatePack, type Lang } from '../../domain/policy/evaluate';
import { CityFacts } from '../../domain/policy/facts';
import { floorYuan } from '../../domain/pricing/priceFloor';
import { SHIPPED_PACKS, SHIPPED_PRICE_TABLES } from '../../domain/policy/shipped';
import { LAYER_NAMES, type City, type LayerName } from '../../domain/schema/kinds';
import { CityInputError, cityFromLayers, type InputProblem, type LayerInput } from '../../io/cityInput';
import {
  FLOOR_PACK,
  MAX_PROBLEMS,
  type ErrorMessage,
  type EvaluateRequest,
  type LayerCounts,
  type LoadTiming,
  type PackInfo,
  type ReportView,
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

// --- loading ------------------------------------------------------------------------------

interface Loaded {
  city: City;
  facts: CityFacts;
}

/** Validates the layers into a City and computes the facts every pack needs. */
function fromLayers(layers: Record<LayerName, LayerInput>): Loaded {
  const start = performance.now();
  const { city } = cityFromLayers(layers);
  const validated = performance.now();

  // CityFacts computes each figure on first use; compute the ones every pack needs now,
  // once, so that switching pack or language only re-runs the rules.
  const facts = new CityFacts(city);
  facts.parcelArea();
  facts.parkArea();
  facts.parkShare();
  facts.upgradeParkShare();
  facts.parcelPark();
  facts.parcelDistricts();
  facts.parkDistricts();
  facts.parkDistrict();
  const done = performance.now();

  const timing: LoadTiming = { validate: validated - start, facts: done - validated, total: done - start };
  const counts = Object.fromEntries(LAYER_NAMES.map((layer) => [layer, city[layer].length])) as LayerCounts;
  post({ type: 'loaded', layers: counts, timing });
  postFloors(city, facts);
  return { city, facts };
}

function postFloors(city: City, facts: CityFacts): void {
  const pack = SHIPPED_PACKS.get(FLOOR_PACK);
  if (!pack) return;
  const areas = facts.parcelArea();
  const shares = facts.parkShare();
  const floors = city.parcels.map((parcel, i): [string, number | null] => {
    const yuan = floorYuan(parcel.properties, areas[i], shares[i], pack, SHIPPED_PRICE_TABLES);
    return [parcel.id, yuan === null || !(areas[i] > 0) ? null : yuan / areas[i]];
  });
  post({ type: 'floors', packId: pack.id, floors });
}

/** The editor's features, as they are now, by layer and id. */
const features = Object.fromEntries(LAYER_NAMES.map((layer) => [layer, new Map<string, unknown>()])) as Record<LayerName, Map<string, unknown>>;

/** Quiet time after an edit before the city is rebuilt: a burst of edits costs one rebuild. */
const REBUILD_MS = 300;
let rebuildTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Rebuilds the city from `features` after `delayMs`. Evaluations asked for meanwhile wait
 * for it; a rebuild superseded by a newer one is never finished, and its waiters, whose
 * requests are older than the newest, would be dropped anyway.
 */
function rebuild(delayMs: number): void {
  clearTimeout(rebuildTimer);
  reports.clear();
  loaded = new Promise<Loaded>((resolve, reject) => {
    rebuildTimer = setTimeout(() => {
      try {
        const layers = Object.fromEntries(LAYER_NAMES.map((layer) => [layer, { file: layer, parsed: { features: [...features[layer].values()] } }])) as Record<LayerName, LayerInput>;
        resolve(fromLayers(layers));
      } catch (e) {
        reject(e);
      }
    }, delayMs);
  });
  loaded.catch((e: unknown) => post(errorMessage(e)));
}

// --- evaluating ---------------------------------------------------------------------------

let loaded: Promise<Loaded> | null = null;
/** reports already computed for the loaded city, by pack and language */
const reports = new Map<string, { report: ReportView; evaluateMs: number }>();
let latestRequestId = -1;

function evaluate(city: City, facts: CityFacts, packId: string, lang: Lang): ReportView {
  const pack = SHIPPED_PACKS.get(packId);
  if (!pack) throw new WorkerFailure('unknown-pack', `unknown policy pack ${packId}: use one of ${[...SHIPPED_PACKS.keys()].join(', ')}`);
  const report = evaluatePack(pack, city, { lang, tables: SHIPPED_PRICE_TABLES, facts });
  const scopeKinds = new Map(pack.rules.map((rule) => [rule.id, rule.scope.each]));
  return {
    ...report,
    rules: report.rules.map(({ features, ...rule }) => ({ ...rule, featureCount: features.length, scopeKind: scopeKinds.get(rule.id) ?? 'city' })),
  };
}

async function answer(request: EvaluateRequest): Promise<void> {
  const { requestId, packId, lang } = request;
  latestRequestId = requestId;
  if (!loaded) {
    post(errorMessage(new WorkerFailure('internal', 'no city loaded: send a load request first'), requestId));
    return;
  }
  let city: Loaded;
  try {
    city = await loaded;
  } catch {
    return; // the load error has been reported already
  }
  // Let requests queued behind a long evaluation arrive, then answer only the newest.
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (requestId !== latestRequestId) return;

  const key = `${packId}\u0000${lang}`;
  const cached = reports.get(key);
  if (cached) {
    post({ type: 'report', requestId, packId, lang, report: cached.report, evaluateMs: cached.evaluateMs, cached: true });
    return;
  }
  const start = performance.now();
  const report = evaluate(city.city, city.facts, packId, lang);
  const evaluateMs = performance.now() - start;
  reports.set(key, { report, evaluateMs });
  post({ type: 'report', requestId, packId, lang, report, evaluateMs, cached: false });
}

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  switch (request.type) {
    case 'city':
      for (const layer of LAYER_NAMES) features[layer] = new Map(request.layers[layer].map((f) => [String((f as { id: unknown }).id), f]));
      rebuild(0);
      break;
    case 'diff':
      for (const { layer, upserted, removed } of request.diffs) {
        for (const id of removed) features[layer].delete(id);
        for (const f of upserted) features[layer].set(f.id, f);
      }
      rebuild(REBUILD_MS);
      break;
    case 'evaluate':
      answer(request).catch((e: unknown) => post(errorMessage(e, request.requestId)));
      break;
  }
};

const packs: PackInfo[] = [...SHIPPED_PACKS.values()].map((pack) => ({ id: pack.id, version: pack.version, title: pack.title, rules: pack.rules.length }));
post({ type: 'packs', packs });
