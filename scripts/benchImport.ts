// npm run bench:import — the import pipeline against GDAL's ogr2ogr on the 100 000-parcel
// city of scripts/bigCity.ts, given planners' field names (DKBH, DKMC, DLBM, DLMC, DJ, RJL, BZ).
//
//   1. ogr2ogr: present, or installed from Debian's gdal-bin when running as root;
//   2. the city as FlatGeobuf (EPSG:4490, written by flatgeobuf) and as a zipped Shapefile in
//      CGCS2000 zone 38 with zone prefix (EPSG:4526), GBK text (written by ogr2ogr);
//   3. per file, median of 3 after a warm-up, the two taking turns, each run a process of its own:
//      ParkAtlas readSource + prepareImport (scripts/benchImportRun.ts) against ogr2ogr
//      converting the same file to GeoJSON (the shapefile reprojected to EPSG:4490, as
//      ParkAtlas does); peak RSS of both;
//   4. once: `npm run import` of the FlatGeobuf into a fresh embedded store (PGlite), end to end.
// Prints the figures and the ratios ParkAtlas ÷ ogr2ogr; exits non-zero when a step fails.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { geojson as fgb } from 'flatgeobuf';
import type { FeatureCollection, Polygon } from 'geojson';
import { landUseCode } from '../src/domain/schema/landUse';
import { databaseFolder } from '../src/server/dataFolder';
import { createUser } from '../src/server/store/accounts';
import { createProject, migrate, openDb } from '../src/server/store';
import { bigCity } from './bigCity';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNNER = join(ROOT, 'scripts/benchImportRun.ts');
const COUNT = 100_000;
const RUNS = 3;
/** Any one child process longer than this is a failure, not a slow result. */
const CHILD_TIMEOUT_MS = 240_000;
const TIME_V = '/usr/bin/time';

class BenchError extends Error {}

interface Run {
  ms: number;
  peakRssMb?: number;
  heapUsedMb?: number;
  /** the whole child process, start-up included, when ms is timed inside it */
  processMs?: number;
}

const tail = (text: string | null | undefined, lines = 15): string => (text ?? '').trim().split('\n').slice(-lines).join('\n');

