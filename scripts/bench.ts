// npm run bench — the domain core against naive turf, in the same process.
// Prints times and ratios; the anchor to beat is native PostGIS 3.3 at ≈ 6 s for
// W25-1 + W25-2 over 100 000 parcels and 100 parks (measured on this kind of machine).
import turfArea from '@turf/area';
import { featureCollection, polygon as turfPolygon } from '@turf/helpers';
import turfIntersect from '@turf/intersect';
import type { Feature, Polygon } from 'geojson';
import { geometryArea } from '../src/domain/geometry/area';
import { evaluatePack } from '../src/domain/policy/evaluate';
import { CityFacts } from '../src/domain/policy/facts';
import { SHIPPED_PACKS, SHIPPED_PRICE_TABLES } from '../src/domain/policy/shipped';
import type { PolicyPack } from '../src/domain/policy/pack';
import type { City } from '../src/domain/schema/kinds';
import { syntheticCity } from './syntheticCity';

const POSTGIS_ANCHOR_MS = 6000;
const NAIVE_SAMPLE = Number(process.env.BENCH_NAIVE_SAMPLE ?? 300);

/** Best of `runs` after one warm-up run (the JIT's first pass is not the steady state). */
function best(runs: number, f: () => unknown): number {
  f();
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const row = (label: string, ours: number, base: number, baseLabel: string): void =>
  console.log(`  ${label.padEnd(46)} ${ms(ours).padStart(10)}   ${baseLabel} ${ms(base).padStart(11)}   ratio ${(base / ours).toFixed(1)}×`);

/** W25-1 and W25-2 only, as PostGIS would run them: fresh facts, nothing cached. */
function w25Core(pack: PolicyPack, city: City): void {
  const core: PolicyPack = { ...pack, rules: pack.rules.filter((r) => r.id === 'W25-1' || r.id === 'W25-2') };
  evaluatePack(core, city, { facts: new CityFacts(city) });
}

/** The naive way: turf.area, and turf.intersect of every parcel with every park. */
function naiveW25(city: City, parcels: number): { total: number; inside: number } {
  const parks = city.parks.map((p) => turfPolygon((p.geometry as Polygon).coordinates));
  let total = 0;
  let inside = 0;
  for (const parcel of city.parcels.slice(0, parcels)) {
    const f = turfPolygon((parcel.geometry as Polygon).coordinates);
    total += turfArea(f);
    for (const park of parks) {
      const x = turfIntersect(featureCollection([f, park]) as never) as Feature | null;
      if (x) inside += turfArea(x); // overlapping parks count twice: naive
    }
  }
  return { total, inside };
}

const pack = SHIPPED_PACKS.get('wuhan-2025') as PolicyPack;
console.log(`ParkAtlas bench — node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
for (const n of [10_000, 100_000]) {
  const t0 = performance.now();
  const city = syntheticCity(n);
  console.log(`\ncity of ${n.toLocaleString('en-US')} parcels, ${city.parks.length} parks (generated in ${ms(performance.now() - t0)})`);
  const runs = 7;

  // Short timings: more runs, alternating, so a busy moment hits both alike.
  let areaOurs = Infinity;
  let areaTurf = Infinity;
  for (let k = 0; k < 15; k++) {
    areaOurs = Math.min(areaOurs, best(1, () => city.parcels.reduce((s, p) => s + geometryArea(p.geometry), 0)));
    areaTurf = Math.min(areaTurf, best(1, () => city.parcels.reduce((s, p) => s + turfArea(p.geometry), 0)));
  }
  row('exact area of every parcel', areaOurs, areaTurf, 'turf.area');

  const core = best(runs, () => w25Core(pack, city));
  const straddling = new CityFacts(city).parkShare().filter((s) => s > 0 && s < 1).length;
  const sample = Math.min(NAIVE_SAMPLE, n);
  const naiveSample = best(1, () => naiveW25(city, sample));
  const naive = (naiveSample * n) / sample;
  row(`W25-1 + W25-2 (${straddling} straddling parcels)`, core, naive, `naive turf*`);
  if (n === 100_000) console.log(`  ${''.padEnd(46)} ${''.padStart(10)}   PostGIS 3.3 anchor ${ms(POSTGIS_ANCHOR_MS)}   ratio ${(POSTGIS_ANCHOR_MS / core).toFixed(1)}× (target ≥ 20×)`);

  const full = best(runs, () => evaluatePack(pack, city, { tables: SHIPPED_PRICE_TABLES, facts: new CityFacts(city) }));
  row(`full pack wuhan-2025 (${pack.rules.length} rules)`, full, naive, 'naive turf*');
  console.log(`  * naive turf timed on the first ${sample} parcels × ${city.parks.length} parks and scaled to ${n.toLocaleString('en-US')}`);
}
