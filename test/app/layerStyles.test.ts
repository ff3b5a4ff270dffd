import { Color, expression, validateStyleMin, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../src/app/i18n';
import {
  DEFAULT_LAYER_SETTINGS,
  layerIds,
  legendFor,
  PARCEL_COLOURINGS,
  styleLayers,
  type LayerSettings,
  type LayerSettingsMap,
  type LayerSpecification,
  type LegendEntry,
  type ParcelColouring,
} from '../../src/app/map/layerStyles';
import { LayerPanel } from '../../src/app/panels/LayerPanel';
import { LAYER_NAMES, PARCEL_STATUSES, type LayerName } from '../../src/domain/schema/kinds';

const SETTINGS: readonly LayerSettings[] = [
  { visible: true, opacity: 1, labels: true },
  { visible: true, opacity: 0.5, labels: false },
  { visible: false, opacity: 0, labels: true },
  { visible: true, opacity: 0.35, labels: true },
];
const ALL_ON: LayerSettings = { visible: true, opacity: 1, labels: true };

/** Every kind × colouring worth looking at (non-parcel kinds ignore the colouring). */
const STYLED: readonly [LayerName, ParcelColouring][] = LAYER_NAMES.flatMap((kind) =>
  kind === 'parcels' ? PARCEL_COLOURINGS.map((c): [LayerName, ParcelColouring] => [kind, c]) : [[kind, 'landUse'] as [LayerName, ParcelColouring]],
);

function styleOf(kind: LayerName, layers: LayerSpecification[]): StyleSpecification {
  return {
    version: 8,
    glyphs: 'https://tiles.example.org/fonts/{fontstack}/{range}.pbf',
    sources: { [`src-${kind}`]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } },
    layers,
  };
}

function layer(kind: LayerName, colouring: ParcelColouring, id: string, settings: LayerSettings = ALL_ON): LayerSpecification {
  const found = styleLayers(kind, `src-${kind}`, settings, colouring).find((l) => l.id === id);
  if (!found) throw new Error(`no layer ${id}`);
  return found;
}

function paintValue(l: LayerSpecification, property: string): unknown {
  return l.paint ? (l.paint as Record<string, unknown>)[property] : undefined;
}

/** The property that carries the legend's colours: the fill where there is one, else the line. */
function colourExpression(kind: LayerName, colouring: ParcelColouring): { value: unknown; property: 'fill-color' | 'line-color' } {
  const layers = styleLayers(kind, `src-${kind}`, ALL_ON, colouring);
  const fill = layers.find((l) => l.type === 'fill');
  if (fill) return { value: paintValue(fill, 'fill-color'), property: 'fill-color' };
  const line = layers.find((l) => l.type === 'line');
  if (!line) throw new Error(`${kind} has neither fill nor line`);
  return { value: paintValue(line, 'line-color'), property: 'line-color' };
}

function colourLiterals(value: unknown): string[] {
  if (typeof value === 'string') return /^#[0-9a-f]{3,8}$/i.test(value) ? [value.toLowerCase()] : [];
  if (Array.isArray(value)) return value.flatMap(colourLiterals);
  return [];
}

