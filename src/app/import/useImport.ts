// The React side of the import worker: one worker per dialog, its answers as state.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { ParcelStatus } from '../../domain/schema/kinds';
import type { ImportPhase, ImportPlan, ImportRequest, ImportResponse, PreparedImport, SourceLayerInfo, Survey, Upload } from './messages';

export interface ImportState {
  status: 'empty' | 'reading' | 'ready' | 'running' | 'refused' | 'imported' | 'cancelled' | 'failed';
  fileName: string;
  layers: SourceLayerInfo[];
  survey: Survey | null;
  progress: { phase: ImportPhase; done: number; total?: number } | null;
  prepared: PreparedImport | null;
  result: Extract<ImportResponse, { type: 'imported' }> | null;
  error: { en: string; zh: string } | null;
}

const INITIAL: ImportState = { status: 'empty', fileName: '', layers: [], survey: null, progress: null, prepared: null, result: null, error: null };

function reduce(state: ImportState, m: ImportResponse | { type: 'reset' } | { type: 'sent'; status: ImportState['status'] }): ImportState {
  switch (m.type) {
    case 'reset':
      return INITIAL;
    case 'sent':
      return { ...state, status: m.status, error: null };
    case 'opened':
      return { ...state, status: 'ready', fileName: m.fileName, layers: m.layers, survey: null, progress: null };
    case 'surveyed':
      return { ...state, status: state.status === 'reading' ? 'ready' : state.status, survey: m.survey };
    case 'progress':
      return { ...state, progress: { phase: m.phase, done: m.done, total: m.total } };
    case 'refused':
      return { ...state, status: 'refused', prepared: m.prepared, progress: null };
    case 'imported':
      return { ...state, status: 'imported', result: m, progress: null };
    case 'cancelled':
      return { ...state, status: 'cancelled', progress: null };
    case 'failed':
      return { ...state, status: state.layers.length > 0 ? 'ready' : 'failed', error: { en: m.en, zh: m.zh }, progress: null };
  }
}

export function useImport(onImported: () => void) {
  const [state, dispatch] = useReducer(reduce, INITIAL);
  const worker = useRef<Worker | null>(null);
  const imported = useRef(onImported);
  imported.current = onImported;

  useEffect(() => {
    const w = new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module', name: 'parkatlas-import' });
    worker.current = w;
    w.onmessage = (event: MessageEvent<ImportResponse>) => {
      dispatch(event.data);
      if (event.data.type === 'imported') imported.current();
    };
    w.onerror = (event) => dispatch({ type: 'failed', en: event.message || 'the import worker failed', zh: event.message || '导入进程出错' });
    return () => {
      w.postMessage({ type: 'cancel' } satisfies ImportRequest);
      w.terminate();
    };
  }, []);

  const send = (request: ImportRequest) => worker.current?.postMessage(request);
  return {
    state,
    open: useCallback((file: File) => {
      dispatch({ type: 'reset' });
      dispatch({ type: 'sent', status: 'reading' });
      send({ type: 'open', file });
    }, []),
    survey: useCallback((layerIndex: number, plan: ImportPlan) => send({ type: 'survey', layerIndex, plan }), []),
    run: useCallback((layerIndex: number, plan: ImportPlan, upload: Upload, defaultStatus?: ParcelStatus) => {
      dispatch({ type: 'sent', status: 'running' });
      send({ type: 'run', layerIndex, plan, upload, defaultStatus });
    }, []),
    cancel: useCallback(() => send({ type: 'cancel' }), []),
  };
}
