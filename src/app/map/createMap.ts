// MapLibre, set up once: its worker URL (Vite cannot find it by itself), the base style,
// and Chinese labels drawn with the browser's own CJK font so no glyph server is needed.
import { Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { baseStyle } from './basemap';

setWorkerUrl(workerUrl);

/** Wuhan: where the demo city is; the map then fits the loaded data. */
export const START_VIEW = { center: [114.3, 30.6] as [number, number], zoom: 9 };

export function createMap(container: HTMLElement): MapLibreMap {
  return new MapLibreMap({
    container,
    style: baseStyle(),
    ...START_VIEW,
    boxZoom: false, // shift-drag is box select
    doubleClickZoom: false, // double-click finishes a drawing
    attributionControl: { compact: true },
    localIdeographFontFamily: '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif',
  });
}
