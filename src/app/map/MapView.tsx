// The map: MapLibre with the project's four layers, the editor's highlight layers and
// terra-draw on top. It turns pointer input into selections and proposed geometry for the
// editor, and follows the store by diffs; it never writes anything itself.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection, Position } from 'geojson';
import { bboxOf, polygonsOf } from '../../domain/geometry/overlay';
import { LAYER_NAMES, type LayerName } from '../../domain/schema/kinds';
import type { Tool } from '../editing/tools';
import { TOOLS } from '../editing/tools';
import type { FeatureStore } from '../state/featureStore';
import type { Selection, SelectMode } from '../state/selection';
import { BASEMAP_LAYER, BASEMAP_SOURCE, rasterSource, type BasemapSettings } from './basemap';
import { createMap } from './createMap';
import { Drawing, type DrawingEvents } from './drawing';
import { addFeatureSources, followStore, ID_PROPERTY, resetSource, sourceId, type ComputedProperties } from './featureSources';
import { ALL_HIT_LAYERS, highlightLayerId, highlightLayers, hitLayerId, setFeatureFlag } from './highlight';
import { layerIds, styleLayers, type LayerSettingsMap, type ParcelColouring } from './layerStyles';
import { bindPointer, type SelectBox } from './pointer';
import { snapTarget } from './snap';
import { markFeatures, markLayers, MARKS_SOURCE, type Ghosts, type MapMarks, type MarkKind } from './marks';
import type { Bbox } from '../panels/reportContext';

export interface MapViewProps {
  store: FeatureStore;
  /** bumped when the store's layers have (re)loaded */
  loadedRevision: number;
  settings: LayerSettingsMap;
  colouring: ParcelColouring;
  computed: ComputedProperties | undefined;
  basemap: BasemapSettings;
  tool: Tool;
  selection: Selection;
  onSelect(layer: LayerName | null, ids: string[], mode: SelectMode, at: Position | null): void;
  drawing: DrawingEvents;
  /** the feature under the reshape handles, when the reshape tool has one */
  reshape: string | null;
  /** a request to frame a feature (a new object each time) */
  zoomTo: { id: string } | null;
  /** a request to frame these bounds (a new object each time) */
  fit: { bbox: Bbox } | null;
  /** features the report panels point at */
  marks: MapMarks;
  ghosts: Ghosts | null;
  popup: { at: Position; content: ReactNode } | null;
}

/** What tests and benchmarks may ask of the map from the page (plain values only). */
export interface MapTestHooks {
  project(lngLat: [number, number]): { x: number; y: number };
  jumpTo(center: [number, number], zoom: number): void;
  idle(): Promise<void>;
  renderedIds(layer: LayerName): string[];
  /** the ids marked as `kind` on the map now, sorted */
  markedIds(kind: MarkKind): string[];
}

declare global {
  interface Window {
    __parkatlasMap?: MapTestHooks;
  }
}

