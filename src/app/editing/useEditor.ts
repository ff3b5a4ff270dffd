// The editor's behaviour: turns tools, drawings and actions into transactions on the one
// write path, and keeps what the planner needs to see (selection, notices, the conflict
// being resolved, the live area of a sketch).
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { LineString, Polygon, Position } from 'geojson';
import type { ApiFeature } from '../../api/types';
import { geometryArea } from '../../domain/geometry/area';
import { cutHole, mergePolygons, splitPolygon, type EditProblem } from '../../domain/geometry/edit';
import { bboxOf, polygonsOf, type Bbox } from '../../domain/geometry/overlay';
import { geometryProblems } from '../../domain/geometry/validity';
import { LAYER_NAMES, type AreaGeometry, type LayerName, type ParkTier } from '../../domain/schema/kinds';
import { ApiRequestError, type ApiClient } from '../api/client';
import { useI18n } from '../i18n';
import type { DrawingEvents } from '../map/drawing';
import { restoreExactVertices } from '../map/snap';
import { FeatureStore } from '../state/featureStore';
import { NOTHING, select, selectedIds, type Selection, type SelectMode } from '../state/selection';
import { EditConflict, EditSession, rebase, type Edit, type Transaction } from '../state/transact';
import { newFeatureId, newFeatureProperties } from './newFeature';
import { editProblemText, geometryProblemText } from './problemText';
import { TOOLS, type Tool } from './tools';

export interface Notice {
  kind: 'error' | 'info';
  text: string;
  /** details, one per line (e.g. the server's per-feature problems) */
  details?: string[];
}

/** A line's box is that of a one-ring polygon along it. */
const boxOf = (g: AreaGeometry | LineString): Bbox => bboxOf(g.type === 'LineString' ? [[g.coordinates]] : polygonsOf(g));
const meets = (a: Bbox, b: Bbox): boolean => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

