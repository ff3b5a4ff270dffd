// One ParkAtlas import measured in a process of its own, for `npm run bench:import`:
// readSource + prepareImport over a file as the browser worker and the CLI run them (every
// feature checked and sent on in chunks; nothing written). Prints one line of JSON:
//   { ms, features, errorCount, peakRssMb, heapUsedMb, maxRssMb }
// peakRssMb / heapUsedMb are the largest samples of process.memoryUsage(); maxRssMb is the
// kernel's high-water mark (what /usr/bin/time reports for ogr2ogr).
//
//   node --import tsx scripts/benchImportRun.ts <file>   (add --cpu-prof to profile)
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readSource } from '../src/io/formats/readSource';
import { openSqlJs } from '../src/io/formats/sqlJs';
import { prepareImport } from '../src/io/import/prepareImport';

const MB = 1024 * 1024;
const SAMPLE_MS = 50;

let peakRss = 0;
let peakHeap = 0;
let lastSample = 0;
const sample = (): void => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  lastSample = performance.now();
};
// The feature loop awaits only microtasks, which starves timers; the hooks below sample too.
const maybeSample = (): void => {
  if (performance.now() - lastSample >= SAMPLE_MS) sample();
};

async function main(file: string | undefined): Promise<number> {
  if (!file) {
    console.error('usage: node --import tsx scripts/benchImportRun.ts <file>');
    return 2;
  }
  const bytes = new Uint8Array(readFileSync(file));
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  const t0 = performance.now();
  const [layer] = await readSource(basename(file), bytes, { sql: () => openSqlJs() });
  maybeSample();
  let features = 0;
  const prepared = await prepareImport(layer, { layer: 'parcels' }, undefined, {
    onChunk: (chunk) => {
      features += chunk.length;
      maybeSample();
    },
    onProgress: maybeSample,
  });
  const ms = performance.now() - t0;
  clearInterval(timer);
  sample();
  for (const p of prepared.errors.slice(0, 5)) console.error(`✗ ${p.feature} [${p.field ?? ''}]: ${p.en}`);
  console.log(
    JSON.stringify({
      ms: Math.round(ms),
      features,
      errorCount: prepared.errorCount,
      peakRssMb: Math.round(peakRss / MB),
      heapUsedMb: Math.round(peakHeap / MB),
      // resourceUsage().maxRSS is in KiB
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
  return prepared.errorCount === 0 ? 0 : 1;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