export function MapView(props: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const drawingRef = useRef<Drawing | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const [state, setState] = useState<'loading' | 'ready'>('loading');
  const [idle, setIdle] = useState(false);
  const [box, setBox] = useState<SelectBox | null>(null);
  const [, setFrame] = useState(0);
  const marksData = useRef<FeatureCollection>({ type: 'FeatureCollection', features: [] });

  // The map itself, once.
  useEffect(() => {
    const map = createMap(container.current as HTMLDivElement);
    mapRef.current = map;
    map.on('load', () => {
      addFeatureSources(map, latest.current.store);
      applyStyles(map, latest.current.settings, latest.current.colouring);
      applyBasemap(map, latest.current.basemap);
      const snap = (event: { containerX: number; containerY: number }) => {
        const p = latest.current;
        const near = map.queryRenderedFeatures(
          [[event.containerX - 10, event.containerY - 10], [event.containerX + 10, event.containerY + 10]],
          { layers: ALL_HIT_LAYERS.filter((id) => map.getLayer(id)) },
        );
        const ids = new Set(near.map((f) => String(f.properties[ID_PROPERTY])).filter((id) => id !== p.reshape));
        const geometries = [...ids].map((id) => p.store.get(id)?.geometry).filter((g) => g !== undefined);
        const target = snapTarget({ x: event.containerX, y: event.containerY }, geometries, (q) => map.project([q[0], q[1]]), (q) => map.unproject([q.x, q.y]).toArray());
        return target ?? undefined;
      };
      drawingRef.current = new Drawing(map, snap, {
        onPolygon: (g) => latest.current.drawing.onPolygon(g),
        onLine: (g) => latest.current.drawing.onLine(g),
        onReshape: (id, g, moved) => latest.current.drawing.onReshape(id, g, moved),
        onSketch: (g) => latest.current.drawing.onSketch(g),
        onReshapeRefused: (id) => latest.current.drawing.onReshapeRefused(id),
      });
      drawingRef.current.setMode(TOOLS[latest.current.tool].drawMode);
      setState('ready');
    });
    map.on('idle', () => setIdle(true));
    map.on('dataloading', () => setIdle(false));
    map.on('move', () => {
      if (latest.current.popup) setFrame((n) => n + 1); // the popup follows the map
    });
    window.__parkatlasMap = {
      project: ([lon, lat]) => {
        const p = map.project([lon, lat]);
        return { x: p.x, y: p.y };
      },
      jumpTo: (center, zoom) => void map.jumpTo({ center, zoom }),
      idle: () => new Promise((resolve) => (map.loaded() && !map.isMoving() ? resolve() : map.once('idle', () => resolve()))),
      markedIds: (kind) => {
        return marksData.current.features.filter((f) => f.properties?.mark === kind).map((f) => String(f.properties?.fid)).sort();
      },
      renderedIds: (layer) => [...new Set(map.queryRenderedFeatures({ layers: [hitLayerId(layer)] }).map((f) => String(f.properties[ID_PROPERTY])))],
    };
    return () => {
      drawingRef.current?.destroy();
      map.remove();
      mapRef.current = null;
      delete window.__parkatlasMap;
    };
  }, []);

  const map = state === 'ready' ? mapRef.current : null;

  // Data: reload whole layers when the store reloads, then follow its diffs.
  useEffect(() => {
    if (!map) return;
    setIdle(false); // until the map has drawn what was loaded
    for (const layer of LAYER_NAMES) resetSource(map, props.store, layer, layer === 'parcels' ? latest.current.computed : undefined);
    const districts = props.store.all('districts');
    if (districts.length > 0) map.fitBounds(bboxOf(districts.flatMap((f) => polygonsOf(f.geometry))), { padding: 20, duration: 0 });
    return followStore(map, props.store, () => latest.current.computed);
  }, [map, props.store, props.loadedRevision]);

  useEffect(() => {
    if (map && props.computed) resetSource(map, props.store, 'parcels', props.computed);
  }, [map, props.store, props.computed]);

  useEffect(() => {
    if (map) applyStyles(map, props.settings, props.colouring);
  }, [map, props.settings, props.colouring]);

  useEffect(() => {
    if (map) applyBasemap(map, props.basemap);
  }, [map, props.basemap]);

  useEffect(() => {
    drawingRef.current?.setMode(TOOLS[props.tool].drawMode);
  }, [map, props.tool]);

  // The reshape handles follow the selection while the reshape tool is on.
  useEffect(() => {
    const drawing = drawingRef.current;
    if (!map || !drawing) return;
    const feature = props.reshape ? props.store.get(props.reshape) : undefined;
    if (!feature) drawing.endReshape();
    else if (!drawing.beginReshape(feature.id, feature.geometry)) latest.current.drawing.onReshapeRefused(feature.id);
  }, [map, props.reshape, props.store, props.store.revision]);

  // Selection shown through feature-state.
  useEffect(() => {
    if (!map || props.selection.layer === null) return;
    const { layer, ids } = props.selection;
    for (const id of ids) setFeatureFlag(map, layer, id, 'selected', true);
    return () => {
      for (const id of ids) setFeatureFlag(map, layer, id, 'selected', false);
    };
  }, [map, props.selection]);

  useEffect(() => {
    if (!map || !props.zoomTo) return;
    const feature = props.store.get(props.zoomTo.id);
    if (!feature) return;
    map.fitBounds(bboxOf(polygonsOf(feature.geometry)), { padding: 80, maxZoom: 17, duration: 0 });
  }, [map, props.zoomTo, props.store]);

  // The report panels' marks, redrawn when they or the marked features change.
  useEffect(() => {
    if (!map) return;
    const data = markFeatures(props.marks, props.ghosts, (id) => props.store.get(id)?.geometry);
    marksData.current = data;
    const source = map.getSource(MARKS_SOURCE) as GeoJSONSource | undefined;
    if (source) source.setData(data);
    else {
      map.addSource(MARKS_SOURCE, { type: 'geojson', data });
      addMarkLayers(map);
    }
  }, [map, props.marks, props.ghosts, props.store, props.store.revision]);

  useEffect(() => {
    if (map && props.fit) map.fitBounds(props.fit.bbox, { padding: 60, maxZoom: 16, duration: 0 });
  }, [map, props.fit]);

  // Pointer: hover, click and shift-click select, shift-drag box select.
  useEffect(() => {
    if (!map) return;
    return bindPointer(map, {
      tool: () => latest.current.tool,
      onSelect: (layer, ids, mode, at) => latest.current.onSelect(layer, ids, mode, at),
      onBox: setBox,
    });
  }, [map]);

  const popupPoint = map && props.popup ? map.project([props.popup.at[0], props.popup.at[1]]) : null;

  return (
    <div className="map-wrap">
      <div ref={container} className="map" data-testid="map" data-state={state === 'ready' && idle && props.loadedRevision > 0 ? 'idle' : 'busy'} />
      {box ? (
        <div className="select-box" style={{ left: Math.min(box.x0, box.x1), top: Math.min(box.y0, box.y1), width: Math.abs(box.x1 - box.x0), height: Math.abs(box.y1 - box.y0) }} />
      ) : null}
      {popupPoint && props.popup ? (
        <div className="map-popup" data-testid="map-popup" style={{ left: popupPoint.x, top: popupPoint.y }}>
          {props.popup.content}
        </div>
      ) : null}
    </div>
  );
}