type Evaluated = 'fill-color' | 'line-color' | 'fill-opacity' | 'text-field';
type PropertySpec = Parameters<typeof expression.createExpression>[2];
/** The style spec's types of the evaluated properties, so results are type-checked and coerced. */
const PROPERTY_SPECS: Record<Evaluated, PropertySpec> = {
  'fill-color': { type: 'color', 'property-type': 'data-driven', expression: { interpolated: true, parameters: ['zoom', 'feature'] }, transition: true, overridable: false },
  'line-color': { type: 'color', 'property-type': 'data-driven', expression: { interpolated: true, parameters: ['zoom', 'feature'] }, transition: true, overridable: false },
  'fill-opacity': { type: 'number', 'property-type': 'data-driven', expression: { interpolated: true, parameters: ['zoom', 'feature'] }, transition: true },
  // text-field is "formatted" in the spec; a plain string is what these labels produce
  'text-field': { type: 'string', 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature'] }, transition: false },
};

function evaluator(value: unknown, property: Evaluated) {
  const spec = PROPERTY_SPECS[property];
  const parsed = expression.createExpression(value, property, spec);
  if (parsed.result !== 'success') throw new Error(parsed.value.map((e) => e.message).join('; '));
  const compiled = parsed.value;
  return (properties: Record<string, unknown>, zoom = 14): unknown => compiled.evaluate({ zoom }, { type: 'Polygon', properties });
}

function fillColourOf(kind: LayerName, colouring: ParcelColouring) {
  const { value, property } = colourExpression(kind, colouring);
  const evaluate = evaluator(value, property);
  return (properties: Record<string, unknown>): Color => {
    const result = evaluate(properties);
    if (!(result instanceof Color)) throw new Error(`${kind}/${colouring}: ${String(result)} is not a colour`);
    return result;
  };
}

function legendColour(kind: LayerName, colouring: ParcelColouring, en: string): Color {
  const entry = legendFor(kind, colouring).find((e) => e.en === en);
  if (!entry) throw new Error(`${kind}/${colouring}: no legend entry "${en}"`);
  const colour = Color.parse(entry.color);
  if (!colour) throw new Error(`${entry.color} is not a colour`);
  return colour;
}

const rgb = (c: Color): number[] => [c.r, c.g, c.b, c.a].map((x) => Math.round(x * 255));
/** Relative luminance (sRGB), 0 black … 1 white. */
const luminance = (c: Color): number =>
  [c.r, c.g, c.b]
    .map((x) => (x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4))
    .reduce((sum, x, i) => sum + x * [0.2126, 0.7152, 0.0722][i], 0);

describe('styleLayers', () => {
  it('gives valid MapLibre layers for every kind, colouring and setting', () => {
    let checked = 0;
    for (const [kind, colouring] of STYLED) {
      for (const settings of SETTINGS) {
        const layers = styleLayers(kind, `src-${kind}`, settings, colouring);
        expect(layers.length, `${kind}/${colouring}`).toBeGreaterThan(0);
        expect(validateStyleMin(styleOf(kind, layers)), `${kind}/${colouring} ${JSON.stringify(settings)}`).toEqual([]);
        for (const l of layers) {
          expect(l.id.startsWith(`${kind}-`)).toBe(true);
          expect(layerIds(kind)).toContain(l.id);
          expect(l.source).toBe(`src-${kind}`);
          expect(l.layout?.visibility).toBe(settings.visible ? 'visible' : 'none');
        }
        expect(layers.some((l) => l.type === 'symbol')).toBe(settings.labels);
        checked++;
      }
    }
    expect(checked).toBe(7 * SETTINGS.length);
  });

  it('has a name label for every kind, parcels only from zoom 15', () => {
    for (const kind of LAYER_NAMES) {
      const label = styleLayers(kind, 's', ALL_ON, 'landUse').find((l) => l.type === 'symbol');
      expect(label?.id, kind).toBe(`${kind}-label`);
      expect(label?.layout && 'text-font' in label.layout ? label.layout['text-font'] : null).toEqual(['Noto Sans Regular']);
    }
    for (const colouring of PARCEL_COLOURINGS) {
      const label = layer('parcels', colouring, 'parcels-label');
      expect(label.minzoom).toBe(15);
      const text = evaluator(label.layout && 'text-field' in label.layout ? label.layout['text-field'] : null, 'text-field');
      expect(String(text({ name: '光谷一号地块' }))).toBe('光谷一号地块');
      expect(String(text({ landUse: '100101' }))).toBe('');
    }
  });

  it('keeps parcels off the city-wide view (zoom 11 and up) whatever the colouring', () => {
    for (const colouring of PARCEL_COLOURINGS) {
      for (const l of styleLayers('parcels', 's', ALL_ON, colouring)) expect(l.minzoom, l.id).toBeGreaterThanOrEqual(11);
      expect(layer('parcels', colouring, 'parcels-fill').minzoom).toBe(11);
    }
    for (const kind of ['districts', 'zones', 'parks'] as const) {
      for (const l of styleLayers(kind, 's', ALL_ON, 'landUse')) if (l.type !== 'symbol') expect(l.minzoom ?? 0, l.id).toBe(0);
    }
  });

  it('multiplies the style’s own opacity', () => {
    const half: LayerSettings = { visible: true, opacity: 0.5, labels: true };
    expect(paintValue(layer('parks', 'landUse', 'parks-fill', half), 'fill-opacity')).toBe(0.175);
    expect(paintValue(layer('parks', 'landUse', 'parks-outline', half), 'line-opacity')).toBe(0.5);
    expect(paintValue(layer('parks', 'landUse', 'parks-fill', ALL_ON), 'fill-opacity')).toBe(0.35);
    expect(paintValue(layer('parcels', 'landUse', 'parcels-fill', { ...half, opacity: 0 }), 'fill-opacity')).toBe(0);
    // data-driven opacity (idle and low-efficiency parcels stand out) keeps its data dependence
    const opacity = evaluator(paintValue(layer('parcels', 'status', 'parcels-fill', half), 'fill-opacity'), 'fill-opacity');
    expect(opacity({ status: 'idle' })).toBeCloseTo(0.475);
    expect(opacity({ status: 'producing' })).toBeCloseTo(0.375);
    // labels are not dimmed
    expect(paintValue(layer('districts', 'landUse', 'districts-label', half), 'text-opacity')).toBeUndefined();
  });

  it('uses the same layer ids in every parcel colouring, so the adapter can swap them', () => {
    const ids = PARCEL_COLOURINGS.map((c) => styleLayers('parcels', 's', ALL_ON, c).map((l) => l.id));
    for (const list of ids) expect(list).toEqual(['parcels-fill', 'parcels-outline', 'parcels-label']);
    expect(layerIds('parcels')).toEqual(['parcels-fill', 'parcels-outline', 'parcels-label']);
    expect(layerIds('districts')).toEqual(['districts-boundary', 'districts-label']);
    expect(layerIds('zones')).toEqual(['zones-outline', 'zones-label']);
    expect(layerIds('parks')).toEqual(['parks-fill', 'parks-outline', 'parks-label']);
  });
});

describe('legends', () => {
  it('show exactly the colours the map paints', () => {
    for (const [kind, colouring] of STYLED) {
      const legend = legendFor(kind, colouring).map((e) => e.color.toLowerCase());
      const painted = new Set(colourLiterals(colourExpression(kind, colouring).value));
      expect(new Set(legend), `${kind}/${colouring}`).toEqual(painted);
      expect(new Set(legend).size, `${kind}/${colouring}: one colour per entry`).toBe(legend.length);
    }
  });

  it('follow the parcel colouring and ignore it elsewhere', () => {
    const first = (c: ParcelColouring): LegendEntry => legendFor('parcels', c)[0];
    expect(PARCEL_COLOURINGS.map((c) => first(c).zh)).toEqual(['一类工业用地', '规划', '一等', '低于 100 元/㎡']);
    expect(legendFor('parks', 'grade')).toBe(legendFor('parks', 'landUse'));
  });

  it('colour parcels by land use', () => {
    const colour = fillColourOf('parcels', 'landUse');
    expect(rgb(colour({ landUse: '100101' }))).toEqual(rgb(legendColour('parcels', 'landUse', 'Class I industrial land')));
    expect(rgb(colour({ landUse: 'M0' }))).toEqual(rgb(legendColour('parcels', 'landUse', 'New-type industrial land (M0)')));
    expect(rgb(colour({ landUse: '100109' }))).toEqual(rgb(legendColour('parcels', 'landUse', 'Class II industrial land')));
    expect(rgb(colour({ landUse: '0701' }))).toEqual(rgb(legendColour('parcels', 'landUse', 'Other land')));
  });

  it('colour parcels by status, with idle and low-efficiency land standing out', () => {
    const colour = fillColourOf('parcels', 'status');
    const legend = legendFor('parcels', 'status');
    expect(legend).toHaveLength(PARCEL_STATUSES.length + 1);
    PARCEL_STATUSES.forEach((status, i) => {
      expect(rgb(colour({ status })), status).toEqual(rgb(Color.parse(legend[i].color) ?? Color.transparent));
    });
    expect(rgb(colour({ status: 'idle' }))).toEqual(rgb(legendColour('parcels', 'status', 'Idle')));
    expect(rgb(colour({ status: 'low-efficiency' }))).toEqual(rgb(legendColour('parcels', 'status', 'Low-efficiency')));
    expect(rgb(colour({}))).toEqual(rgb(legendColour('parcels', 'status', 'No status')));
    expect(rgb(colour({ status: 'demolished' }))).toEqual(rgb(legendColour('parcels', 'status', 'No status')));

    // distinguishable: every pair more than 70 apart in RGB (of 441)
    const colours = legend.map((e) => rgb(Color.parse(e.color) ?? Color.transparent));
    for (let i = 0; i < colours.length; i++) {
      for (let j = i + 1; j < colours.length; j++) {
        const d = Math.hypot(...colours[i].map((x, k) => x - colours[j][k]));
        expect(d, `${legend[i].en} vs ${legend[j].en}`).toBeGreaterThan(70);
      }
    }
    // idle and low-efficiency: the most saturated colours, drawn more opaque than the rest
    const saturation = (c: number[]): number => (Math.max(...c.slice(0, 3)) - Math.min(...c.slice(0, 3))) / 255;
    const problem = ['Idle', 'Low-efficiency'].map((en) => saturation(rgb(legendColour('parcels', 'status', en))));
    for (const entry of legend.filter((e) => e.en !== 'Idle' && e.en !== 'Low-efficiency')) {
      expect(saturation(rgb(Color.parse(entry.color) ?? Color.transparent)), entry.en).toBeLessThan(Math.min(...problem));
    }
  });

  it('colour parcels by land grade on a sequential ramp, grade 1 darkest', () => {
    const colour = fillColourOf('parcels', 'grade');
    expect(rgb(colour({ grade: 3 }))).toEqual(rgb(legendColour('parcels', 'grade', 'Grade 3')));
    expect(rgb(colour({}))).toEqual(rgb(legendColour('parcels', 'grade', 'No grade')));
    expect(rgb(colour({ grade: 16 }))).toEqual(rgb(legendColour('parcels', 'grade', 'No grade')));
    const ramp = Array.from({ length: 15 }, (_, i) => luminance(colour({ grade: i + 1 })));
    for (let g = 1; g < 15; g++) expect(ramp[g], `grade ${g + 1} lighter than ${g}`).toBeGreaterThan(ramp[g - 1]);
    expect(legendFor('parcels', 'grade').map((e) => e.zh).slice(0, 3)).toEqual(['一等', '二等', '三等']);
  });

  it('colour parcels by price floor classes, lower bounds inclusive', () => {
    const colour = fillColourOf('parcels', 'priceFloor');
    const classOf = (price: unknown): number[] => rgb(colour({ priceFloorYuanPerM2: price }));
    const entry = (en: string): number[] => rgb(legendColour('parcels', 'priceFloor', en));
    expect(classOf(150)).toEqual(entry('100–200 yuan/m²'));
    expect(classOf(60)).toEqual(entry('Below 100 yuan/m²'));
    expect(classOf(99.99)).toEqual(entry('Below 100 yuan/m²'));
    expect(classOf(100)).toEqual(entry('100–200 yuan/m²'));
    expect(classOf(384)).toEqual(entry('200–400 yuan/m²'));
    expect(classOf(400)).toEqual(entry('400–800 yuan/m²'));
    expect(classOf(840)).toEqual(entry('800 yuan/m² and above'));
    expect(classOf(null)).toEqual(entry('No price floor'));
    expect(rgb(colour({}))).toEqual(entry('No price floor'));
    // a floor of 0 is a floor, not a missing one
    expect(classOf(0)).toEqual(entry('Below 100 yuan/m²'));
  });

  it('colour parks by tier and outline zones in red', () => {
    const park = fillColourOf('parks', 'landUse');
    expect(rgb(park({ tier: 'specialty' }))).toEqual(rgb(legendColour('parks', 'landUse', 'Specialty industrial park')));
    expect(rgb(park({}))).toEqual(rgb(legendColour('parks', 'landUse', 'Park without tier')));
    expect(rgb(fillColourOf('zones', 'landUse')({ name: '沌口区块' }))).toEqual([0xd7, 0x19, 0x1c, 255]);
  });
});

describe('LayerPanel', () => {
  afterEach(() => setLang('zh-CN'));

  const render = (settings: LayerSettingsMap, colouring: ParcelColouring): string =>
    renderToStaticMarkup(createElement(LayerPanel, { settings, colouring, onSettings: () => {}, onColouring: () => {} }));
  const legendBlock = (html: string, kind: LayerName): string | null => {
    const match = new RegExp(`<ul[^>]*data-testid="legend-${kind}"[^>]*>(.*?)</ul>`).exec(html);
    return match ? match[1] : null;
  };

  it('shows the legend of visible layers only, parcels by the chosen colouring', () => {
    const settings: LayerSettingsMap = { ...DEFAULT_LAYER_SETTINGS, parks: { visible: false, opacity: 0.4, labels: true } };
    const html = render(settings, 'status');
    expect(html).toContain('data-testid="layer-panel"');
    for (const kind of LAYER_NAMES) {
      for (const id of ['layer-visible', 'layer-opacity', 'layer-labels']) expect(html).toContain(`data-testid="${id}-${kind}"`);
    }
    expect(legendBlock(html, 'parks')).toBeNull();
    expect(html).toMatch(/data-testid="layer-opacity-parks"[^>]*value="40"|value="40"[^>]*data-testid="layer-opacity-parks"/);
    const parcels = legendBlock(html, 'parcels') ?? '';
    expect(parcels).toContain('闲置');
    expect(parcels).toContain('#e31a1c');
    expect(parcels).not.toContain('一类工业用地');
    expect(legendBlock(html, 'zones')).toContain('工业区块');
    expect(html).toMatch(/<option value="status" selected="">地块状态<\/option>/);
  });

  it('labels the legend in the current language', () => {
    setLang('en');
    const html = render(DEFAULT_LAYER_SETTINGS, 'priceFloor');
    expect(legendBlock(html, 'parcels')).toContain('100–200 yuan/m²');
    expect(legendBlock(html, 'parks')).toContain('Modern industrial park');
    expect(html).toContain('Colour parcels by');
  });
});
