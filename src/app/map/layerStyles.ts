// The MapLibre layers and legends of the four map layers, read from layers/*.json, with
// the user's layer settings (visibility, opacity, labels) and parcel colouring applied.
// No DOM and no maplibre runtime: the map adapter and the layer panel both use this.
import type { AddLayerObject, DistributiveOmit } from 'maplibre-gl';
import type { LayerName } from '../../domain/schema/kinds';
import districtsJson from '../../../layers/districts.json';
import parcelsGradeJson from '../../../layers/parcels-grade.json';
import parcelsPriceFloorJson from '../../../layers/parcels-price-floor.json';
import parcelsStatusJson from '../../../layers/parcels-status.json';
import parcelsJson from '../../../layers/parcels.json';
import parksJson from '../../../layers/parks.json';
import zonesJson from '../../../layers/zones.json';

/** What parcels are coloured by. */
export type ParcelColouring = 'landUse' | 'status' | 'grade' | 'priceFloor';
export const PARCEL_COLOURINGS: readonly ParcelColouring[] = ['landUse', 'status', 'grade', 'priceFloor'];

export function isParcelColouring(value: unknown): value is ParcelColouring {
  return typeof value === 'string' && (PARCEL_COLOURINGS as readonly string[]).includes(value);
}

export interface LayerSettings {
  visible: boolean;
  /** 0..1, multiplies the style's own fill/line opacity */
  opacity: number;
  labels: boolean;
}
export type LayerSettingsMap = Record<LayerName, LayerSettings>;

export const DEFAULT_LAYER_SETTINGS: LayerSettingsMap = {
  districts: { visible: true, opacity: 1, labels: true },
  zones: { visible: true, opacity: 1, labels: false },
  parks: { visible: true, opacity: 1, labels: true },
  parcels: { visible: true, opacity: 1, labels: false },
};

export interface LegendEntry {
  zh: string;
  en: string;
  color: string;
}

/** The style-spec layers these styles use (maplibre-gl exports them only inside AddLayerObject). */
export type LayerSpecification = Extract<AddLayerObject, { type: 'fill' | 'line' | 'symbol' }>;
/** A layer as written in layers/*.json: the adapter supplies the source. */
type StyleLayer = DistributiveOmit<LayerSpecification, 'source'>;
type FillPaint = NonNullable<Extract<LayerSpecification, { type: 'fill' }>['paint']>;
type OpacityValue = NonNullable<FillPaint['fill-opacity']>;

interface LayerStyleFile {
  layers: readonly StyleLayer[];
  legend: readonly LegendEntry[];
}

