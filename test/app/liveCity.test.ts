// LiveCity applies the editor's diffs to the demo city incrementally; after every edit its
// reports for all shipped packs must equal evaluatePack on the city built afresh.
import { readFileSync } from 'node:fs';
import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { checkLayerFeatures } from '../../src/app/worker/checkDiff';
import { evaluatePack } from '../../src/domain/policy/evaluate';
import { CityFacts } from '../../src/domain/policy/facts';
import { LiveCity, type LiveDiff } from '../../src/domain/policy/liveCity';
import type { Report } from '../../src/domain/policy/pack';
import { SHIPPED_PACKS, SHIPPED_PRICE_TABLES } from '../../src/domain/policy/shipped';
import { LAYER_NAMES, type City, type LayerName } from '../../src/domain/schema/kinds';
import { cityFromLayers, type LayerInput } from '../../src/io/cityInput';

interface Raw {
  type: 'Feature';
  id: string;
  properties: Record<string, unknown>;
  geometry: Polygon | { type: 'MultiPolygon'; coordinates: Position[][][] };
}

const DIR = new URL('../../data/demo/wuhan/', import.meta.url);
const read = (layer: LayerName): Raw[] => (JSON.parse(readFileSync(new URL(`${layer}.geojson`, DIR), 'utf8')) as { features: Raw[] }).features;

/** The editor's features as the worker holds them: a Map per layer, in insertion order. */
const raws = Object.fromEntries(LAYER_NAMES.map((layer) => [layer, new Map(read(layer).map((f) => [String(f.id), f]))])) as Record<LayerName, Map<string, Raw>>;

function freshCity(): City {
  const layers = Object.fromEntries(LAYER_NAMES.map((layer) => [layer, { file: layer, parsed: { features: [...raws[layer].values()] } }])) as Record<LayerName, LayerInput>;
  return cityFromLayers(layers).city;
}

const square = ([x, y]: Position, half: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x - half, y - half], [x + half, y - half], [x + half, y + half], [x - half, y + half], [x - half, y - half]]],
});

const outerRing = (f: Raw): Position[] => (f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0][0]);

/** Within 1e-9 relative for numbers, equal otherwise; says where they differ. */
function diffAt(a: unknown, b: unknown, path: string): string | null {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) ? null : `${path}: ${a} ≠ ${b}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: length ${a.length} ≠ ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = diffAt(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = diffAt((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(a, b) ? null : `${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
}

describe('LiveCity on the demo city', () => {
  const baseline = freshCity();
  const live = new LiveCity(freshCity(), SHIPPED_PRICE_TABLES);
  live.setBaseline({ id: 'start', city: baseline });

  /** Applies a change to the raw features and to the live city, as the worker does. */
  function edit(layer: LayerName, upserted: Raw[], removed: string[] = []): void {
    for (const id of removed) raws[layer].delete(id);
    for (const f of upserted) raws[layer].set(f.id, f);
    const checked = checkLayerFeatures(layer, upserted);
    expect(checked.problems).toEqual([]);
    const diff: LiveDiff = { layer, upserted: checked.features, removed };
    live.apply([diff]);
  }

  function expectSameReports(): void {
    const city = freshCity();
    // one fresh set of facts for the fresh city, shared by every pack and language
    const facts = new CityFacts(city);
    for (const pack of SHIPPED_PACKS.values()) {
      for (const lang of ['zh', 'en'] as const) {
        const want: Report = evaluatePack(pack, city, { lang, tables: SHIPPED_PRICE_TABLES, baseline, facts });
        const got = live.report(pack, lang);
        expect(diffAt(got, want, `${pack.id}/${lang}`)).toBeNull();
      }
    }
  }

  const parcels = [...raws.parcels.values()];
  const parks = [...raws.parks.values()];
  const park = parks[3];
  const inPark = parcels[50];

  it('starts equal', () => {
    // reports asked once first, so the rule cache is in play afterwards
    expectSameReports();
  });

  it('a parcel added inside a park', () => {
    const [x, y] = outerRing(park)[0];
    edit('parcels', [{ type: 'Feature', id: 'P-new-1', properties: { name: '新地块', landUse: '100101', status: 'producing', grade: 9, salePrice: 10 }, geometry: square([x, y], 0.0004) }]);
    expect(live.indexOf('parcels', 'P-new-1')).toBe(live.city.parcels.length - 1);
    expectSameReports();
  });

  it('a parcel reshaped across a park boundary', () => {
    const [x, y] = outerRing(parks[7])[2];
    edit('parcels', [{ ...inPark, geometry: square([x, y], 0.0006) }]);
    expectSameReports();
  });

  it('a parcel deleted', () => {
    const gone = parcels[100].id;
    edit('parcels', [], [gone]);
    expect(live.indexOf('parcels', gone)).toBeUndefined();
    expectSameReports();
  });

  it('parcels retagged: land use, grade, sale price', () => {
    const a = parcels[200];
    const b = parcels[201];
    const c = parcels[202];
    edit('parcels', [
      { ...a, properties: { ...a.properties, landUse: a.properties.landUse === '100101' ? '110101' : '100101' } },
      { ...b, properties: { ...b.properties, grade: 3 } },
      { ...c, properties: { ...c.properties, landUse: '100102', grade: 12, salePrice: 1 } },
    ]);
    expectSameReports();
  });

  it('a park reshaped and retiered', () => {
    const ring = outerRing(park).map(([x, y]) => [x + 0.001, y]);
    const tier = park.properties.tier === 'modern' ? 'urban' : 'modern';
    edit('parks', [{ ...park, properties: { ...park.properties, tier, upgradeTarget: true }, geometry: { type: 'Polygon', coordinates: [ring] } }]);
    expectSameReports();
  });

  it('a parcel deleted and added back in one batch of diffs, and a new one removed again', () => {
    const p = parcels[300];
    const q: Raw = { type: 'Feature', id: 'P-new-2', properties: { landUse: '100103' }, geometry: square(outerRing(parks[1])[0], 0.0003) };
    for (const id of [p.id]) raws.parcels.delete(id);
    raws.parcels.set(p.id, p);
    const checked = checkLayerFeatures('parcels', [p, q]).features;
    live.apply([
      { layer: 'parcels', upserted: [], removed: [p.id] },
      { layer: 'parcels', upserted: checked, removed: [] },
      { layer: 'parcels', upserted: [], removed: ['P-new-2'] },
    ]);
    expect(live.indexOf('parcels', p.id)).toBe(live.city.parcels.length - 1);
    expectSameReports();
  });

  it('a district renamed', () => {
    const d = [...raws.districts.values()][0];
    edit('districts', [{ ...d, properties: { ...d.properties, name: `${String(d.properties.name)}（改）` } }]);
    expectSameReports();
  });
}, 120_000);
