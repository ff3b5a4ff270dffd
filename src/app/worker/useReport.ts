// The React side of the report worker: owns the worker for the editor's lifetime, loads the
// project's city into it, sends every edit as a numbered diff, and asks for the reports of
// the packs the dashboard shows. Only the newest evaluate request counts; answers to older
// ones are dropped. Queries are answered once, as promises.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { flushSync } from 'react-dom';
import type { PriceTable } from '../../domain/pricing/priceTable';
import { LAYER_NAMES, type LayerName } from '../../domain/schema/kinds';
import type { FeatureStore } from '../state/featureStore';
import type {
  AnswerOf,
  BaselineRequest,
  ErrorMessage,
  EvaluateRequest,
  FloorsMessage,
  LayerCounts,
  LoadedMessage,
  PackInfo,
  ReportLang,
  ReportMessage,
  WorkerAnswer,
  WorkerQuery,
  WorkerRequest,
  WorkerResponse,
} from './messages';

/** One edit from the moment its diff went to the worker until the dashboard showed its reports. */
export interface DashboardTiming {
  seq: number;
  /** diff sent → dashboard rendered */
  ms: number;
  /** diff sent → the report reached the page (the rest is the page's: queue and render) */
  arrivedMs: number;
  /** the worker's part: applying the edits and evaluating the packs */
  workMs: number;
}

declare global {
  interface Window {
    /** for benchmarks and tests: edit → dashboard rendered, per edit */
    __parkatlasDashboard?: { timings: DashboardTiming[] };
  }
}

/**
 * loading: the city is being downloaded and checked; evaluating: a report is being
 * computed (the previous one, if any, is still in `report`); ready; error.
 */
export type ReportStatus = 'loading' | 'evaluating' | 'ready' | 'error';

export interface ReportState {
  status: ReportStatus;
  /** the shipped packs, as soon as the worker has started */
  packs: PackInfo[];
  /** features per layer once the city is loaded */
  layersLoaded: LayerCounts | null;
  /** sizes and timings of the load */
  load: Omit<LoadedMessage, 'type' | 'layers'> | null;
  /** the newest reports received (may be for an older request while evaluating) */
  report: ReportMessage | null;
  error: ErrorMessage | null;
  /** bumped each time the worker has (re)loaded the city: reports before it are stale */
  revision: number;
  /** each parcel's price floor per m² (FLOOR_PACK), for colouring the map */
  floors: ReadonlyMap<string, number | null> | null;
  /** parcels whose recorded sale price is below their floor (FLOOR_PACK, the project's tables) */
  breaches: ReadonlySet<string>;
  /** the baseline snapshot the reports compare against, as the worker has it */
  baselineId: string | null;
}

export interface UseReport extends ReportState {
  /** Asks for the reports of shipped packs in a language; cheap to call again. */
  evaluate: (packIds: readonly string[], lang: ReportLang) => void;
  /** Asks the worker a question about the current city; rejects with the worker's reason. */
  query: <Q extends WorkerQuery>(q: Q) => Promise<AnswerOf<Q['kind']>>;
  /** The project's price tables (replacing shipped ones of the same id); reports are rerun. */
  setTables: (tables: PriceTable[]) => void;
  /** The snapshot rules like CQ-3 compare against (null: none). */
  setBaseline: (baseline: BaselineRequest['baseline']) => void;
  /** The dashboard has rendered reports that include edit `citySeq`. */
  markRendered: (citySeq: number) => void;
}

type Action = { type: 'message'; message: WorkerResponse; latestRequestId: number } | { type: 'evaluate' } | { type: 'crash'; message: string };

const NO_BREACHES: ReadonlySet<string> = new Set();

/** The floors after a floors message: replaced when it is full, else patched. */
function patchFloors(held: ReadonlyMap<string, number | null> | null, message: FloorsMessage): ReadonlyMap<string, number | null> {
  if (message.full || !held) return new Map(message.floors);
  if (message.floors.length === 0 && message.removed.length === 0) return held;
  const next = new Map(held);
  for (const id of message.removed) next.delete(id);
  for (const [id, perM2] of message.floors) next.set(id, perM2);
  return next;
}

/** Keeps the same Set when nothing changed, so the map's marks are not redrawn. */
function sameMembers(held: ReadonlySet<string>, ids: readonly string[]): boolean {
  return held.size === ids.length && ids.every((id) => held.has(id));
}

const INITIAL: ReportState = { status: 'loading', packs: [], layersLoaded: null, load: null, report: null, error: null, revision: 0, floors: null, breaches: NO_BREACHES, baselineId: null };

function reduce(state: ReportState, action: Action): ReportState {
  switch (action.type) {
    case 'evaluate':
      return state.status === 'ready' ? { ...state, status: 'evaluating' } : state;
    case 'crash':
      return { ...state, status: 'error', error: { type: 'error', kind: 'internal', message: action.message, problems: [], problemCount: 0 } };
    case 'message': {
      const message = action.message;
      switch (message.type) {
        case 'packs':
          return { ...state, packs: message.packs };
        case 'loaded': {
          const { type: _type, layers, ...load } = message;
          return { ...state, status: 'evaluating', layersLoaded: layers, load, revision: state.revision + 1 };
        }
        case 'floors':
          return { ...state, floors: patchFloors(state.floors, message), breaches: sameMembers(state.breaches, message.breaches) ? state.breaches : new Set(message.breaches) };
        case 'report':
          if (message.requestId !== action.latestRequestId) return state;
          return { ...state, status: 'ready', report: message, error: null, baselineId: message.baselineId };
        case 'error':
          if (message.requestId !== undefined && message.requestId !== action.latestRequestId) return state;
          return { ...state, status: 'error', error: message };
        case 'answer':
          return state;
      }
    }
  }
}