function applyStyles(map: MapLibreMap, settings: LayerSettingsMap, colouring: ParcelColouring): void {
  const editorLayers = LAYER_NAMES.flatMap((layer) => [hitLayerId(layer), highlightLayerId(layer)]);
  for (const id of [...LAYER_NAMES.flatMap((layer) => layerIds(layer)), ...editorLayers]) if (map.getLayer(id)) map.removeLayer(id);
  // terra-draw's layers stay on top: add ours beneath the first of them.
  const before = map.getStyle().layers.find((l) => l.id.startsWith('td-'))?.id;
  // Drawing order: districts, parks, parcels, zones (the red line above all), labels last.
  for (const layer of ['districts', 'parks', 'parcels', 'zones'] as const) {
    for (const spec of styleLayers(layer, sourceId(layer), settings[layer], colouring)) map.addLayer(spec, before);
  }
  for (const layer of LAYER_NAMES) for (const spec of highlightLayers(layer, settings[layer].visible)) map.addLayer(spec, before);
  if (map.getSource(MARKS_SOURCE)) addMarkLayers(map);
}

/** The marks above the planning layers and beneath terra-draw's (re-added after a restyle). */
function addMarkLayers(map: MapLibreMap): void {
  const before = map.getStyle().layers.find((l) => l.id.startsWith('td-'))?.id;
  for (const spec of markLayers()) {
    if (map.getLayer(spec.id)) map.removeLayer(spec.id);
    map.addLayer(spec, before);
  }
}

function applyBasemap(map: MapLibreMap, basemap: BasemapSettings): void {
  if (map.getLayer(BASEMAP_LAYER)) map.removeLayer(BASEMAP_LAYER);
  if (map.getSource(BASEMAP_SOURCE)) map.removeSource(BASEMAP_SOURCE);
  const source = rasterSource(basemap);
  if (!source) return;
  map.addSource(BASEMAP_SOURCE, source);
  const first = map.getStyle().layers.find((l) => l.id !== 'background')?.id;
  map.addLayer({ id: BASEMAP_LAYER, type: 'raster', source: BASEMAP_SOURCE }, first);
}

