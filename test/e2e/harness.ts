// What the browser tests share: one production build in a folder of its own, the real
// server on it (embedded PGlite + PostGIS in a throwaway data folder, seeded with the demo
// city), and Debian's Chromium driven by playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (README: system set-up); another build can be named in PARKATLAS_CHROMIUM. */
export const CHROMIUM = process.env.PARKATLAS_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

/** Runs a node script to completion; rejects with its output when it fails. */
function run(args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`${args.join(' ')} exited with ${code}:\n${output}`))));
  });
}

/** Builds the app into a fresh folder (so a concurrent `npm run build` is left alone). */
export async function buildApp(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'parkatlas-dist-'));
  await run([VITE, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn']);
  return outDir;
}

export interface RunningApp {
  origin: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** `npm start`'s server on a free port, over `staticDir`, with its own data folder. */
export async function startApp(staticDir: string, env: Record<string, string> = {}): Promise<RunningApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parkatlas-data-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PARKATLAS_DATA: dataDir, PARKATLAS_STATIC_DIR: staticDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const origin = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server did not start within 150 s:\n${output}`)), 150_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /ParkAtlas on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        done(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the server exited with ${code}:\n${output}`));
    });
  });
  return {
    origin,
    dataDir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  pageErrors: string[];
  close(): Promise<void>;
}

export async function openBrowser(viewport = { width: 1440, height: 960 }): Promise<Browser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'udd-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    context,
    page,
    pageErrors,
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** Logs in through the form and waits for the map to have drawn the project. */
export async function login(page: Page, origin: string, username = 'planner', password = `parkatlas-${username}`): Promise<void> {
  await page.goto(`${origin}/`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await mapIdle(page);
}

export async function mapIdle(page: Page, timeout = 90_000): Promise<void> {
  await page.locator('[data-testid="map"][data-state="idle"]').waitFor({ timeout });
  await page.evaluate(() => window.__parkatlasMap?.idle());
}

/** Where a coordinate is on the page, in CSS pixels. */
export async function screenPoint(page: Page, lngLat: [number, number]): Promise<{ x: number; y: number }> {
  const inMap = await page.evaluate((p) => window.__parkatlasMap?.project(p) ?? null, lngLat);
  if (!inMap) throw new Error('the map is not ready');
  const box = await page.getByTestId('map').boundingBox();
  if (!box) throw new Error('no map on the page');
  return { x: box.x + inMap.x, y: box.y + inMap.y };
}

export interface Session {
  app: RunningApp;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * A build, the server on it and a browser: what each browser test file starts with. The
 * build is the one test/setup/e2eBuild.ts made for the whole run (PARKATLAS_E2E_DIST), or
 * one of the file's own when it runs alone.
 */
export async function startSession(viewport?: { width: number; height: number }): Promise<Session> {
  const shared = process.env.PARKATLAS_E2E_DIST;
  const outDir = shared ?? (await buildApp());
  const app = await startApp(outDir);
  const browser = await openBrowser(viewport);
  return {
    app,
    browser,
    stop: async () => {
      await browser.close();
      await app.stop();
      if (!shared) rmSync(outDir, { recursive: true, force: true });
    },
  };
}
