import type { DashboardTiming } from '../src/app/worker/useReport';
// What `npm run bench:ui` measures in the page: load to idle map, a drawn parcel until it
// is rendered with its area, a tag edit until the map has it, and memory. Times are taken
// on the page's own clock (performance.now), from the user's pointer-up to what they see,
// so the round trips of the driver are not counted.
import { readFileSync, readdirSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import { mapIdle, screenPoint } from '../test/e2e/harness';

declare global {
  interface Window {
    /** performance.now() of the last pointer-up the benchmark asked to be marked */
    __benchPointerUp?: number;
    /** when the page first saw each sign of the edit, since that pointer-up was marked */
    __benchSeen?: { shown?: number; rendered?: number };
    /** [start, duration] of every long task (≥ 50 ms on the main thread) of this document */
    __benchLongTasks?: Array<[number, number]>;
  }
}

const M_PER_DEG_LAT = 110_900;
/** Shown while the editor loads the project's layers (zh-CN and en). */
const LOADING_TEXTS = ['正在从服务器载入项目图层', 'Loading the project’s layers from the server'];

/** Records the page's long tasks from the start of every document (call once, before loading). */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const tasks: Array<[number, number]> = [];
    window.__benchLongTasks = tasks;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask' });
  });
}

/** Moves the map and waits until it has drawn the new view. */
async function viewAt(page: Page, center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(({ center, zoom }) => window.__parkatlasMap?.jumpTo(center, zoom), { center, zoom });
  // Two frames: the jump's tile requests start on the next render, only then is "idle" meaningful.
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  await mapIdle(page);
}

const renderedParcels = (page: Page): Promise<string[]> => page.evaluate(() => window.__parkatlasMap?.renderedIds('parcels') ?? []);

export interface LoadTiming {
  /** navigation start → layers loaded, map idle, parcels drawn */
  ms: number;
  /** navigation start → the last of the four layers downloaded */
  layersMs: number;
  /** of `ms`, the main thread's time in long tasks */
  busyMs: number;
}

/**
 * Opens the app anew (the session cookie is kept) and answers the time from navigation start
 * until the project's layers are loaded, the map is idle, and parcels at `place` are drawn.
 */
export async function loadToIdle(page: Page, origin: string, place: [number, number], zoom = 15, timeout = 120_000): Promise<LoadTiming> {
  await page.goto(`${origin}/`, { waitUntil: 'commit' });
  // The map's hooks exist from the editor's first render, with the loading status beside them.
  await page.waitForFunction(
    (texts) => window.__parkatlasMap !== undefined && !texts.some((t) => document.body.textContent?.includes(t)),
    LOADING_TEXTS,
    { polling: 'raf', timeout },
  );
  const failed = await page.locator('.notice-error').count();
  if (failed > 0) throw new Error(`the project did not load: ${await page.locator('.notice-error').first().textContent()}`);
  // The editor may still fit the map to the districts after this: jump until parcels show.
  return page.evaluate(
    async ({ place, zoom, timeout }) => {
      const deadline = performance.now() + timeout;
      const hooks = window.__parkatlasMap;
      if (!hooks) throw new Error('no map hooks');
      // No named functions in here: tsx would wrap them in a helper the page does not have.
      while (performance.now() < deadline) {
        hooks.jumpTo(place, zoom);
        await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
        await hooks.idle();
        const idle = document.querySelector('[data-testid="map"]')?.getAttribute('data-state') === 'idle';
        if (idle && hooks.renderedIds('parcels').length > 0) {
          const ms = performance.now();
          const layers = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => /\/layers\/\w+\/features/.test(e.name));
          const busyMs = (window.__benchLongTasks ?? []).reduce((sum, [start, duration]) => sum + Math.max(0, Math.min(duration, ms - start)), 0);
          return { ms, layersMs: Math.max(...layers.map((e) => e.responseEnd)), busyMs };
        }
      }
      throw new Error(`no parcels drawn at ${place.join(', ')} within ${timeout} ms`);
    },
    { place, zoom, timeout },
  );
}

