// The report worker: loads a city's four FlatGeobuf layers, validates them into a City,
// computes its geometry facts once, then evaluates policy packs on request. Everything
// heavy happens here; the main thread only renders what comes back.
import { evaluatePack, type Lang } from '../../domain/policy/evaluate';
import { CityFacts } from '../../domain/policy/facts';
import { SHIPPED_PACKS, SHIPPED_PRICE_TABLES } from '../../domain/policy/shipped';
import { LAYER_NAMES, type City, type LayerName } from '../../domain/schema/kinds';
import { CityInputError, cityFromLayers, type InputProblem, type LayerInput } from '../../io/cityInput';
import { ParseError, parseLayer } from '../../io/parseLayer';
import {
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

async function fetchLayer(baseUrl: string, layer: LayerName): Promise<Uint8Array> {
  const file = `${layer}.fgb`;
  const url = new URL(file, baseUrl).href;
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new WorkerFailure('fetch', `cannot download ${url}`, [{ file, feature: null, message: e instanceof Error ? e.message : String(e) }]);
  }
  if (!response.ok) {
    throw new WorkerFailure('fetch', `cannot download ${url}`, [{ file, feature: null, message: `HTTP ${response.status} ${response.statusText}`.trim() }]);
  }
  return new Uint8Array(await response.arrayBuffer());
}

async function load(baseUrl: string): Promise<Loaded> {
  const start = performance.now();
  const bytes = await Promise.all(LAYER_NAMES.map((layer) => fetchLayer(baseUrl, layer)));
  const fetched = performance.now();

  const problems: InputProblem[] = [];
  const layers: Partial<Record<LayerName, LayerInput>> = {};
  for (const [i, layer] of LAYER_NAMES.entries()) {
    const file = `${layer}.fgb`;
    try {
      layers[layer] = { file, parsed: await parseLayer('fgb', bytes[i]) };
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      problems.push({ file, feature: null, message: e.message });
    }
  }
  if (problems.length > 0) throw new WorkerFailure('input', `${problems.length} layer file(s) cannot be read`, problems);
  const parsed = performance.now();

  const { city } = cityFromLayers(layers as Record<LayerName, LayerInput>);
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

  const timing: LoadTiming = {
    fetch: fetched - start,
    parse: parsed - fetched,
    validate: validated - parsed,
    facts: done - validated,
    total: done - start,
  };
  const counts = Object.fromEntries(LAYER_NAMES.map((layer) => [layer, city[layer].length])) as LayerCounts;
  post({ type: 'loaded', layers: counts, bytes: bytes.reduce((sum, b) => sum + b.byteLength, 0), timing });
  return { city, facts };
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
    case 'load':
      reports.clear();
      loaded = load(request.baseUrl);
      loaded.catch((e: unknown) => post(errorMessage(e)));
      break;
    case 'evaluate':
      answer(request).catch((e: unknown) => post(errorMessage(e, request.requestId)));
      break;
  }
};

const packs: PackInfo[] = [...SHIPPED_PACKS.values()].map((pack) => ({ id: pack.id, version: pack.version, title: pack.title, rules: pack.rules.length }));
post({ type: 'packs', packs });
