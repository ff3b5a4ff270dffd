// Loads the project's price tables (the shipped ones replaced by the project's newest
// versions) and hands them to the report worker (report.setTables): the worker then
// recomputes floors, breaches and reports. Again whenever `bump` is called (after an import).
import { useCallback, useEffect, useRef } from 'react';
import type { ApiClient } from '../api/client';
import type { UseReport } from '../worker/useReport';
import { loadPriceTables } from './api';
import { reloadPriceTables, updatePriceTables, usePriceTablesState, type PriceTablesState } from './priceTablesState';

export interface ProjectPriceTables extends PriceTablesState {
  /** how many times tables were applied: floors computed before the last bump are stale */
  revision: number;
  bump(): void;
}

export function useProjectPriceTables(api: ApiClient, projectId: string, report: UseReport): ProjectPriceTables {
  const state = usePriceTablesState(projectId);
  // The hook's setTables may be a new function each render: use the newest, reload only when asked.
  const setTablesRef = useRef(report.setTables);
  setTablesRef.current = report.setTables;
  useEffect(() => {
    let live = true;
    loadPriceTables(api, projectId).then(
      (response) => {
        if (!live) return;
        setTablesRef.current(response.tables.map((t) => t.table));
        updatePriceTables(projectId, (s) => ({ ...s, response, error: null, applied: s.applied + 1 }));
      },
      (e: unknown) => {
        if (live) updatePriceTables(projectId, (s) => ({ ...s, error: e instanceof Error ? e.message : String(e) }));
      },
    );
    return () => {
      live = false;
    };
  }, [api, projectId, state.wanted]);
  const bump = useCallback(() => reloadPriceTables(projectId), [projectId]);
  return { ...state, revision: state.applied, bump };
}
