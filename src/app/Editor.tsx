// The planner's workspace: toolbar, map, side panel (layers, attributes, report) and the
// attribute table drawer, over one project loaded from the API.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Project } from '../api/types';
import type { LayerName } from '../domain/schema/kinds';
import { fromSquareMetres } from '../domain/units';
import { bboxOf, polygonsOf } from '../domain/geometry/overlay';
import type { ApiClient } from './api/client';
import { ConflictDialog } from './editing/ConflictDialog';
import { SelectionPopup } from './editing/SelectionPopup';
import { Toolbar } from './editing/Toolbar';
import { toolForKey } from './editing/tools';
import { useEditor } from './editing/useEditor';
import { formatNumber } from './format';
import { ImportDialog } from './import/ImportDialog';
import { useI18n } from './i18n';
import { loadBasemapSettings, storeBasemapSettings, type BasemapSettings } from './map/basemap';
import { DEFAULT_LAYER_SETTINGS, type LayerSettingsMap, type ParcelColouring } from './map/layerStyles';
import { MapView } from './map/MapView';
import { AttributeForm } from './panels/AttributeForm';
import { AttributeTable } from './panels/AttributeTable';
import { BasemapPanel } from './panels/BasemapPanel';
import { LayerPanel } from './panels/LayerPanel';
import { ReportTab } from './panels/ReportTab';
import type { BaselineInfo, Bbox, ReportContext } from './panels/reportContext';
import type { Ghosts, MapMarks, MarkedIds, MarkKind } from './map/marks';
import { useProjectPriceTables } from './prices/useProjectPriceTables';
import { loadBaselineLayers } from './snapshots/loadBaseline';
import { storedArea } from './state/area';
import { selectedIds } from './state/selection';
import { useReport } from './worker/useReport';

type SideTab = 'layers' | 'attributes' | 'report';

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));