/** The four corners of a square of `sideM` metres around `centre`, counter-clockwise. */
function square(centre: [number, number], sideM: number): Array<[number, number]> {
  const dLat = sideM / 2 / M_PER_DEG_LAT;
  const dLon = sideM / 2 / (M_PER_DEG_LAT * Math.cos((centre[1] * Math.PI) / 180));
  const [x, y] = centre;
  return [[x - dLon, y - dLat], [x + dLon, y - dLat], [x + dLon, y + dLat], [x - dLon, y + dLat]];
}

/**
 * Is there no parcel around `centre`? Seen at zoom 20, where the map (about 1 100 × 850 px)
 * spans about 140 × 110 m: the drawn square and its margin, not much more.
 */
export async function isEmpty(page: Page, centre: [number, number]): Promise<boolean> {
  await viewAt(page, centre, 20);
  return (await renderedParcels(page)).length === 0;
}

const markNextPointerUp = (page: Page): Promise<void> =>
  page.evaluate(() => {
    window.__benchPointerUp = undefined;
    window.__benchSeen = {};
    window.addEventListener('pointerup', () => (window.__benchPointerUp = performance.now()), { capture: true, once: true });
  });

/** Where an edit's time went, each figure counted from the pointer-up that made it. */
export interface EditTiming {
  /** until everything the step waits for was there */
  ms: number;
  /** until the batch request was sent (the app's checks before writing) */
  sentMs: number;
  /** until the batch answer was received (adds the server's transaction) */
  answeredMs: number;
  /** until the popup showed the change (the store has it and React rendered it) */
  shownMs: number;
  /** of `ms`, the main thread's time in long tasks */
  busyMs: number;
}

async function editTiming(page: Page, endAt: number): Promise<EditTiming> {
  const t = await page.evaluate((endAt) => {
    const since = window.__benchPointerUp;
    if (since === undefined) return null;
    const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const batch = entries.filter((e) => e.name.includes('/batch') && e.startTime >= since).at(-1);
    // Only the part of each long task inside the window counts.
    const busy = (window.__benchLongTasks ?? []).reduce((sum, [start, duration]) => sum + Math.max(0, Math.min(start + duration, endAt) - Math.max(start, since)), 0);
    return { since, sent: batch?.startTime, answered: batch?.responseEnd, shown: window.__benchSeen?.shown, busy };
  }, endAt);
  if (!t) throw new Error('the pointer-up was not seen by the page');
  if (t.sent === undefined || t.answered === undefined) throw new Error('no batch request after the pointer-up');
  if (t.shown === undefined) throw new Error('the popup never showed the change');
  return { ms: endAt - t.since, sentMs: t.sent - t.since, answeredMs: t.answered - t.since, shownMs: t.shown - t.since, busyMs: t.busy };
}

const popupFeature = (page: Page): Promise<string | null> =>
  page.evaluate(() => document.querySelector('[data-testid="map-popup"] [data-feature]')?.getAttribute('data-feature') ?? null);

/**
 * Draws a square parcel with the mouse and answers the time from the closing click (on the
 * first corner) until the new parcel is rendered and the popup shows its area.
 */