/** Where the worker gets the city: the editor's feature store (whole once loaded, then its diffs after every change). */
export interface CitySource {
  store: FeatureStore;
  /** bumped when the store has (re)loaded its layers */
  loadedRevision: number;
}

interface Pending {
  resolve: (answer: WorkerAnswer) => void;
  reject: (error: Error) => void;
}

export function useReport(source: CitySource): UseReport {
  const [state, dispatch] = useReducer(reduce, INITIAL);
  const sourceKey = source.loadedRevision;
  const workerRef = useRef<Worker | null>(null);
  const nextRequestId = useRef(0);
  const nextQueryId = useRef(0);
  const nextSeq = useRef(0);
  /** performance.now() when each diff was sent, until the dashboard has shown it */
  const sentAt = useRef(new Map<number, number>());
  /** when each edit's report reached the page, and the worker's time on it */
  const arrivals = useRef(new Map<number, { at: number; workMs: number }>());
  const pending = useRef(new Map<number, Pending>());
  // What a new worker (project reload) must be told again.
  const wanted = useRef<EvaluateRequest | null>(null);
  const tables = useRef<PriceTable[] | null>(null);
  const baseline = useRef<BaselineRequest | null>(null);

  useEffect(() => {
    const worker = new Worker(new URL('./reportWorker.ts', import.meta.url), { type: 'module', name: 'parkatlas-report' });
    workerRef.current = worker;
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const message = event.data;
      if (message.type === 'answer') {
        const waiting = pending.current.get(message.queryId);
        pending.current.delete(message.queryId);
        if (!waiting) return;
        if (message.answer) waiting.resolve(message.answer);
        else waiting.reject(new Error(message.error ?? 'the report worker did not answer'));
        return;
      }
      const action: Action = { type: 'message', message, latestRequestId: wanted.current?.requestId ?? -1 };
      if (message.type === 'report') {
        arrivals.current.set(message.citySeq, { at: performance.now(), workMs: message.workMs });
        // Rendered now, in this task: a scheduled render would queue behind the map's
        // repaint of the same edit (each frame is long under software WebGL).
        flushSync(() => dispatch(action));
      } else dispatch(action);
    };
    worker.onerror = (event: ErrorEvent) => {
      dispatch({ type: 'crash', message: event.message || 'the report worker failed to start' });
    };
    const send = (request: WorkerRequest): void => worker.postMessage(request);
    const { store } = source;
    // Tables and baseline first: the city's first report already uses them.
    if (tables.current) send({ type: 'tables', tables: tables.current });
    if (baseline.current) send(baseline.current);
    // The whole city once; then only what each edit changed (copying 100 000 features
    // to the worker would block the page for most of a second).
    if (source.loadedRevision > 0) send({ type: 'city', layers: Object.fromEntries(LAYER_NAMES.map((layer) => [layer, store.all(layer)])) as Record<LayerName, unknown[]> });
    const unsubscribe = store.subscribe((diffs) => {
      const seq = ++nextSeq.current;
      sentAt.current.set(seq, performance.now());
      send({ type: 'diff', seq, diffs: diffs.map(({ layer, upserted, removed }) => ({ layer, upserted, removed })) });
    });
    if (wanted.current) send(wanted.current);
    const waiting = pending.current;
    return () => {
      unsubscribe();
      worker.terminate();
      if (workerRef.current === worker) workerRef.current = null;
      for (const [, p] of waiting) p.reject(new Error('the report worker was restarted'));
      waiting.clear();
    };
  }, [sourceKey]); // eslint-disable-line react-hooks/exhaustive-deps -- one worker per project and store (sourceKey names both); the store's later edits arrive through its subscription

  const evaluate = useCallback((packIds: readonly string[], lang: ReportLang) => {
    const request: EvaluateRequest = { type: 'evaluate', requestId: nextRequestId.current++, packIds: [...packIds], lang };
    wanted.current = request;
    dispatch({ type: 'evaluate' });
    workerRef.current?.postMessage(request);
  }, []);

  const query = useCallback(<Q extends WorkerQuery>(q: Q): Promise<AnswerOf<Q['kind']>> => {
    const worker = workerRef.current;
    if (!worker) return Promise.reject(new Error('the report worker is not running'));
    const queryId = nextQueryId.current++;
    return new Promise<AnswerOf<Q['kind']>>((resolve, reject) => {
      pending.current.set(queryId, { resolve: (answer) => resolve(answer as AnswerOf<Q['kind']>), reject });
      worker.postMessage({ type: 'query', queryId, query: q } satisfies WorkerRequest);
    });
  }, []);

  const setTables = useCallback((next: PriceTable[]) => {
    tables.current = next;
    workerRef.current?.postMessage({ type: 'tables', tables: next } satisfies WorkerRequest);
  }, []);

  const setBaseline = useCallback((next: BaselineRequest['baseline']) => {
    const request: BaselineRequest = { type: 'baseline', baseline: next };
    baseline.current = next ? request : null;
    workerRef.current?.postMessage(request);
  }, []);

  const markRendered = useCallback((citySeq: number) => {
    const now = performance.now();
    const timings = (window.__parkatlasDashboard ??= { timings: [] }).timings;
    // Every edit up to this one is on screen now.
    const arrival = arrivals.current.get(citySeq);
    for (const [seq, at] of sentAt.current) {
      if (seq > citySeq) continue;
      timings.push({ seq, ms: now - at, arrivedMs: arrival ? arrival.at - at : NaN, workMs: arrival?.workMs ?? NaN });
      sentAt.current.delete(seq);
    }
    arrivals.current.clear();
  }, []);

  return { ...state, evaluate, query, setTables, setBaseline, markRendered };
}
