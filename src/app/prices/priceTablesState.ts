// The project's price tables as the app holds them, shared between the editor (which loads
// them and hands them to the report worker) and the price-floor panel (which shows them and
// asks for a reload after an import). A tiny store per project, outside React's tree, so
// the panel can mount and unmount without reloading anything.
import { useSyncExternalStore } from 'react';
import type { ProjectPriceTablesResponse } from '../../api/priceTables';

export interface PriceTablesState {
  /** the effective tables and their versions; null until loaded */
  response: ProjectPriceTablesResponse | null;
  error: string | null;
  /** bumped each time the tables were handed to the report worker: floors are stale before */
  applied: number;
  /** bumped to ask the editor's hook to load them again (after an import) */
  wanted: number;
}

const INITIAL: PriceTablesState = { response: null, error: null, applied: 0, wanted: 0 };
const states = new Map<string, PriceTablesState>();
const listeners = new Map<string, Set<() => void>>();

export function priceTablesState(projectId: string): PriceTablesState {
  return states.get(projectId) ?? INITIAL;
}

export function updatePriceTables(projectId: string, change: (state: PriceTablesState) => PriceTablesState): void {
  states.set(projectId, change(priceTablesState(projectId)));
  for (const listener of listeners.get(projectId) ?? []) listener();
}

function subscribe(projectId: string, listener: () => void): () => void {
  let set = listeners.get(projectId);
  if (!set) listeners.set(projectId, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

export function usePriceTablesState(projectId: string): PriceTablesState {
  return useSyncExternalStore(
    (listener) => subscribe(projectId, listener),
    () => priceTablesState(projectId),
  );
}

/** Asks for the tables again (after an import): the editor's hook reloads and re-applies them. */
export function reloadPriceTables(projectId: string): void {
  updatePriceTables(projectId, (s) => ({ ...s, wanted: s.wanted + 1 }));
}