export function Editor({ api, project }: { api: ApiClient; project: Project }) {
  const { t, lang } = useI18n();
  const canEdit = project.role !== 'reviewer';
  const editor = useEditor(api, project.id, canEdit);
  const { store, selection } = editor;
  const report = useReport({ store, loadedRevision: editor.loadedRevision });
  const [settings, setSettings] = useState<LayerSettingsMap>(DEFAULT_LAYER_SETTINGS);
  const [colouring, setColouring] = useState<ParcelColouring>('landUse');
  const [basemap, setBasemapState] = useState<BasemapSettings>(loadBasemapSettings);
  const [tab, setTab] = useState<SideTab>('layers');
  const [tableOpen, setTableOpen] = useState(false);
  const [tableLayer, setTableLayer] = useState<LayerName>('parcels');
  const [zoomTo, setZoomTo] = useState<{ id: string } | null>(null);
  const [popupOpen, setPopupOpen] = useState(true);
  const [packIds, setPackIds] = useState<readonly string[]>(['wuhan-2025']);
  const [marks, setMarks] = useState<MapMarks>({});
  const [ghosts, setGhosts] = useState<Ghosts | null>(null);
  const [fit, setFit] = useState<{ bbox: Bbox } | null>(null);
  const [baseline, setBaselineState] = useState<BaselineInfo | null>(null);
  useProjectPriceTables(api, project.id, report);
  /** the import dialog, with the file dropped on the map if any */
  const [importing, setImporting] = useState<{ file: File | null } | null>(null);

  const setBasemap = (next: BasemapSettings) => {
    setBasemapState(next);
    storeBasemapSettings(next);
  };

  // A drawn feature opens the form; a new selection shows its popup again.
  useEffect(() => {
    if (editor.formOpen) {
      setTab('attributes');
      editor.setFormOpen(false);
    }
  }, [editor, editor.formOpen]);
  useEffect(() => setPopupOpen(true), [selection]);

  // Only the price-floor colouring needs them: each change rewrites the parcels source.
  const floorProperties = useMemo(
    () => (colouring === 'priceFloor' && report.floors ? new Map([...report.floors].map(([id, perM2]) => [id, { priceFloorYuanPerM2: perM2 }])) : undefined),
    [colouring, report.floors],
  );

  const ids = selectedIds(selection);
  const features = useMemo(() => ids.map((id) => store.get(id)).filter((f) => f !== undefined), [ids.join('\n'), store, editor.revision]); // eslint-disable-line react-hooks/exhaustive-deps -- the store is mutable: its revision says when it changed, and ids by value keep a new array of the same ids from recomputing
  const single = features.length === 1 ? features[0] : undefined;
  const selectedArea = useMemo(() => features.reduce((sum, f) => sum + storedArea(f.geometry), 0), [features]);

  const tableFeatures = useMemo(() => (tableOpen ? store.all(tableLayer) : []), [tableOpen, tableLayer, store, editor.revision]); // eslint-disable-line react-hooks/exhaustive-deps -- the store is mutable: its revision says when it changed
  // Each geometry's area is computed once (storedArea): an edit costs one area, not the layer's.
  const tableAreas = useMemo(() => new Map(tableFeatures.map((f) => [f.id, storedArea(f.geometry)])), [tableFeatures]);

  const { undo, redo, merge, remove, setTool } = editor;
  const onKey = useCallback(
    (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 'z') {
        event.preventDefault();
        void (event.shiftKey ? redo() : undo());
      } else if (mod && key === 'y') {
        event.preventDefault();
        void redo();
      } else if (mod || event.altKey) {
        return;
      } else if (event.key === 'Delete' || event.key === 'Backspace') {
        void remove();
      } else if (key === 'm') {
        void merge();
      } else if (key === 't') {
        setTableOpen((open) => !open);
      } else if (key === 'i' && canEdit) {
        setImporting({ file: null });
      } else if (event.key === 'Escape') {
        setTool('select');
      } else {
        const tool = toolForKey(key);
        if (tool && (canEdit || tool === 'select')) setTool(tool);
      }
    },
    [canEdit, merge, redo, remove, setTool, undo],
  );
  useEffect(() => {
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onKey]);

  const popup =
    single && selection.layer && editor.clickedAt && popupOpen && editor.tool === 'select'
      ? { at: editor.clickedAt, content: <SelectionPopup feature={single} layer={selection.layer} store={store} onClose={() => setPopupOpen(false)} /> }
      : null;

  // Parcels sold below their floor are always flagged.
  const breaches = report.breaches;
  const shownMarks = useMemo<MapMarks>(() => ({ ...marks, breach: { parcels: [...breaches] } }), [marks, breaches]);
  const { setBaseline: setReportBaseline } = report;
  const reportContext: ReportContext = {
    api,
    project,
    canEdit,
    report,
    packIds,
    setPackIds,
    selection,
    select: (layer, chosen) => editor.onSelect(layer, [...chosen], 'replace', null),
    mark: (kind: MarkKind, ids: MarkedIds | null) =>
      setMarks((previous) => {
        const next = { ...previous };
        if (ids) next[kind] = ids;
        else delete next[kind];
        return next;
      }),
    setGhosts,
    fitBounds: (bbox) => setFit({ bbox }),
    fitFeatures: (chosen) => {
      const polygons = chosen.flatMap((id) => {
        const feature = store.get(id);
        return feature ? polygonsOf(feature.geometry) : [];
      });
      if (polygons.length > 0) setFit({ bbox: bboxOf(polygons) });
    },
    baseline,
    setBaseline: (chosen) => {
      setBaselineState(chosen);
      if (!chosen) setReportBaseline(null);
      else
        void loadBaselineLayers(api, project.id, chosen.snapshotId).then(
          (layers) => setReportBaseline({ snapshotId: chosen.snapshotId, name: chosen.name, layers }),
          (e: unknown) => editor.setNotice({ kind: 'error', text: e instanceof Error ? e.message : String(e) }),
        );
    },
  };

  const conflictLayer = editor.conflict ? store.layerOf(editor.conflict.featureId) : undefined;

  return (
    <div className="editor">
      <Toolbar
        tool={editor.tool}
        onTool={editor.setTool}
        tier={editor.tier}
        onTier={editor.setTier}
        canEdit={canEdit}
        selectedCount={ids.length}
        canUndo={editor.history.undo.length > 0}
        canRedo={editor.history.redo.length > 0}
        busy={editor.busy}
        tableOpen={tableOpen}
        onMerge={() => void merge()}
        onDelete={() => void remove()}
        onUndo={() => void undo()}
        onRedo={() => void redo()}
        onTable={() => setTableOpen((open) => !open)}
        onImport={() => setImporting({ file: null })}
      />
      <div className="editor-body">
        <aside className={`side${tab === 'report' ? ' side-wide' : ''}`}>
          <div className="tabs" role="tablist">
            {(['layers', 'attributes', 'report'] as const).map((id) => (
              <button key={id} type="button" role="tab" aria-selected={tab === id} data-testid={`tab-${id}`} className={`tab${tab === id ? ' tab-active' : ''}`} onClick={() => setTab(id)}>
                {t(`editor.tab.${id}`)}
              </button>
            ))}
          </div>
          <div className="tab-body">
            {tab === 'layers' ? (
              <>
                <LayerPanel settings={settings} colouring={colouring} onSettings={setSettings} onColouring={setColouring} />
                <BasemapPanel settings={basemap} onChange={setBasemap} />
              </>
            ) : null}
            {tab === 'attributes' ? (
              selection.layer && features.length > 0 ? (
                <AttributeForm
                  layer={selection.layer}
                  features={features}
                  readOnly={!canEdit || selection.layer === 'districts'}
                  areaM2={selectedArea}
                  onSave={(changes) => void editor.tag(changes)}
                  onCancel={() => editor.setSelection({ layer: null })}
                />
              ) : (
                <p className="empty-note">{t('editor.noSelection')}</p>
              )
            ) : null}
            {tab === 'report' ? <ReportTab ctx={reportContext} /> : null}
          </div>
        </aside>
        <div
          className="map-area"
          onDragOver={(e) => {
            if (canEdit && e.dataTransfer.types.includes('Files')) e.preventDefault();
          }}
          onDrop={(e) => {
            const file = e.dataTransfer.files[0];
            if (!canEdit || !file) return;
            e.preventDefault();
            setImporting({ file });
          }}
        >
          <MapView
            store={store}
            loadedRevision={editor.loadedRevision}
            settings={settings}
            colouring={colouring}
            computed={colouring === 'priceFloor' ? floorProperties : undefined}
            basemap={basemap}
            tool={editor.tool}
            selection={selection}
            onSelect={editor.onSelect}
            drawing={editor.drawing}
            reshape={editor.tool === 'reshape' && single ? single.id : null}
            zoomTo={zoomTo}
            fit={fit}
            marks={shownMarks}
            ghosts={ghosts}
            popup={popup}
          />
          <div className="map-status" aria-live="polite">
            {editor.loadedRevision === 0 && !editor.loadError ? <span>{t('editor.loading')}</span> : null}
            {editor.sketchArea !== null ? (
              <span className="live-area" data-testid="live-area">
                {t('editor.liveArea', {
                  m2: formatNumber(lang, editor.sketchArea, 1),
                  mu: formatNumber(lang, fromSquareMetres(editor.sketchArea, 'mu'), 3),
                  ha: formatNumber(lang, fromSquareMetres(editor.sketchArea, 'ha'), 4),
                })}
              </span>
            ) : null}
            {ids.length > 1 ? <span data-testid="selection-count">{t('editor.selectionCount', { n: ids.length, mu: formatNumber(lang, fromSquareMetres(selectedArea, 'mu'), 2) })}</span> : null}
            {editor.tool !== 'select' ? <span className="tool-hint">{t(`editor.hint.${editor.tool}`)}</span> : null}
          </div>
          {editor.loadError ? (
            <div className="notice notice-error" role="alert">
              {t('editor.loadFailed', { message: editor.loadError })}
              <button type="button" onClick={() => void editor.reload()}>
                {t('editor.retry')}
              </button>
            </div>
          ) : null}
          {editor.notice ? (
            <div className={`notice notice-${editor.notice.kind}`} role="alert" data-testid="notice">
              <div>{editor.notice.text}</div>
              {editor.notice.details?.map((line) => (
                <div key={line} className="notice-detail">
                  {line}
                </div>
              ))}
              <button type="button" className="notice-close" aria-label={t('editor.popup.close')} onClick={() => editor.setNotice(null)}>
                ×
              </button>
            </div>
          ) : null}
          {tableOpen ? (
            <div className="table-drawer">
              <div className="table-layers">
                {(['parcels', 'parks', 'zones'] as const).map((layer) => (
                  <button key={layer} type="button" className={`tab${tableLayer === layer ? ' tab-active' : ''}`} data-testid={`table-layer-${layer}`} onClick={() => setTableLayer(layer)}>
                    {t(`editor.layer.${layer}`)}
                  </button>
                ))}
              </div>
              <AttributeTable
                layer={tableLayer}
                features={tableFeatures}
                areas={tableAreas}
                selectedIds={selection.layer === tableLayer ? selection.ids : new Set()}
                onSelect={(chosen, mode) => editor.onSelect(tableLayer, chosen, mode, null)}
                onZoomTo={(id) => setZoomTo({ id })}
              />
            </div>
          ) : null}
        </div>
      </div>
      {importing ? (
        <ImportDialog api={api} projectId={project.id} file={importing.file} onImported={() => void editor.reload()} onClose={() => setImporting(null)} />
      ) : null}
      {editor.conflict ? (
        <ConflictDialog
          conflict={editor.conflict}
          mine={store.get(editor.conflict.featureId)}
          layer={conflictLayer}
          onReload={() => void editor.resolveConflict('reload')}
          onReapply={() => void editor.resolveConflict('reapply')}
        />
      ) : null}
    </div>
  );
}
