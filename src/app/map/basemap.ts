// The map underneath the planning layers. Offline by default: a plain background, on
// which the demo data's district boundaries and names are the base map. Online raster
// basemaps are optional and chosen in the settings. Both are in Web Mercator over
// WGS84/CGCS2000 coordinates (the two agree to well under a map pixel); GCJ-02 basemaps
// (Gaode, Tencent) are deliberately not offered, as they would be offset by hundreds of metres.
import type { RasterSourceSpecification, StyleSpecification } from 'maplibre-gl';

export type BasemapKind = 'offline' | 'osm' | 'tianditu';
export const BASEMAP_KINDS: readonly BasemapKind[] = ['offline', 'osm', 'tianditu'];

export interface BasemapSettings {
  kind: BasemapKind;
  /** the user's own Tianditu key (天地图 tk), needed for 'tianditu' */
  tiandituKey: string;
}

export const BASEMAP_SOURCE = 'basemap';
export const BASEMAP_LAYER = 'basemap-raster';
export const BACKGROUND_LAYER = 'background';

export function rasterSource(settings: BasemapSettings): RasterSourceSpecification | null {
  if (settings.kind === 'osm') {
    return { type: 'raster', tiles: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'], tileSize: 256, maxzoom: 19, attribution: '© OpenStreetMap contributors' };
  }
  if (settings.kind === 'tianditu' && settings.tiandituKey.trim() !== '') {
    const tk = encodeURIComponent(settings.tiandituKey.trim());
    const tiles = [0, 1, 2, 3].map(
      (n) => `https://t${n}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${tk}`,
    );
    return { type: 'raster', tiles, tileSize: 256, maxzoom: 18, attribution: '© 天地图' };
  }
  return null;
}

/** The style the map starts from: only the background; the adapter adds the rest. */
export function baseStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: BACKGROUND_LAYER, type: 'background', paint: { 'background-color': '#f3f1ec' } }],
  };
}

const STORAGE_KEY = 'parkatlas.basemap';

export function loadBasemapSettings(): BasemapSettings {
  try {
    const stored = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? 'null') as Partial<BasemapSettings> | null;
    const kind = BASEMAP_KINDS.includes(stored?.kind as BasemapKind) ? (stored?.kind as BasemapKind) : 'offline';
    return { kind, tiandituKey: typeof stored?.tiandituKey === 'string' ? stored.tiandituKey : '' };
  } catch {
    return { kind: 'offline', tiandituKey: '' };
  }
}

export function storeBasemapSettings(settings: BasemapSettings): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}
