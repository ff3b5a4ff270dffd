// npm run bench:live — the report engine on the demo city (20 854 parcels), in one process:
// a full rebuild (validate every feature, all facts, evaluate) against what one edit costs
// in LiveCity (check the changed feature, patch, evaluate the packs the dashboard shows).
import { readFileSync } from 'node:fs';
import type { Polygon } from 'geojson';
import { checkLayerFeatures } from '../src/app/worker/checkDiff';
import { LiveCity } from '../src/domain/policy/liveCity';
import type { PolicyPack } from '../src/domain/policy/pack';
import { SHIPPED_PACKS, SHIPPED_PRICE_TABLES } from '../src/domain/policy/shipped';
import { LAYER_NAMES, type LayerName } from '../src/domain/schema/kinds';
import { cityFromLayers, type LayerInput } from '../src/io/cityInput';

interface Raw {
  id: string;
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: Polygon;
}

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const dir = new URL('../data/demo/wuhan/', import.meta.url);
const raw = Object.fromEntries(LAYER_NAMES.map((layer) => [layer, (JSON.parse(readFileSync(new URL(`${layer}.geojson`, dir), 'utf8')) as { features: Raw[] }).features])) as Record<LayerName, Raw[]>;
const packSets: Array<[string, PolicyPack[]]> = [
  ['wuhan-2025', [SHIPPED_PACKS.get('wuhan-2025') as PolicyPack]],
  ['all 5 packs', [...SHIPPED_PACKS.values()]],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timed(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

function fullRebuild(packs: PolicyPack[]): LiveCity {
  const layers = Object.fromEntries(LAYER_NAMES.map((layer) => [layer, { file: layer, parsed: { features: raw[layer] } }])) as Record<LayerName, LayerInput>;
  const live = new LiveCity(cityFromLayers(layers).city, SHIPPED_PRICE_TABLES);
  for (const pack of packs) live.report(pack, 'zh');
  return live;
}

/** One edit as the worker applies it: check, patch, evaluate. */
function edit(live: LiveCity, packs: PolicyPack[], layer: LayerName, feature: Raw): void {
  const checked = checkLayerFeatures(layer, [feature]);
  if (checked.problems.length > 0) throw new Error(JSON.stringify(checked.problems));
  live.apply([{ layer, upserted: checked.features, removed: [] }]);
  for (const pack of packs) live.report(pack, 'zh');
}

const shift = (f: Raw, dx: number): Raw => ({ ...f, geometry: { type: 'Polygon', coordinates: f.geometry.coordinates.map((ring) => ring.map(([x, y]) => [x + dx, y])) } });

console.log(`ParkAtlas live report bench — demo city, ${raw.parcels.length} parcels, ${raw.parks.length} parks, node ${process.version}; medians of ${RUNS} runs`);
console.log(`  ${'packs'.padEnd(14)} ${'full rebuild'.padStart(13)} ${'parcel edit'.padStart(12)} ${'retag'.padStart(9)} ${'park edit'.padStart(10)} ${'full÷parcel'.padStart(12)} ${'full÷park'.padStart(10)}`);
for (const [label, packs] of packSets) {
  fullRebuild(packs);
  const full: number[] = [];
  for (let r = 0; r < Math.max(3, Math.ceil(RUNS / 2)); r++) full.push(timed(() => fullRebuild(packs)));
  const live = fullRebuild(packs);
  const parcel = raw.parcels[1234];
  const park = raw.parks[5];
  const parcelEdits: number[] = [];
  const retags: number[] = [];
  const parkEdits: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const dx = (r % 2 ? -1 : 1) * 0.0002;
    parcelEdits.push(timed(() => edit(live, packs, 'parcels', shift(parcel, dx))));
    retags.push(timed(() => edit(live, packs, 'parcels', { ...parcel, properties: { ...parcel.properties, grade: 1 + (r % 15) } })));
  }
  for (let r = 0; r < Math.min(RUNS, 3); r++) parkEdits.push(timed(() => edit(live, packs, 'parks', shift(park, (r % 2 ? -1 : 1) * 0.0005))));
  const [f, p, t, k] = [median(full), median(parcelEdits), median(retags), median(parkEdits)];
  const ms = (x: number): string => `${x.toFixed(1)} ms`;
  console.log(`  ${label.padEnd(14)} ${ms(f).padStart(13)} ${ms(p).padStart(12)} ${ms(t).padStart(9)} ${ms(k).padStart(10)} ${`${(f / p).toFixed(0)}×`.padStart(12)} ${`${(f / k).toFixed(1)}×`.padStart(10)}`);
}
console.log('  full rebuild: validate all features, every fact, evaluate the packs; parcel edit: move one parcel');
console.log('  (check it, patch its facts, re-evaluate); retag: change its grade; park edit: move one park (facts in full).');