const HEX_COLOUR = /^#[0-9a-f]{6}$/i;
const LAYER_TYPES: readonly string[] = ['fill', 'line', 'symbol'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the shape of a style file; the full style-spec validation is in the unit tests. */
function readStyleFile(kind: LayerName, file: string, json: unknown): LayerStyleFile {
  const fail = (why: string): never => {
    throw new Error(`layers/${file}: ${why}`);
  };
  if (!isRecord(json) || !Array.isArray(json.layers) || !Array.isArray(json.legend)) return fail('needs "layers" and "legend" arrays');
  for (const layer of json.layers) {
    if (!isRecord(layer) || typeof layer.id !== 'string' || !layer.id.startsWith(`${kind}-`)) return fail(`layer ids start with "${kind}-"`);
    if (typeof layer.type !== 'string' || !LAYER_TYPES.includes(layer.type)) return fail(`${layer.id}: type ${String(layer.type)} is not fill, line or symbol`);
    if ('source' in layer) return fail(`${layer.id}: the adapter sets the source`);
  }
  for (const entry of json.legend) {
    if (!isRecord(entry) || typeof entry.zh !== 'string' || typeof entry.en !== 'string' || typeof entry.color !== 'string' || !HEX_COLOUR.test(entry.color)) {
      return fail('legend entries have zh, en and a #rrggbb color');
    }
  }
  return json as unknown as LayerStyleFile; // shape checked above
}

const STYLES: Readonly<Record<Exclude<LayerName, 'parcels'>, LayerStyleFile>> = {
  districts: readStyleFile('districts', 'districts.json', districtsJson),
  zones: readStyleFile('zones', 'zones.json', zonesJson),
  parks: readStyleFile('parks', 'parks.json', parksJson),
};

const PARCEL_STYLES: Readonly<Record<ParcelColouring, LayerStyleFile>> = {
  landUse: readStyleFile('parcels', 'parcels.json', parcelsJson),
  status: readStyleFile('parcels', 'parcels-status.json', parcelsStatusJson),
  grade: readStyleFile('parcels', 'parcels-grade.json', parcelsGradeJson),
  priceFloor: readStyleFile('parcels', 'parcels-price-floor.json', parcelsPriceFloorJson),
};

function styleFile(kind: LayerName, colouring: ParcelColouring): LayerStyleFile {
  return kind === 'parcels' ? PARCEL_STYLES[colouring] : STYLES[kind];
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

/**
 * `value` × `factor`. Expressions are wrapped in a product, which the style spec refuses
 * around a zoom curve: such an opacity would need its outputs scaled instead (the unit
 * tests validate every style, so they would tell).
 */
function scaleOpacity(value: OpacityValue | undefined, factor: number): OpacityValue | undefined {
  if (factor === 1) return value;
  if (value === undefined) return round(factor);
  if (typeof value === 'number') return round(value * factor);
  if (!Array.isArray(value)) throw new Error('layer styles use expressions, not legacy functions, for opacity');
  return ['*', value, factor];
}

/** `paint` with its opacity scaled; left as authored at full opacity (the spec refuses an undefined value). */
function withOpacity<P extends Partial<Record<K, OpacityValue>>, K extends 'fill-opacity' | 'line-opacity'>(paint: P | undefined, key: K, factor: number): P {
  const scaled = scaleOpacity(paint?.[key], factor);
  if (scaled === undefined) return { ...paint } as P;
  return { ...paint, [key]: scaled } as P; // a computed key widens the spread's type
}

function applySettings(layer: StyleLayer, sourceId: string, settings: LayerSettings): LayerSpecification {
  const visibility = settings.visible ? 'visible' : 'none';
  const opacity = Math.min(1, Math.max(0, settings.opacity));
  switch (layer.type) {
    case 'fill':
      return {
        ...layer,
        source: sourceId,
        layout: { ...layer.layout, visibility },
        paint: withOpacity(layer.paint, 'fill-opacity', opacity),
      };
    case 'line':
      return {
        ...layer,
        source: sourceId,
        layout: { ...layer.layout, visibility },
        paint: withOpacity(layer.paint, 'line-opacity', opacity),
      };
    case 'symbol':
      return { ...layer, source: sourceId, layout: { ...layer.layout, visibility } };
  }
}

/**
 * The MapLibre layers for a kind, in drawing order, each with `source: sourceId`, ids
 * prefixed `${kind}-` as in the JSON, visibility and opacity applied (opacity multiplies
 * the style's own fill/line opacity); the label layer only when labels are on.
 */
export function styleLayers(kind: LayerName, sourceId: string, settings: LayerSettings, colouring: ParcelColouring): LayerSpecification[] {
  return styleFile(kind, colouring)
    .layers.filter((layer) => settings.labels || layer.type !== 'symbol')
    .map((layer) => applySettings(layer, sourceId, settings));
}

/** The legend of a kind as styled (parcels: by `colouring`; other kinds ignore it). */
export function legendFor(kind: LayerName, colouring: ParcelColouring): readonly LegendEntry[] {
  return styleFile(kind, colouring).legend;
}

function idsOf(files: readonly LayerStyleFile[]): readonly string[] {
  return [...new Set(files.flatMap((file) => file.layers.map((layer) => layer.id)))];
}

const LAYER_IDS: Readonly<Record<LayerName, readonly string[]>> = {
  districts: idsOf([STYLES.districts]),
  zones: idsOf([STYLES.zones]),
  parks: idsOf([STYLES.parks]),
  parcels: idsOf(Object.values(PARCEL_STYLES)),
};

/** The ids of every layer `styleLayers` can return for a kind, so the adapter can remove or replace them. */
export function layerIds(kind: LayerName): readonly string[] {
  return LAYER_IDS[kind];
}
