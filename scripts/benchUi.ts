// npm run bench:ui — the map editor in headless Chromium, on the demo city (20 854 parcels)
// and on a generated city of 100 000 parcels, in the same process: the demo city is the
// baseline the 100 000-parcel city is divided by. Prints figures and ratios; asserts nothing
// but that each step works.
//
//   1. page load (logged in) until the layers are loaded, the map idle and parcels drawn;
//   2. drawing a 60 m square parcel: the closing click until the parcel is rendered and its
//      popup shows the area;
//   3. renaming it in the attribute form: the click on save until the batch answered, the
//      popup shows the name and the map is idle again;
//   4. the page's JS heap after load and after the edits; the server's RSS.
//
// The two cities take turns (SCHEDULE), so a busy moment of the machine hits both alike.
// Uses test/e2e/harness.ts: its own build in a temp folder, the real server on a free port
// with a throwaway PGlite data folder seeded with the demo city, Debian's Chromium.
import { readFileSync, rmSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import type { CDPSession, Page } from 'playwright-core';
import type { Project } from '../src/api/types';
import { buildApp, CHROMIUM, HAS_CHROMIUM, login, openBrowser, startApp, type Browser, type RunningApp } from '../test/e2e/harness';
import { apiLogin, createProjectFor, importLayer } from './apiSession';
import { bigCity } from './bigCity';
import { emptySpotsInParks } from './emptySpots';
import type { DashboardTiming } from '../src/app/worker/useReport';
import { dashboardTimingCount, dashboardUpdate, drawParcel, heapUsed, isEmpty, loadToIdle, openReportTab, saveName, serverMemory, watchLongTasks, type EditTiming, type LoadTiming } from './uiProbes';

/** Each step opens a city (a timed load), then draws and renames `draws` parcels after one untimed warm-up. */
const SCHEDULE: ReadonlyArray<{ city: 'demo' | 'big'; draws: number }> = [
  { city: 'demo', draws: 0 }, { city: 'big', draws: 0 },
  { city: 'demo', draws: 0 }, { city: 'big', draws: 0 },
  { city: 'demo', draws: 2 }, { city: 'big', draws: 2 },
  { city: 'demo', draws: 3 }, { city: 'big', draws: 3 },
];
const SIDE_M = 60;
/** Clearance around the drawn square: well beyond the 10 px snapping radius at zoom 17 (≈ 1 m/px). */
const MARGIN_M = 40;
/** A planner's pause after each edit: longer than the report worker's 400 ms resend debounce. */
const PAUSE_MS = 1000;
const DEMO_DIR = new URL('../data/demo/wuhan/', import.meta.url);
const DEMO_PROJECT = 'wuhan-demo';

const started = performance.now();
const progress = (text: string): void => console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);
const pause = (): Promise<void> => new Promise((r) => setTimeout(r, PAUSE_MS));

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

interface City {
  label: string;
  projectId: string;
  busyPlace: [number, number];
  /** candidates, used up as parcels are drawn on them */
  emptySpots: Array<[number, number]>;
  loads: LoadTiming[];
  draws: EditTiming[];
  tags: EditTiming[];
  /** edit (the drawn parcel's deletion, diff sent to the report worker) → dashboard rendered */
  dashboard: DashboardTiming[];
  heapLoad: number;
  heapEdits: number;
}

