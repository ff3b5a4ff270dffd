// The report's map, drawn once by MapLibre with the editor's layer styles and then frozen
// into a PNG: a WebGL canvas may print blank, an <img> always prints. Rendered with
// preserveDrawingBuffer so the pixels can be read after the frame.
import type { Feature } from 'geojson';
import { Map as MapLibreMap } from 'maplibre-gl';
import type { LayerName } from '../../domain/schema/kinds';
import { START_VIEW } from '../map/createMap'; // also sets MapLibre's worker URL
import { baseStyle } from '../map/basemap';
import { DEFAULT_LAYER_SETTINGS, styleLayers } from '../map/layerStyles';

export interface MapImage {
  dataUrl: string;
  /** ground metres per CSS pixel at the map's centre */
  metresPerPixel: number;
  width: number;
  height: number;
}

export type Bounds = [number, number, number, number];

const EARTH_CIRCUMFERENCE = 2 * Math.PI * 6378137;

export function boundsOf(features: readonly Feature[]): Bounds | null {
  let b: Bounds | null = null;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
      const [x, y] = c as [number, number];
      b = b ? [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] : [x, y, x, y];
    } else if (Array.isArray(c)) for (const child of c) visit(child);
  };
  for (const f of features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  return b;
}

/** Draws `layers` into `container` framed on `bounds`, waits for idle and returns the picture. */
export async function renderMapImage(container: HTMLElement, layers: Partial<Record<LayerName, Feature[]>>, bounds: Bounds): Promise<MapImage> {
  const map = new MapLibreMap({
    container,
    style: baseStyle(),
    ...START_VIEW,
    interactive: false,
    attributionControl: false,
    fadeDuration: 0,
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
    localIdeographFontFamily: '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif',
  });
  try {
    await new Promise<void>((done, fail) => {
      map.once('load', () => done());
      map.once('error', (e) => fail(e.error instanceof Error ? e.error : new Error(String(e.error))));
    });
    for (const kind of ['districts', 'zones', 'parks', 'parcels'] as const) {
      const features = layers[kind];
      if (!features) continue;
      const source = `print-${kind}`;
      map.addSource(source, { type: 'geojson', data: { type: 'FeatureCollection', features }, tolerance: 0.2 });
      for (const spec of styleLayers(kind, source, DEFAULT_LAYER_SETTINGS[kind], 'landUse')) map.addLayer(spec);
    }
    map.fitBounds(bounds, { padding: 16, animate: false });
    await new Promise<void>((done) => map.once('idle', () => done()));
    const canvas = map.getCanvas();
    const zoom = map.getZoom();
    const lat = map.getCenter().lat;
    return {
      dataUrl: canvas.toDataURL('image/png'),
      metresPerPixel: (EARTH_CIRCUMFERENCE * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom),
      width: container.clientWidth,
      height: container.clientHeight,
    };
  } finally {
    map.remove();
  }
}

/** A round scale-bar length (1, 2 or 5 × 10ⁿ m) near `targetPx` pixels; its width in pixels. */
export function scaleBar(metresPerPixel: number, targetPx: number): { metres: number; px: number } {
  const raw = metresPerPixel * targetPx;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [5, 2, 1].map((m) => m * power).find((m) => m <= raw) ?? power;
  return { metres: step, px: step / metresPerPixel };
}
