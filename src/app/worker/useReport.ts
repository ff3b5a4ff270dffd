// The React side of the report worker: owns the worker for the component's lifetime,
// loads one city into it and asks for reports. Only the newest evaluate request counts;
// answers to older ones are dropped.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { LAYER_NAMES, type LayerName } from '../../domain/schema/kinds';
import type { FeatureStore } from '../state/featureStore';
import type {
  ErrorMessage,
  EvaluateRequest,
  LayerCounts,
  LoadedMessage,
  PackInfo,
  ReportLang,
  ReportMessage,
  WorkerRequest,
  WorkerResponse,
} from './messages';

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
  /** the newest report received (may be for an older request while evaluating) */
  report: ReportMessage | null;
  error: ErrorMessage | null;
  /** bumped each time the worker has (re)loaded the city: reports before it are stale */
  revision: number;
  /** each parcel's price floor per m² (FLOOR_PACK), for colouring the map */
  floors: ReadonlyMap<string, number | null> | null;
}

export interface UseReport extends ReportState {
  /** Asks for the report of a shipped pack in a language; cheap to call again. */
  evaluate: (packId: string, lang: ReportLang) => void;
}

type Action = { type: 'message'; message: WorkerResponse; latestRequestId: number } | { type: 'evaluate' } | { type: 'crash'; message: string };

const INITIAL: ReportState = { status: 'loading', packs: [], layersLoaded: null, load: null, report: null, error: null, revision: 0, floors: null };

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
          return { ...state, floors: new Map(message.floors) };
        case 'report':
          if (message.requestId !== action.latestRequestId) return state;
          return { ...state, status: 'ready', report: message, error: null };
        case 'error':
          if (message.requestId !== undefined && message.requestId !== action.latestRequestId) return state;
          return { ...state, status: 'error', error: message };
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

export function useReport(source: CitySource): UseReport {
  const [state, dispatch] = useReducer(reduce, INITIAL);
  const sourceKey = source.loadedRevision;
  const workerRef = useRef<Worker | null>(null);
  const nextRequestId = useRef(0);
  /** the newest evaluate request, re-sent to a new worker */
  const wanted = useRef<EvaluateRequest | null>(null);

  useEffect(() => {
    const worker = new Worker(new URL('./reportWorker.ts', import.meta.url), { type: 'module', name: 'parkatlas-report' });
    workerRef.current = worker;
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      dispatch({ type: 'message', message: event.data, latestRequestId: wanted.current?.requestId ?? -1 });
    };
    worker.onerror = (event: ErrorEvent) => {
      dispatch({ type: 'crash', message: event.message || 'the report worker failed to start' });
    };
    const send = (request: WorkerRequest): void => worker.postMessage(request);
    const { store } = source;
    // The whole city once; then only what each edit changed (copying 100 000 features
    // to the worker would block the page for most of a second).
    if (source.loadedRevision > 0) send({ type: 'city', layers: Object.fromEntries(LAYER_NAMES.map((layer) => [layer, store.all(layer)])) as Record<LayerName, unknown[]> });
    const unsubscribe = store.subscribe((diffs) => send({ type: 'diff', diffs: diffs.map(({ layer, upserted, removed }) => ({ layer, upserted, removed })) }));
    if (wanted.current) send(wanted.current);
    return () => {
      unsubscribe();
      worker.terminate();
      if (workerRef.current === worker) workerRef.current = null;
    };
  }, [sourceKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const evaluate = useCallback((packId: string, lang: ReportLang) => {
    const request: EvaluateRequest = { type: 'evaluate', requestId: nextRequestId.current++, packId, lang };
    wanted.current = request;
    dispatch({ type: 'evaluate' });
    workerRef.current?.postMessage(request);
  }, []);

  return { ...state, evaluate };
}
