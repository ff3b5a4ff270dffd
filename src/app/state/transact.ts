// The one write path. Every edit of the map editor — drawing, moving a vertex, tagging,
// splitting, merging, deleting, and undo and redo themselves — is a Transaction sent to
// the server's batch endpoint with the versions the app holds. Only what the server
// stored reaches the store, and each transaction's inverse is recorded for undo.
import type { ApiFeature, BatchEdit } from '../../api/types';
import type { AreaGeometry, LayerName } from '../../domain/schema/kinds';
import { ApiRequestError, type ApiClient } from '../api/client';
import type { FeatureStore, LayerDiff } from './featureStore';

export interface FeatureContent {
  properties: Record<string, unknown>;
  geometry: AreaGeometry;
}

export type Edit =
  | { op: 'create'; layer: LayerName; id: string; content: FeatureContent }
  | { op: 'update'; layer: LayerName; id: string; content: FeatureContent }
  | { op: 'delete'; layer: LayerName; id: string };

/** What the planner did, named for the undo button's tooltip and the history comment. */
export type EditKind = 'draw' | 'reshape' | 'move' | 'tag' | 'split' | 'merge' | 'hole' | 'delete';

export interface Transaction {
  kind: EditKind;
  edits: Edit[];
}

/** The server holds a newer version of a feature than the edit was made against. */
export class EditConflict extends Error {
  constructor(
    readonly transaction: Transaction,
    /** the feature as it is on the server now; null when it was deleted there */
    readonly current: ApiFeature | null,
    readonly featureId: string,
  ) {
    super(`feature ${featureId} changed on the server`);
    this.name = 'EditConflict';
  }
}

function inverseOf(store: FeatureStore, tx: Transaction): Transaction {
  const edits = tx.edits.map((edit): Edit => {
    if (edit.op === 'create') return { op: 'delete', layer: edit.layer, id: edit.id };
    const before = store.get(edit.id);
    if (!before) throw new Error(`feature ${edit.id} is not loaded`);
    const content: FeatureContent = { properties: before.properties ?? {}, geometry: before.geometry };
    return edit.op === 'delete' ? { op: 'create', layer: edit.layer, id: edit.id, content } : { op: 'update', layer: edit.layer, id: edit.id, content };
  });
  return { kind: tx.kind, edits: edits.reverse() };
}

function batchEdit(store: FeatureStore, edit: Edit): BatchEdit {
  const feature = (content: FeatureContent) => ({ type: 'Feature' as const, id: edit.id, properties: content.properties, geometry: content.geometry });
  if (edit.op === 'create') return { op: 'create', layer: edit.layer, feature: feature(edit.content) };
  const version = store.get(edit.id)?.version;
  if (version === undefined) throw new Error(`feature ${edit.id} is not loaded`);
  return edit.op === 'update'
    ? { op: 'update', layer: edit.layer, id: edit.id, version, feature: feature(edit.content) }
    : { op: 'delete', layer: edit.layer, id: edit.id, version };
}

/** The stored result of each edit, as diffs per layer. */
function diffsOf(tx: Transaction, results: Awaited<ReturnType<ApiClient['batch']>>['results']): LayerDiff[] {
  const byLayer = new Map<LayerName, LayerDiff>();
  tx.edits.forEach((edit, i) => {
    const diff = byLayer.get(edit.layer) ?? { layer: edit.layer, upserted: [], removed: [] };
    byLayer.set(edit.layer, diff);
    const result = results[i];
    if ('deleted' in result) diff.removed.push(result.id);
    else diff.upserted.push(result);
  });
  return [...byLayer.values()];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The transaction redone on top of the server's copy of one feature: a three-way merge
 * against what the planner had loaded (`base`) — the fields and the shape the planner
 * changed are theirs, everything else is the server's.
 */
export function rebase(tx: Transaction, base: ApiFeature | undefined, server: ApiFeature): Transaction {
  const edits = tx.edits.map((edit): Edit => {
    if (edit.op !== 'update' || edit.id !== server.id || !base) return edit;
    const mine = edit.content;
    const properties: Record<string, unknown> = { ...server.properties };
    const baseProps = base.properties ?? {};
    for (const field of new Set([...Object.keys(baseProps), ...Object.keys(mine.properties)])) {
      if (same(mine.properties[field], baseProps[field])) continue;
      if (mine.properties[field] === undefined) delete properties[field];
      else properties[field] = mine.properties[field];
    }
    const geometry = same(mine.geometry, base.geometry) ? server.geometry : mine.geometry;
    return { ...edit, content: { properties, geometry } };
  });
  return { ...tx, edits };
}

export interface HistoryState {
  undo: readonly Transaction[];
  redo: readonly Transaction[];
}

/**
 * Sends transactions and keeps the undo and redo stacks of their inverses. Undo and redo
 * go through `send` like any edit, so they are versioned, audited and can conflict.
 */
export class EditSession {
  private undoStack: Transaction[] = [];
  private redoStack: Transaction[] = [];
  private readonly listeners = new Set<() => void>();
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly api: ApiClient,
    private readonly projectId: string,
    readonly store: FeatureStore,
  ) {}

  /** A snapshot, the same object until the stacks change (for useSyncExternalStore). */
  get history(): HistoryState {
    return this.snapshot;
  }

  private snapshot: HistoryState = { undo: [], redo: [] };

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.snapshot = { undo: [...this.undoStack], redo: [...this.redoStack] };
    for (const listener of this.listeners) listener();
  }

  /** Writes a transaction; resolves when stored, rejects with EditConflict or ApiRequestError and changes nothing. */
  transact(tx: Transaction): Promise<void> {
    return this.queue(async () => {
      await this.send(tx, 'undo');
      this.redoStack = [];
      this.changed();
    });
  }

  undo(): Promise<boolean> {
    return this.replay(this.undoStack, 'redo');
  }

  redo(): Promise<boolean> {
    return this.replay(this.redoStack, 'undo');
  }

  /** Forgets the undo and redo stacks (after a reload made them meaningless). */
  clearHistory(): void {
    this.undoStack = [];
    this.redoStack = [];
    this.changed();
  }

  private replay(from: Transaction[], to: 'undo' | 'redo'): Promise<boolean> {
    return this.queue(async () => {
      const tx = from.at(-1);
      if (!tx) return false;
      await this.send(tx, to);
      from.pop();
      this.changed();
      return true;
    });
  }

  // One write at a time, in order: a second edit must see the versions the first produced.
  private queue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.pending.then(work, work);
    this.pending = next.catch(() => undefined);
    return next;
  }

  private async send(tx: Transaction, recordOn: 'undo' | 'redo'): Promise<void> {
    const inverse = inverseOf(this.store, tx);
    const edits = tx.edits.map((edit) => batchEdit(this.store, edit));
    let results;
    try {
      ({ results } = await this.api.batch(this.projectId, edits, tx.kind));
    } catch (e) {
      const conflict = e instanceof ApiRequestError ? e.conflict : null;
      if (conflict) {
        const id = conflict.current?.id ?? tx.edits.find((edit) => edit.op !== 'create')?.id ?? '';
        throw new EditConflict(tx, conflict.current, id);
      }
      throw e;
    }
    this.store.apply(diffsOf(tx, results));
    (recordOn === 'undo' ? this.undoStack : this.redoStack).push(inverse);
  }
}
