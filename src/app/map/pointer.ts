// Pointer input for selecting: hover highlight, click and Shift/Ctrl+click, and Shift+drag
// for a box. A click picks one kind, parcels first (PICK_ORDER); a box adds every feature
// of the first kind it meets. Returns the unbinding.
import type { LngLat, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { Position } from 'geojson';
import type { LayerName } from '../../domain/schema/kinds';
import type { Tool } from '../editing/tools';
import type { SelectMode } from '../state/selection';
import { ID_PROPERTY } from './featureSources';
import { hitLayerId, PICK_ORDER, setFeatureFlag } from './highlight';

/** The box being dragged, in map pixels. */
export interface SelectBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PointerHandlers {
  tool(): Tool;
  onSelect(layer: LayerName | null, ids: string[], mode: SelectMode, at: Position | null): void;
  onBox(box: SelectBox | null): void;
}

/** Below this many pixels a Shift+drag is a Shift+click. */
const CLICK_SLOP_PX = 4;

export function bindPointer(map: MapLibreMap, handlers: PointerHandlers): () => void {
  let hovered: { layer: LayerName; id: string } | null = null;
  let boxStart: { x: number; y: number } | null = null;
  const canvas = map.getCanvasContainer();

  const pick = (point: [number, number] | [[number, number], [number, number]]) => {
    const layers = PICK_ORDER.map(hitLayerId).filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none');
    const hits = map.queryRenderedFeatures(point, { layers });
    for (const layer of PICK_ORDER) {
      const ids = [...new Set(hits.filter((f) => f.layer.id === hitLayerId(layer)).map((f) => String(f.properties[ID_PROPERTY])))];
      if (ids.length > 0) return { layer, ids };
    }
    return null;
  };
  const selecting = (): boolean => handlers.tool() === 'select' || handlers.tool() === 'reshape';
  const local = (e: MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  const onMove = (e: MapMouseEvent) => {
    if (!selecting() || boxStart) return;
    const hit = pick([e.point.x, e.point.y]);
    const next = hit ? { layer: hit.layer, id: hit.ids[0] } : null;
    if (hovered && hovered.id !== next?.id) setFeatureFlag(map, hovered.layer, hovered.id, 'hover', false);
    if (next) setFeatureFlag(map, next.layer, next.id, 'hover', true);
    hovered = next;
    map.getCanvas().style.cursor = next ? 'pointer' : '';
  };
  const onClick = (e: MapMouseEvent) => {
    if (!selecting()) return;
    const hit = pick([e.point.x, e.point.y]);
    const additive = e.originalEvent.shiftKey || e.originalEvent.ctrlKey || e.originalEvent.metaKey;
    if (!hit) {
      if (!additive) handlers.onSelect(null, [], 'replace', null);
      return;
    }
    handlers.onSelect(hit.layer, [hit.ids[0]], additive ? 'toggle' : 'replace', (e.lngLat as LngLat).toArray());
  };
  const onDown = (e: MouseEvent) => {
    if (!(e.shiftKey && e.button === 0 && handlers.tool() === 'select')) return;
    boxStart = local(e);
    map.dragPan.disable();
  };
  const onDrag = (e: MouseEvent) => {
    if (!boxStart) return;
    const p = local(e);
    handlers.onBox({ x0: boxStart.x, y0: boxStart.y, x1: p.x, y1: p.y });
  };
  const onUp = (e: MouseEvent) => {
    const from = boxStart;
    if (!from) return;
    const end = local(e);
    boxStart = null;
    handlers.onBox(null);
    map.dragPan.enable();
    if (Math.abs(end.x - from.x) < CLICK_SLOP_PX && Math.abs(end.y - from.y) < CLICK_SLOP_PX) return; // a Shift+click: onClick has it
    const hit = pick([[Math.min(from.x, end.x), Math.min(from.y, end.y)], [Math.max(from.x, end.x), Math.max(from.y, end.y)]]);
    if (hit) handlers.onSelect(hit.layer, hit.ids, 'add', null);
  };

  map.on('mousemove', onMove);
  map.on('click', onClick);
  canvas.addEventListener('mousedown', onDown, true);
  window.addEventListener('mousemove', onDrag);
  window.addEventListener('mouseup', onUp);
  return () => {
    map.off('mousemove', onMove);
    map.off('click', onClick);
    canvas.removeEventListener('mousedown', onDown, true);
    window.removeEventListener('mousemove', onDrag);
    window.removeEventListener('mouseup', onUp);
  };
}