/** The generated city as a project of its own, with the demo's districts so the map fits. */
async function importBigCity(origin: string): Promise<City> {
  const t0 = performance.now();
  const city = bigCity();
  progress(`generated ${city.parcels.length} parcels in ${(performance.now() - t0).toFixed(0)} ms; importing them through the API…`);
  const admin = await apiLogin(origin, 'admin', 'parkatlas-admin');
  const projectId = await createProjectFor(admin, '基准城市（100 000 个地块）', 'planner');
  const planner = await apiLogin(origin, 'planner', 'parkatlas-planner');
  const districts = JSON.parse(readFileSync(new URL('districts.geojson', DEMO_DIR), 'utf8')) as FeatureCollection;
  await importLayer(planner, projectId, 'districts', districts.features);
  const t1 = performance.now();
  const imported = await importLayer(planner, projectId, 'parcels', city.parcels);
  progress(`imported ${imported} parcels into project ${projectId} in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  return { label: '100k city', projectId, busyPlace: city.busyPlace, emptySpots: [...city.emptySpots], loads: [], draws: [], tags: [], dashboard: [], heapLoad: NaN, heapEdits: NaN };
}

/** The app opens the demo project whenever it is listed: the planner is shown only the one `current()` names. */
async function showOnly(page: Page, current: () => string): Promise<void> {
  await page.route('**/api/projects', async (route) => {
    if (route.request().method() !== 'GET') return route.fallback();
    const response = await route.fetch();
    const projects = (await response.json()) as Project[];
    await route.fulfill({ response, json: projects.filter((p) => p.id === current()) });
  });
}

async function edit(page: Page, city: City, draws: number): Promise<void> {
  for (let i = 0; i <= draws; i++) {
    let spot = city.emptySpots.shift();
    while (spot && !(await isEmpty(page, spot))) {
      progress(`${city.label}: ${spot.join(', ')} has parcels in view at zoom 20; trying the next spot`);
      spot = city.emptySpots.shift();
    }
    if (!spot) throw new Error(`${city.label}: ran out of empty spots to draw in`);
    const drawn = await drawParcel(page, spot, SIDE_M);
    await pause();
    const tag = await saveName(page, `基准地块 ${city.draws.length}-${i}`);
    await pause();
    // A drawn parcel opens its attribute form, so the dashboard is timed on the next edit:
    // deleting that parcel with the report tab open.
    await openReportTab(page);
    await page.getByTestId(`rule-W25-1`).waitFor({ timeout: 60_000 });
    await pause();
    const shown = await dashboardTimingCount(page);
    await page.keyboard.press('Delete');
    const dashboardMs = await dashboardUpdate(page, shown);
    await pause();
    progress(`${city.label}: ${i === 0 ? 'warm-up ' : ''}draw of ${drawn.id} shown in ${drawn.ms.toFixed(0)} ms, its renaming in ${tag.ms.toFixed(0)} ms, its deletion on the dashboard in ${dashboardMs === null ? '—' : `${dashboardMs.ms.toFixed(0)} ms (worker ${dashboardMs.workMs.toFixed(0)} ms, at the page ${dashboardMs.arrivedMs.toFixed(0)} ms)`}`);
    if (dashboardMs === null) progress(`${city.label}: the dashboard reported no update for the deletion`);
    if (i > 0) {
      if (dashboardMs !== null) city.dashboard.push(dashboardMs);
      city.draws.push(drawn);
      city.tags.push(tag);
    }
  }
}

async function run(page: Page, cdp: CDPSession, app: RunningApp, cities: Record<'demo' | 'big', City>): Promise<void> {
  let current = DEMO_PROJECT;
  await showOnly(page, () => current);
  for (const step of SCHEDULE) {
    const city = cities[step.city];
    current = city.projectId;
    const load = await loadToIdle(page, app.origin, city.busyPlace);
    city.loads.push(load);
    progress(`${city.label}: load to idle map in ${load.ms.toFixed(0)} ms (layers downloaded at ${load.layersMs.toFixed(0)} ms)`);
    // The heap figures are those of the city's last step.
    city.heapLoad = await heapUsed(cdp);
    if (step.draws > 0) {
      await openReportTab(page);
      await edit(page, city, step.draws);
      city.heapEdits = await heapUsed(cdp);
    }
  }
}

const mb = (bytes: number): string => (Number.isFinite(bytes) ? (bytes / 1e6).toFixed(1) : 'n/a');
const msText = (x: number): string => (Number.isFinite(x) ? x.toFixed(0) : 'n/a');

function printTable(demo: City, big: City, memory: { seeded: number; end: number; peak: number } | null): void {
  const edits = (pick: (c: City) => EditTiming[], key: keyof EditTiming) => (c: City) => median(pick(c).map((t) => t[key]));
  const draws = (key: keyof EditTiming) => edits((c) => c.draws, key);
  const tags = (key: keyof EditTiming) => edits((c) => c.tags, key);
  const n = (c: City) => `${c.loads.length} loads, ${c.draws.length} edits`;
  const rows: Array<[string, (c: City) => number, (x: number) => string]> = [
    ['page load → layers loaded, map idle, parcels drawn (ms, median)', (c) => median(c.loads.map((l) => l.ms)), msText],
    ['  navigation → the four layers downloaded (ms)', (c) => median(c.loads.map((l) => l.layersMs)), msText],
    ['  main thread busy in long tasks meanwhile (ms)', (c) => median(c.loads.map((l) => l.busyMs)), msText],
    ['draw: closing click → parcel rendered and its area shown (ms, median)', draws('ms'), msText],
    ['  click → batch request sent (ms)', draws('sentMs'), msText],
    ['  click → server answered (ms)', draws('answeredMs'), msText],
    ['  click → popup shows the area (ms)', draws('shownMs'), msText],
    ['  main thread busy in long tasks meanwhile (ms)', draws('busyMs'), msText],
    ['edit → dashboard updated: a parcel deleted, from its diff sent to the worker until the dashboard rendered the new reports (ms, median)', (c) => (c.dashboard.length > 0 ? median(c.dashboard.map((d) => d.ms)) : NaN), msText],
    ['  of which the worker: edits applied, packs evaluated (ms, median)', (c) => (c.dashboard.length > 0 ? median(c.dashboard.map((d) => d.workMs)) : NaN), msText],
    ['  the report reached the page (ms after the diff, median)', (c) => (c.dashboard.length > 0 ? median(c.dashboard.map((d) => d.arrivedMs)) : NaN), msText],
    ['tag: click on save → stored, popup shows the name, map idle (ms, median)', tags('ms'), msText],
    ['  click → batch request sent (ms)', tags('sentMs'), msText],
    ['  click → server answered (ms)', tags('answeredMs'), msText],
    ['  click → popup shows the name (ms)', tags('shownMs'), msText],
    ['  main thread busy in long tasks meanwhile (ms)', tags('busyMs'), msText],
    ['JS heap after load (MB, page main thread, after GC)', (c) => c.heapLoad, mb],
    ['JS heap after the edits (MB)', (c) => c.heapEdits, mb],
  ];
  const w = 90;
  console.log(`\nParkAtlas UI bench — headless Chromium (${CHROMIUM}), node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
  console.log(`  ${''.padEnd(w)} ${'demo city'.padStart(10)} ${'100k city'.padStart(10)} ${'ratio'.padStart(10)}`);
  console.log(`  ${'parcels'.padEnd(w)} ${'20 854'.padStart(10)} ${'100 000'.padStart(10)} ${'100k÷demo'.padStart(10)}`);
  for (const [label, value, show] of rows) {
    const a = value(demo);
    const b = value(big);
    const ratio = a > 0 && Number.isFinite(b) ? `${(b / a).toFixed(2)}×` : 'n/a';
    console.log(`  ${label.padEnd(w)} ${show(a).padStart(10)} ${show(b).padStart(10)} ${ratio.padStart(10)}`);
  }
  if (memory)
    console.log(`  server RSS: ${mb(memory.seeded)} MB with the demo city seeded; ${mb(memory.end)} MB at the end with both projects (peak ${mb(memory.peak)} MB)`);
  console.log('\n  each run (ms):');
  for (const c of [demo, big]) {
    const list = (xs: readonly { ms: number }[]) => xs.map((x) => msText(x.ms)).join(' ');
    console.log(`    ${c.label.padEnd(10)} loads ${list(c.loads)} | draws ${list(c.draws)} | tag saves ${list(c.tags)}  (${n(c)})`);
  }
  console.log('  Times are on the page clock from the pointer-up. The cities take turns; after each load the');
  console.log('  first draw is an untimed warm-up, and each edit is followed by a 1 s pause.');
}

async function main(): Promise<void> {
  if (!HAS_CHROMIUM) throw new Error(`no browser at ${CHROMIUM}: install it with apt-get install chromium, or name another in PARKATLAS_CHROMIUM`);
  let staticDir = '';
  let app: RunningApp | null = null;
  let browser: Browser | null = null;
  try {
    progress('building the app into a temp folder…');
    staticDir = await buildApp();
    progress('starting the server (seeds the demo city)…');
    app = await startApp(staticDir);
    const seeded = serverMemory(app.dataDir);
    progress(`server on ${app.origin}`);
    const spots = emptySpotsInParks(DEMO_DIR, SIDE_M, MARGIN_M, 12);
    const demo: City = { label: 'demo city', projectId: DEMO_PROJECT, ...spots, loads: [], draws: [], tags: [], dashboard: [], heapLoad: NaN, heapEdits: NaN };
    const big = await importBigCity(app.origin);

    progress('opening Chromium and logging in as planner…');
    browser = await openBrowser();
    await watchLongTasks(browser.page);
    const cdp = await browser.context.newCDPSession(browser.page);
    await login(browser.page, app.origin);
    await run(browser.page, cdp, app, { demo, big });

    const end = serverMemory(app.dataDir);
    printTable(demo, big, seeded && end ? { seeded: seeded.rss, end: end.rss, peak: end.peak } : null);
    if (browser.pageErrors.length > 0) throw new Error(`the page raised errors:\n  ${browser.pageErrors.join('\n  ')}`);
    progress('done');
  } finally {
    await browser?.close();
    await app?.stop();
    if (staticDir) rmSync(staticDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench:ui failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