function spawn(command: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): { result: SpawnSyncReturns<string>; ms: number } {
  const t0 = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: CHILD_TIMEOUT_MS, env: options.env ?? process.env });
  const ms = performance.now() - t0;
  if (result.error) throw new BenchError(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) throw new BenchError(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${tail(result.stderr)}`);
  return { result, ms };
}

const hasCommand = (name: string): boolean => spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;

/** True when ogr2ogr can be run, installing it when we may. */
function ensureOgr2ogr(): boolean {
  if (hasCommand('ogr2ogr')) return true;
  if (process.getuid?.() !== 0) {
    console.log('ogr2ogr is missing: measuring ParkAtlas only. Install it with `sudo apt-get install gdal-bin` (Debian/Ubuntu) or `brew install gdal` (macOS).');
    return false;
  }
  console.log('ogr2ogr is missing: installing Debian gdal-bin (apt-get install -y --no-install-recommends gdal-bin; this takes a while)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'gdal-bin'], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  let result = install();
  if (result.status !== 0) {
    // stale or empty package lists are the usual cause
    console.log('  apt-get install failed; running apt-get update and trying again…');
    spawnSync('apt-get', ['update'], { stdio: 'ignore', env });
    result = install();
  }
  if (result.status !== 0 || !hasCommand('ogr2ogr')) throw new BenchError(`could not install gdal-bin:\n${tail(result.stderr || result.stdout)}`);
  return true;
}

const PLACES = ['沌口', '汉南', '东西湖', '黄陂', '新洲', '江夏', '蔡甸', '青山', '洪山', '光谷'];
const NOTES = ['', '', '', '拟收储，待供应', '', '已签订出让合同', '', '低效用地再开发'];

/** bigCity's parcels with the attribute names and values of a planner's file. */
function plannersParcels(): FeatureCollection<Polygon> {
  const { parcels } = bigCity(COUNT);
  return {
    type: 'FeatureCollection',
    features: parcels.map((p, i) => {
      const code = p.properties.landUse;
      const name = landUseCode(code)?.zh ?? '工业用地';
      return {
        type: 'Feature',
        properties: {
          DKBH: `420113-${String(i + 1).padStart(6, '0')}`,
          DKMC: `${PLACES[i % PLACES.length]}${name}地块${i + 1}号`,
          DLBM: code,
          DLMC: name,
          DJ: p.properties.grade,
          // a spread of FARs (0.8–3.8) without touching the generator's random stream
          RJL: Math.round((0.8 + ((i * 37) % 31) / 10) * 100) / 100,
          BZ: NOTES[i % NOTES.length],
        },
        geometry: p.geometry,
      };
    }),
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * One untimed warm-up of each (page cache, tsx's compile cache), then RUNS timed runs of each,
 * taking turns so that a busy moment of the machine hits both alike: median ms, largest peaks.
 */
function measure<K extends string>(label: string, contestants: Record<K, () => Run>): Record<K, Run> {
  const names = Object.keys(contestants) as K[];
  process.stdout.write(`  ${label}: warm-up`);
  for (const name of names) contestants[name]();
  const runs = Object.fromEntries(names.map((name) => [name, [] as Run[]])) as Record<K, Run[]>;
  for (let i = 0; i < RUNS; i++) {
    for (const name of names) {
      const run = contestants[name]();
      runs[name].push(run);
      process.stdout.write(` · ${name} ${(run.ms / 1000).toFixed(2)} s`);
    }
  }
  process.stdout.write('\n');
  const summary = (rs: Run[]): Run => {
    const peak = (k: 'peakRssMb' | 'heapUsedMb'): number | undefined => (rs.every((r) => r[k] !== undefined) ? Math.max(...rs.map((r) => r[k] as number)) : undefined);
    const processMs = rs.every((r) => r.processMs !== undefined) ? median(rs.map((r) => r.processMs as number)) : undefined;
    return { ms: median(rs.map((r) => r.ms)), peakRssMb: peak('peakRssMb'), heapUsedMb: peak('heapUsedMb'), processMs };
  };
  return Object.fromEntries(names.map((name) => [name, summary(runs[name])])) as Record<K, Run>;
}

interface RunnerOutput {
  ms: number;
  features: number;
  errorCount: number;
  peakRssMb: number;
  heapUsedMb: number;
  maxRssMb: number;
}

function parkAtlas(file: string): Run {
  const { result, ms } = spawn(process.execPath, ['--import', 'tsx', RUNNER, file]);
  const out = JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as RunnerOutput;
  if (out.features !== COUNT) throw new BenchError(`ParkAtlas passed ${out.features} of ${COUNT} features from ${file} (${out.errorCount} problems):\n${tail(result.stderr)}`);
  // the kernel's high-water mark, comparable with ogr2ogr's; it catches what 50 ms samples miss
  return { ms: out.ms, peakRssMb: Math.max(out.peakRssMb, out.maxRssMb), heapUsedMb: out.heapUsedMb, processMs: ms };
}

/** Runs a command under /usr/bin/time -v when there is one: wall time and peak RSS. */
function timed(command: string, args: string[], env?: NodeJS.ProcessEnv): Run & { stdout: string } {
  const withTime = existsSync(TIME_V);
  const { result, ms } = withTime ? spawn(TIME_V, ['-v', command, ...args], { env }) : spawn(command, args, { env });
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1];
  return { ms, peakRssMb: kb ? Math.round(Number(kb) / 1024) : undefined, stdout: result.stdout };
}

function ogr2ogr(input: string, output: string, extra: string[] = []): Run {
  rmSync(output, { force: true }); // the GeoJSON driver does not overwrite
  return timed('ogr2ogr', ['-f', 'GeoJSON', ...extra, output, input]);
}

function geoJsonCount(file: string): number {
  return (JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection).features.length;
}

async function cliIntoPglite(tmp: string, file: string): Promise<Run & { ownSeconds: number }> {
  const folder = join(tmp, 'store');
  mkdirSync(folder);
  const db = await openDb({ dataDir: databaseFolder(folder) });
  try {
    await migrate(db);
    const admin = await createUser(db, { username: 'admin', password: 'bench-pw-1', role: 'admin' });
    await createProject(db, { id: 'bench', name: '导入基准', user: admin });
  } finally {
    await db.close();
  }
  const env = { ...process.env, PARKATLAS_DATA: folder, DATABASE_URL: '' };
  const run = timed(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/import.ts'), file, '--project', 'bench', '--layer', 'parcels', '--lang', 'en'], env);
  const match = /imported (\d+) parcels .*\(([\d.]+) s\)/.exec(run.stdout);
  if (!match || Number(match[1]) !== COUNT) throw new BenchError(`npm run import did not import ${COUNT} parcels:\n${tail(run.stdout)}`);
  return { ...run, ownSeconds: Number(match[2]) };
}

const fmtMs = (ms: number): string => `${Math.round(ms).toLocaleString('en-US')} ms`;
const fmtMb = (mb: number | undefined): string => (mb === undefined ? '–' : `${mb} MB`);
const fmtRate = (ms: number): string => `${Math.round(COUNT / (ms / 1000)).toLocaleString('en-US')}/s`;
const fmtSize = (file: string): string => `${(statSync(file).size / 1e6).toFixed(1)} MB`;

async function main(): Promise<number> {
  const started = performance.now();
  console.log(`bench:import — ${COUNT.toLocaleString('en-US')} parcels, median of ${RUNS} after a warm-up, each run in a fresh process\n`);
  const withGdal = ensureOgr2ogr();
  if (withGdal) console.log(`  ${spawnSync('ogr2ogr', ['--version'], { encoding: 'utf8' }).stdout.trim()}`);

  const tmp = mkdtempSync(join(tmpdir(), 'parkatlas-bench-import-'));
  try {
    const fgbFile = join(tmp, 'parcels-4490.fgb');
    writeFileSync(fgbFile, fgb.serialize(plannersParcels(), 4490));
    const files: Array<{ label: string; file: string; ogrInput: string; ogrArgs: string[] }> = [{ label: 'FlatGeobuf, EPSG:4490', file: fgbFile, ogrInput: fgbFile, ogrArgs: [] }];
    if (withGdal) {
      const shpDir = join(tmp, 'shp');
      mkdirSync(shpDir);
      spawn('ogr2ogr', ['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4526', '-lco', 'ENCODING=GBK', join(shpDir, 'parcels.shp'), fgbFile]);
      const parts = Object.fromEntries(readdirSync(shpDir).map((name) => [name, new Uint8Array(readFileSync(join(shpDir, name)))]));
      if (!parts['parcels.cpg']) throw new BenchError(`ogr2ogr wrote no .cpg (${Object.keys(parts).join(', ')}): the GBK encoding would be guessed, not read`);
      const zipFile = join(tmp, 'parcels-4526-gbk.zip');
      writeFileSync(zipFile, zipSync(parts));
      rmSync(shpDir, { recursive: true });
      files.push({ label: 'Shapefile zip, EPSG:4526 GBK', file: zipFile, ogrInput: `/vsizip/${zipFile}`, ogrArgs: ['-t_srs', 'EPSG:4490'] });
    }
    console.log(`  files: ${files.map((f) => `${f.file.replace(/^.*\//, '')} ${fmtSize(f.file)}`).join(', ')}\n`);

    const rows: Array<{ label: string; pa: Run; ogr?: Run }> = [];
    const out = join(tmp, 'out.geojson');
    for (const f of files) {
      const pa = () => parkAtlas(f.file);
      if (!withGdal) {
        rows.push({ label: f.label, pa: measure(f.label, { ParkAtlas: pa }).ParkAtlas });
        continue;
      }
      const runs = measure(f.label, { ParkAtlas: pa, ogr2ogr: () => ogr2ogr(f.ogrInput, out, f.ogrArgs) });
      const written = geoJsonCount(out);
      if (written !== COUNT) throw new BenchError(`ogr2ogr wrote ${written} of ${COUNT} features from ${f.file}`);
      rmSync(out);
      rows.push({ label: f.label, pa: runs.ParkAtlas, ogr: runs.ogr2ogr });
    }

    process.stdout.write('  CLI into PGlite: ');
    const cli = await cliIntoPglite(tmp, fgbFile);
    console.log(`${(cli.ms / 1000).toFixed(1)} s`);

    const header = ['format', 'ParkAtlas', 'ogr2ogr', 'ratio', 'ParkAtlas RSS', 'ogr2ogr RSS', 'ParkAtlas feat/s', 'ogr2ogr feat/s'];
    const table = rows.map((r) => [
      r.label,
      fmtMs(r.pa.ms),
      r.ogr ? fmtMs(r.ogr.ms) : '–',
      r.ogr ? `${(r.pa.ms / r.ogr.ms).toFixed(2)}×` : '–',
      fmtMb(r.pa.peakRssMb),
      fmtMb(r.ogr?.peakRssMb),
      fmtRate(r.pa.ms),
      r.ogr ? fmtRate(r.ogr.ms) : '–',
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
    const print = (cells: string[]): void => console.log(`  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ')}`);
    console.log('');
    print(header);
    for (const row of table) print(row);
    console.log('');
    for (const r of rows) console.log(`  ${r.label}: ParkAtlas heap used at most ${fmtMb(r.pa.heapUsedMb)}; its process, node + tsx start-up included, ${r.pa.processMs === undefined ? '–' : fmtMs(r.pa.processMs)}`);
    console.log(`  npm run import of the FlatGeobuf into a fresh PGlite store, end to end: ${fmtMs(cli.ms)} (the CLI's own figure for check + transaction: ${cli.ownSeconds.toFixed(1)} s), peak RSS ${fmtMb(cli.peakRssMb)}`);
    console.log(`  ParkAtlas times are readSource + prepareImport inside the process; ogr2ogr times are the whole process (start-up and writing GeoJSON included).`);
    console.log(`\n  total ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return 0;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`\nbench:import failed: ${e instanceof BenchError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
