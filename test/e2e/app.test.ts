// The app end to end: a production build served by `vite preview`, driven in Debian's
// Chromium. The report worker downloads the demo city (8 MB of FlatGeobuf), validates it,
// computes its facts and evaluates the packs; the page must show the real figures.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Debian's Chromium (README: system set-up); another build can be named in PARKATLAS_CHROMIUM. */
const CHROMIUM = process.env.PARKATLAS_CHROMIUM ?? '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
/** The report needs the 8 MB city loaded and checked; a slow CI machine gets time. */
const REPORT_TIMEOUT = 60_000;
const HOOK_TIMEOUT = 120_000;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Runs vite to completion; rejects with its output when it fails. */
function runVite(args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [VITE, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`vite ${args.join(' ')} exited with ${code}:\n${output}`))));
  });
}

async function waitForServer(url: string, server: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`vite preview exited with ${server.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer at ${url} within ${timeoutMs} ms:\n${output()}`);
}

/** Waits until the locator's text is exactly `text` (after trimming). */
async function waitForText(locator: Locator, text: string, timeout = REPORT_TIMEOUT): Promise<void> {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await locator.filter({ hasText: new RegExp(`^\\s*${escaped}\\s*$`) }).first().waitFor({ timeout });
}

const row = (page: Page, id: string): Locator => page.getByTestId(`rule-${id}`);

if (!HAS_CHROMIUM) console.warn(`test/e2e/app.test.ts skipped: no browser at ${CHROMIUM}; install it with apt-get install chromium`);

const SUITE = HAS_CHROMIUM ? 'app in Chromium' : `app in Chromium: SKIPPED, ${CHROMIUM} is missing (apt-get install chromium)`;

describe.skipIf(!HAS_CHROMIUM)(SUITE, () => {
  let outDir = '';
  let profileDir = '';
  let server: ChildProcess | null = null;
  let context: BrowserContext | null = null;
  let page: Page;
  let origin = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // Build into a folder of our own, so a concurrent `npm run build` (dist/) is left alone.
    outDir = mkdtempSync(join(tmpdir(), 'parkatlas-dist-'));
    await runVite(['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn']);

    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    let output = '';
    server = spawn(process.execPath, [VITE, 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitForServer(`${origin}/`, server, () => output, 30_000);

    profileDir = mkdtempSync(join(tmpdir(), 'udd-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1440, height: 1000 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${origin}/`);
  }, HOOK_TIMEOUT);

  afterAll(async () => {
    await context?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server?.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    for (const dir of [outDir, profileDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  }, HOOK_TIMEOUT);

  it('serves the demo city from the build', async () => {
    const response = await fetch(`${origin}/demo/wuhan/parcels.fgb`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(1_000_000);
    // only the four layers are published, not data/
    expect(await (await fetch(`${origin}/data/demo/wuhan/README.md`)).text()).not.toContain('# Demo city');
  });

  it('is in Chinese', async () => {
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
  });

  it('shows the wuhan-2025 report of the demo city, computed in the worker', async () => {
    const w1 = row(page, 'W25-1');
    await w1.waitFor({ timeout: REPORT_TIMEOUT });
    expect(await w1.getAttribute('data-scope')).toBe('city');
    expect((await w1.locator('.status').textContent())?.trim()).toBe('未达标');
    expect(await w1.textContent()).toContain('367.00 平方公里');
    expect(await w1.textContent()).toContain('≥ 380.00 平方公里');

    expect(await row(page, 'W25-2').textContent()).toContain('86.50%');
    expect(await page.getByTestId('report-summary').textContent()).toMatch(/^达标 \d+，预警 \d+，未达标 \d+，不适用 \d+$/);

    const data = await page.getByTestId('data-summary').textContent();
    expect(data).toContain('20,854 个地块');
    expect(data).toContain('100 个园区');
    expect(await page.getByTestId('data-timing').textContent()).toMatch(/Web Worker.*\d+ 毫秒/);
  });

  it('groups per-park results under their rule, failures first', async () => {
    const heading = page.getByTestId('rule-group-W25-5');
    expect(await heading.textContent()).toContain('100 个园区');
    const shown = row(page, 'W25-5');
    const collapsed = await shown.count();
    expect(collapsed).toBeGreaterThan(0);
    expect(collapsed).toBeLessThan(100);
    for (const status of await shown.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))) expect(status).toBe('fail');

    await heading.getByRole('button').click();
    await expect.poll(() => shown.count()).toBe(100);
    const scopes = await shown.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-scope')));
    expect(new Set(scopes).size).toBe(100);
  });

  it('switches the policy pack', async () => {
    await page.getByTestId('pack-select').selectOption('qiaokou-2019');
    await page.locator('[data-testid="report-table"][data-policy="qiaokou-2019"]').waitFor({ timeout: REPORT_TIMEOUT });
    await waitForText(row(page, 'QK-1').locator('.status'), '达标');
    expect((await row(page, 'QK-2').locator('.status').textContent())?.trim()).toBe('未达标');
  });

  it('switches the language and re-evaluates', async () => {
    await page.getByTestId('lang-switch').click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await waitForText(row(page, 'QK-2').locator('.status'), 'fail');
    await waitForText(row(page, 'QK-1').locator('.status'), 'pass');
    expect(await page.getByTestId('report-summary').textContent()).toMatch(/^\d+ pass, \d+ warning, \d+ fail, \d+ n\/a$/);
    expect(await page.getByTestId('pack-select').locator('option:checked').textContent()).toMatch(/[A-Za-z]/);

    await page.getByTestId('pack-select').selectOption('wuhan-2025');
    await waitForText(row(page, 'W25-1').locator('.status'), 'fail');
    expect(await row(page, 'W25-1').textContent()).toContain('367.00 km²');
  });

  it('lists what is wrong when a layer cannot be read', async () => {
    const broken = await (context as BrowserContext).newPage();
    try {
      await broken.route('**/demo/wuhan/parcels.fgb', (route) => route.fulfill({ status: 200, body: 'not a FlatGeobuf file' }));
      await broken.goto(`${origin}/`);
      const error = broken.getByTestId('report-error');
      await error.waitFor({ timeout: REPORT_TIMEOUT });
      expect(await error.textContent()).toContain('parcels.fgb');
      expect(await broken.getByTestId('report-table').count()).toBe(0);
    } finally {
      await broken.close();
    }
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