export async function drawParcel(page: Page, centre: [number, number], sideM: number, zoom = 17): Promise<EditTiming & { id: string }> {
  await viewAt(page, centre, zoom);
  const before = { rendered: await renderedParcels(page), popup: await popupFeature(page) };
  await page.getByTestId('tool-draw-parcel').click();
  const points = [];
  for (const corner of square(centre, sideM)) points.push(await screenPoint(page, corner));
  for (const p of points) await page.mouse.click(p.x, p.y);
  await page.mouse.move(points[0].x, points[0].y);
  await markNextPointerUp(page);
  await page.mouse.click(points[0].x, points[0].y);
  const done = await page.waitForFunction(
    (before) => {
      const seen = (window.__benchSeen ??= {});
      const area = document.querySelector('[data-testid="map-popup"] [data-feature^="P-new-"] [data-testid="popup-area-m2"]');
      const popupId = area?.closest('[data-feature]')?.getAttribute('data-feature');
      if (popupId && popupId !== before.popup && area?.textContent?.trim()) seen.shown ??= performance.now();
      const known = new Set(before.rendered);
      const id = window.__parkatlasMap?.renderedIds('parcels').find((x) => x.startsWith('P-new-') && !known.has(x));
      if (id) seen.rendered ??= performance.now();
      return id && id === popupId && seen.shown !== undefined && seen.rendered !== undefined ? { at: Math.max(seen.shown, seen.rendered), id } : null;
    },
    before,
    { polling: 'raf', timeout: 30_000 },
  );
  const seen = await done.jsonValue();
  if (!seen) throw new Error('the drawn parcel was not seen');
  return { ...(await editTiming(page, seen.at)), id: seen.id };
}

/**
 * Renames the selected (just drawn) parcel in the attribute form and answers the time from
 * the click on save until the batch request has answered, the store has the new name and
 * the map is idle again.
 */
export async function saveName(page: Page, name: string): Promise<EditTiming> {
  await page.getByTestId('attribute-form').waitFor({ timeout: 10_000 });
  await page.getByTestId('field-name').fill(name);
  await markNextPointerUp(page);
  const answered = page.waitForResponse((r) => r.url().includes('/batch') && r.request().method() === 'POST', { timeout: 30_000 });
  await page.getByTestId('attribute-save').click();
  const response = await answered;
  if (!response.ok()) throw new Error(`saving the name: ${response.status()} ${await response.text()}`);
  // The popup shows the stored name once the store has it; the map source was sent the diff then.
  await page.waitForFunction(
    (name) => {
      if (document.querySelector('[data-testid="map-popup"] .popup-title')?.textContent !== name) return false;
      (window.__benchSeen ??= {}).shown ??= performance.now();
      return true;
    },
    name,
    { polling: 'raf', timeout: 30_000 },
  );
  await mapIdle(page);
  return editTiming(page, await page.evaluate(() => performance.now()));
}

/** The page's JS heap in use after a full garbage collection, in bytes (main thread only). */
export async function heapUsed(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize');
  if (!used) throw new Error('Performance.getMetrics has no JSHeapUsedSize');
  return used.value;
}

/** The server running on `dataDir` (found by its PARKATLAS_DATA): resident memory now and at its peak, in bytes. */
export function serverMemory(dataDir: string): { rss: number; peak: number } | null {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`PARKATLAS_DATA=${dataDir}`)) continue;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
      return { rss: kb('VmRSS'), peak: kb('VmHWM') };
    } catch {
      // gone, or not ours to read
    }
  }
  return null;
}

/** Opens the report side tab (its dashboard section is the default). */
export async function openReportTab(page: Page): Promise<void> {
  await page.getByTestId('tab-report').click();
}

/** How many edits the dashboard has shown so far (window.__parkatlasDashboard, set by useReport.markRendered). */
export const dashboardTimingCount = (page: Page): Promise<number> => page.evaluate(() => window.__parkatlasDashboard?.timings.length ?? 0);

/**
 * Waits until the dashboard has rendered reports including a new edit (after `before`
 * timings) and answers its times from the diff sent to the worker: report at the page, dashboard rendered;
 * null when the dashboard reports nothing within `timeout` (no panel calls markRendered).
 */
export async function dashboardUpdate(page: Page, before: number, timeout = 10_000): Promise<DashboardTiming | null> {
  try {
    const handle = await page.waitForFunction(
      (before) => {
        const timings = window.__parkatlasDashboard?.timings ?? [];
        // the edit that took longest, when several were shown at once
        return timings.length > before ? timings.slice(before).reduce((a, b) => (b.ms > a.ms ? b : a)) : null;
      },
      before,
      { polling: 'raf', timeout },
    );
    return (await handle.jsonValue()) as DashboardTiming;
  } catch {
    return null;
  }
}