export function useEditor(api: ApiClient, projectId: string, canEdit: boolean) {
  const { t, lang } = useI18n();
  const store = useMemo(() => new FeatureStore(), []);
  const session = useMemo(() => new EditSession(api, projectId, store), [api, projectId, store]);
  const revision = useSyncExternalStore((l) => store.subscribe(l), () => store.revision);
  const history = useSyncExternalStore(
    (l) => session.subscribe(l),
    () => session.history,
  );
  const [loadedRevision, setLoadedRevision] = useState(0);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [tool, setToolState] = useState<Tool>('select');
  const [tier, setTier] = useState<ParkTier>('modern');
  const [selection, setSelection] = useState<Selection>(NOTHING);
  const [clickedAt, setClickedAt] = useState<Position | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [conflict, setConflict] = useState<EditConflict | null>(null);
  const [sketchArea, setSketchArea] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [formOpen, setFormOpen] = useState(false);
  const latestSelection = useRef(selection);
  latestSelection.current = selection;

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const layers = await Promise.all(LAYER_NAMES.map((layer) => api.features(projectId, layer)));
      LAYER_NAMES.forEach((layer, i) => store.load(layer, layers[i]));
      setLoadedRevision((n) => n + 1);
    } catch (e) {
      setLoadError(e instanceof Error ? e.message : String(e));
    }
  }, [api, projectId, store]);

  useEffect(() => {
    void load();
  }, [load]);

  // A selected feature that is gone (deleted, merged away, undone) leaves the selection.
  useEffect(() => {
    setSelection((current) => {
      if (current.layer === null) return current;
      const kept = [...current.ids].filter((id) => store.get(id));
      return kept.length === current.ids.size ? current : kept.length ? { layer: current.layer, ids: new Set(kept) } : NOTHING;
    });
  }, [revision, store]);

  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof EditConflict) {
        setConflict(e);
        return;
      }
      if (e instanceof ApiRequestError) {
        const details = e.problems.map((p) => `${p.feature}${p.field ? ` · ${p.field}` : ''}: ${p.message}`);
        setNotice({ kind: 'error', text: t('editor.notice.serverRefused', { message: e.message }), details });
        return;
      }
      setNotice({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
    },
    [t],
  );

  const run = useCallback(
    async (tx: Transaction, after?: () => void): Promise<boolean> => {
      if (!canEdit) {
        setNotice({ kind: 'error', text: t('editor.notice.readOnly') });
        return false;
      }
      // District boundaries are the administrative base map: they change by import, never by a keypress.
      if (tx.edits.some((edit) => edit.layer === 'districts')) {
        setNotice({ kind: 'error', text: t('editor.notice.districtsReadOnly') });
        return false;
      }
      setBusy(true);
      try {
        await session.transact(tx);
        setNotice(null);
        after?.();
        return true;
      } catch (e) {
        fail(e);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [canEdit, fail, session, t],
  );

  const refuse = useCallback((text: string) => setNotice({ kind: 'error', text }), []);
  const refuseEdit = useCallback((problem: EditProblem) => refuse(editProblemText(t, problem)), [refuse, t]);

  /** The geometry's problems as a notice; true when it is valid. */
  const validGeometry = useCallback(
    (geometry: AreaGeometry): boolean => {
      const problems = geometryProblems(geometry);
      if (problems.length === 0) return true;
      setNotice({ kind: 'error', text: t('editor.notice.invalidShape'), details: problems.slice(0, 5).map((p) => geometryProblemText(lang, p)) });
      return false;
    },
    [lang, t],
  );

  /** Stored geometries near a shape: what a sketch may have been snapped to. */
  const near = useCallback(
    (g: AreaGeometry | LineString): AreaGeometry[] => {
      const box = boxOf(g);
      const pad = 1e-6;
      const padded: Bbox = [box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad];
      return LAYER_NAMES.flatMap((layer) => store.all(layer).filter((f) => meets(boxOf(f.geometry), padded)).map((f) => f.geometry));
    },
    [store],
  );

  const selectedFeatures = useCallback((): ApiFeature[] => selectedIds(latestSelection.current).map((id) => store.get(id)).filter((f): f is ApiFeature => f !== undefined), [store]);

  const update = (feature: ApiFeature, layer: LayerName, geometry: AreaGeometry, properties = feature.properties ?? {}): Edit => ({ op: 'update', layer, id: feature.id, content: { properties, geometry } });

  const drawn = useCallback(
    async (polygon: Polygon) => {
      setSketchArea(null);
      const geometry = restoreExactVertices(polygon, near(polygon)) as Polygon;
      if (tool === 'hole') {
        const selected = selectedFeatures();
        const [target] = selected;
        const layer = latestSelection.current.layer;
        if (selected.length !== 1 || !layer || target.geometry.type !== 'Polygon') {
          refuse(t('editor.notice.holeNeedsOne'));
          return;
        }
        if (!validGeometry(geometry)) return;
        const result = cutHole(target.geometry, geometry);
        if (!result.ok) return refuseEdit(result.problem);
        await run({ kind: 'hole', edits: [update(target, layer, result.value)] });
        return;
      }
      const layer = TOOLS[tool].draws;
      if (!layer) return;
      if (!validGeometry(geometry)) return;
      const id = newFeatureId(layer);
      const count = store.count(layer) + 1;
      const properties = newFeatureProperties(layer, { park: t('editor.newPark', { n: count }), zone: t('editor.newZone', { n: count }) }, tier);
      await run({ kind: 'draw', edits: [{ op: 'create', layer, id, content: { properties, geometry } }] }, () => {
        setSelection({ layer, ids: new Set([id]) });
        setClickedAt(geometry.coordinates[0][0]);
        setFormOpen(true);
        setToolState('select');
      });
    },
    [near, refuse, refuseEdit, run, selectedFeatures, store, t, tier, tool, validGeometry],
  );

  const splitBy = useCallback(
    async (line: LineString) => {
      const exactLine: LineString = { type: 'LineString', coordinates: line.coordinates };
      let candidates = selectedFeatures();
      let layer = latestSelection.current.layer;
      if (candidates.length !== 1 || !layer) {
        // Nothing chosen: the one parcel the line cuts cleanly.
        layer = 'parcels';
        const box = boxOf(exactLine);
        candidates = store.all('parcels').filter((f) => f.geometry.type === 'Polygon' && meets(boxOf(f.geometry), box) && splitPolygon(f.geometry, exactLine).ok);
        if (candidates.length !== 1) return refuse(t(candidates.length === 0 ? 'editor.notice.splitNoParcel' : 'editor.notice.splitManyParcels', { n: candidates.length }));
      }
      const [target] = candidates;
      if (target.geometry.type !== 'Polygon') return refuse(t('editor.notice.multiPolygon'));
      const result = splitPolygon(target.geometry, exactLine);
      if (!result.ok) return refuseEdit(result.problem);
      const [a, b] = result.value;
      const id = newFeatureId(layer);
      const splitLayer = layer;
      await run(
        { kind: 'split', edits: [update(target, splitLayer, a), { op: 'create', layer: splitLayer, id, content: { properties: { ...target.properties }, geometry: b } }] },
        () => setSelection({ layer: splitLayer, ids: new Set([target.id, id]) }),
      );
    },
    [refuse, refuseEdit, run, selectedFeatures, store, t],
  );

  const reshaped = useCallback(
    async (id: string, geometry: AreaGeometry, moved: boolean) => {
      const feature = store.get(id);
      const layer = store.layerOf(id);
      if (!feature || !layer) return;
      const exact = restoreExactVertices(geometry, [feature.geometry, ...near(geometry)]);
      if (!validGeometry(exact)) {
        store.apply([{ layer, upserted: [feature], removed: [] }]); // puts the handles back on the stored shape
        return;
      }
      await run({ kind: moved ? 'move' : 'reshape', edits: [update(feature, layer, exact)] });
    },
    [near, run, store, validGeometry],
  );

  const drawing: DrawingEvents = {
    onReshapeRefused: () => refuse(t('editor.notice.multiPolygon')),
    onPolygon: (g) => void drawn(g),
    onLine: (g) => void splitBy(g),
    onReshape: (id, g, moved) => void reshaped(id, g, moved),
    onSketch: (g) => {
      if (!g) return setSketchArea(null);
      const ring = g.coordinates[0];
      setSketchArea(ring.length >= 4 ? geometryArea(g) : null);
    },
  };

  const merge = useCallback(async () => {
    const features = selectedFeatures();
    const layer = latestSelection.current.layer;
    if (features.length < 2 || !layer) return refuse(t('editor.notice.mergeNeedsTwo'));
    const result = mergePolygons(features.map((f) => f.geometry));
    if (!result.ok) return refuseEdit(result.problem);
    const [keep, ...rest] = features;
    await run(
      { kind: 'merge', edits: [update(keep, layer, result.value), ...rest.map((f): Edit => ({ op: 'delete', layer, id: f.id }))] },
      () => setSelection({ layer, ids: new Set([keep.id]) }),
    );
  }, [refuse, refuseEdit, run, selectedFeatures, t]);

  const remove = useCallback(async () => {
    const features = selectedFeatures();
    const layer = latestSelection.current.layer;
    if (features.length === 0 || !layer) return;
    await run({ kind: 'delete', edits: features.map((f): Edit => ({ op: 'delete', layer, id: f.id })) }, () => setSelection(NOTHING));
  }, [run, selectedFeatures]);

  /** Attribute changes from the form: applied to every selected feature (null clears a field). */
  const tag = useCallback(
    async (changes: Record<string, unknown | null>) => {
      const features = selectedFeatures();
      const layer = latestSelection.current.layer;
      if (!layer) return;
      const edits = features.map((f): Edit => {
        const properties: Record<string, unknown> = { ...f.properties };
        for (const [field, value] of Object.entries(changes)) {
          if (value === null) delete properties[field];
          else properties[field] = value;
        }
        return update(f, layer, f.geometry, properties);
      });
      await run({ kind: 'tag', edits });
    },
    [run, selectedFeatures],
  );

  const replay = useCallback(
    async (which: 'undo' | 'redo') => {
      setBusy(true);
      try {
        await (which === 'undo' ? session.undo() : session.redo());
        setNotice(null);
      } catch (e) {
        fail(e);
      } finally {
        setBusy(false);
      }
    },
    [fail, session],
  );

  /** The conflict dialog's answers: take the server's copy, or apply my edit on top of it. */
  const resolveConflict = useCallback(
    async (answer: 'reload' | 'reapply') => {
      const c = conflict;
      if (!c) return;
      setConflict(null);
      const layer = store.layerOf(c.featureId) ?? c.transaction.edits.find((e) => e.id === c.featureId)?.layer;
      const rebased = c.current ? rebase(c.transaction, store.get(c.featureId), c.current) : null;
      if (layer) store.apply([{ layer, upserted: c.current ? [c.current] : [], removed: c.current ? [] : [c.featureId] }]);
      if (answer === 'reapply' && rebased) await run(rebased);
    },
    [conflict, run, store],
  );

  const setTool = useCallback((next: Tool) => {
    setToolState(next);
    setSketchArea(null);
    setNotice(null); // a refusal belongs to the tool it came from
  }, []);

  const onSelect = useCallback((layer: LayerName | null, ids: string[], mode: SelectMode, at: Position | null) => {
    setSelection((current) => (layer === null ? NOTHING : select(current, layer, ids, mode)));
    setClickedAt(at);
  }, []);

  return {
    store, revision, loadedRevision, loadError, reload: load,
    tool, setTool, tier, setTier,
    selection, setSelection, onSelect, clickedAt,
    notice, setNotice, conflict, resolveConflict,
    sketchArea, busy, history, formOpen, setFormOpen,
    drawing, merge, remove, tag, undo: () => replay('undo'), redo: () => replay('redo'),
  };
}
