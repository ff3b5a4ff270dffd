// Exports as a planner takes them, in real Chromium against the real server on the demo city:
// each download from the report tab's exports section opens again (GeoJSON parsed, FlatGeobuf
// read by flatgeobuf and by GDAL's ogrinfo, both CSVs keep their Chinese), and the printable
// report prints to an A4 PDF that pdftoppm renders and pdftotext reads.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { geojson as fgb } from 'flatgeobuf';
import type { Feature, FeatureCollection, Position } from 'geojson';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportForeign } from '../../src/io/parcelExport';
import { CHROMIUM, HAS_CHROMIUM, login, startSession, type Session } from './harness';

const HOOK_TIMEOUT = 300_000;
const PROJECT = 'wuhan-demo';
const PACK = 'wuhan-2025';
/** Pictures for a person to look at: the PDF's pages as PNG. */
const SHOTS = process.env.PARKATLAS_EXPORT_SHOTS ?? '/tmp/exports-shots';
const has = (tool: string, arg = '-v') => spawnSync(tool, [arg]).error === undefined;
const HAS_OGRINFO = has('ogrinfo', '--version');
const HAS_POPPLER = has('pdftoppm') && has('pdftotext');
const MISSING = [HAS_OGRINFO ? '' : 'gdal-bin (ogrinfo)', HAS_POPPLER ? '' : 'poppler-utils (pdftoppm, pdftotext)'].filter(Boolean).join(', ');

describe.skipIf(!HAS_CHROMIUM)(HAS_CHROMIUM ? 'exports in Chromium' : `exports in Chromium: SKIPPED, ${CHROMIUM} is missing`, () => {
  let session: Session | undefined;
  let page: Page;
  const files = new Map<string, { name: string; path: string }>();
  let geo: FeatureCollection & ExportForeign;

  beforeAll(async () => {
    if (MISSING) console.warn(`exports: checks that need ${MISSING} are SKIPPED (scripts/setup-system.sh installs them as root)`);
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    session = await startSession();
    page = session.browser.page;
    await login(page, session.app.origin);
    await page.getByTestId('tab-report').click();
    await page.getByTestId('report-section-exports').click();
    await page.getByTestId('export-geojson').waitFor({ timeout: 60_000 });
  }, HOOK_TIMEOUT);

  afterAll(async () => {
    await session?.stop();
  }, HOOK_TIMEOUT);

  async function download(testId: string): Promise<{ name: string; path: string }> {
    const [d] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }) as Promise<Download>, page.getByTestId(testId).click()]);
    const path = join(SHOTS, 'downloads', d.suggestedFilename());
    await d.saveAs(path);
    const file = { name: d.suggestedFilename(), path };
    files.set(testId, file);
    return file;
  }

  it('every download carries project, pack and date in its name', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const expected: Record<string, string> = {
      'export-geojson': `${PROJECT}-${PACK}-${today}.geojson`,
      'export-fgb': `${PROJECT}-${PACK}-${today}.fgb`,
      'export-csv-parcels': `${PROJECT}-${PACK}-${today}-parcels.csv`,
      'export-csv-rules': `${PROJECT}-${PACK}-${today}-rules.csv`,
    };
    for (const [testId, name] of Object.entries(expected)) expect((await download(testId)).name).toBe(name);
  }, HOOK_TIMEOUT);

  it('GeoJSON: RFC 7946, every parcel with its computed fields, the rules as a foreign member', () => {
    geo = JSON.parse(readFileSync(files.get('export-geojson')?.path ?? '', 'utf8')) as FeatureCollection & ExportForeign;
    expect(geo.type).toBe('FeatureCollection');
    expect(geo).not.toHaveProperty('crs');
    expect(geo.features).toHaveLength(20_854);
    for (const f of geo.features) {
      for (const key of ['area_m2', 'area_mu', 'area_ha', 'park_id', 'park_share', 'district_id', 'price_floor_yuan', 'price_floor_table_version']) expect(f.properties).toHaveProperty(key);
      const points = (f.geometry.type === 'Polygon' ? f.geometry.coordinates.flat() : f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates.flat(2) : []) as Position[];
      for (const [lon, lat] of points) expect(Math.abs(lon) <= 180 && Math.abs(lat) <= 90 && lon > 100).toBe(true);
    }
    expect(geo.parkatlas.policy).toBe(PACK);
    expect(geo.parkatlas.rules.map((r) => r.id)).toContain('W25-1');
    expect(geo.parkatlas.method.ellipsoid).toBe('CGCS2000');
  });

  it('FlatGeobuf reads back with flatgeobuf (same features and properties) and with ogrinfo', async () => {
    const bytes = new Uint8Array(readFileSync(files.get('export-fgb')?.path ?? ''));
    const back: Feature[] = [];
    for await (const f of fgb.deserialize(bytes) as AsyncGenerator<Feature>) back.push(f);
    expect(back).toHaveLength(geo.features.length);
    const columns = [...new Set(geo.features.flatMap((f) => Object.keys(f.properties ?? {})))];
    const norm = (p: Record<string, unknown> | null) => Object.fromEntries(columns.map((c) => [c, p?.[c] ?? null]));
    for (let i = 0; i < back.length; i += 1) expect(norm(back[i].properties)).toEqual(norm(geo.features[i].properties));
    if (!HAS_OGRINFO) return console.warn('exports: ogrinfo SKIPPED, install gdal-bin');
    const info = spawnSync('ogrinfo', ['-al', '-so', files.get('export-fgb')?.path ?? ''], { encoding: 'utf8' });
    expect(info.status, info.stderr).toBe(0);
    expect(info.stdout).toContain('Feature Count: 20854');
    expect(info.stdout).toMatch(/ID\["EPSG",4490\]/);
    for (const field of ['area_m2: Real', 'price_floor_yuan: Real', 'price_floor_table_version: String', 'landUse: String', 'park_share: Real']) expect(info.stdout).toContain(field);
  });

  it('both CSVs start with the BOM and keep their Chinese', () => {
    const parcels = readFileSync(files.get('export-csv-parcels')?.path ?? '');
    const rules = readFileSync(files.get('export-csv-rules')?.path ?? '');
    for (const csv of [parcels, rules]) expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parcels.toString('utf8')).toMatch(/工业用地|占位|按70%/);
    const rulesText = rules.toString('utf8');
    expect(rulesText).toContain('达标');
    expect(rulesText).toContain('现状工业用地总规模');
  });

  it('the printable report prints to an A4 PDF with the map, the rule table, the floors and the method', async () => {
    const [printPage] = await Promise.all([session?.browser.context.waitForEvent('page', { timeout: 60_000 }) as Promise<Page>, page.getByTestId('export-print').click()]);
    await printPage.locator('[data-testid="print-page"][data-state="ready"]').waitFor({ timeout: 180_000 });
    expect(await printPage.title()).toMatch(new RegExp(`^${PROJECT}-${PACK}-\\d{4}-\\d{2}-\\d{2}$`));
    expect(await printPage.getByTestId('print-map').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await printPage.screenshot({ path: join(SHOTS, 'print-screen.png'), fullPage: true });
    const pdfPath = join(SHOTS, 'report.pdf');
    await printPage.pdf({ path: pdfPath, format: 'A4', printBackground: true });
    await printPage.close();
    if (!HAS_POPPLER) return console.warn('exports: PDF checks SKIPPED, install poppler-utils');
    const png = spawnSync('pdftoppm', ['-png', '-r', '80', pdfPath, join(SHOTS, 'report-page')], { encoding: 'utf8' });
    expect(png.status, png.stderr).toBe(0);
    const pages = readdirSync(SHOTS).filter((f) => f.startsWith('report-page') && f.endsWith('.png'));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    // -raw: the content stream's order, so a table cell's wrapped lines stay together
    const text = spawnSync('pdftotext', ['-raw', pdfPath, '-'], { encoding: 'utf8' }).stdout;
    const squeezed = text.replace(/\s+/g, '');
    for (const rule of geo.parkatlas.rules.filter((r) => r.scope === 'city')) {
      expect(text).toContain(rule.id);
      expect(squeezed).toContain(rule.title.replace(/\s+/g, ''));
      expect(squeezed).toContain(rule.clause.replace(/\s+/g, ''));
    }
    for (const phrase of ['规则结果', '出让底价汇总', '方法说明', 'CGCS2000', '6378137', '298.257222101', '数据日期', geo.parkatlas.policyVersion, '由ParkAtlas生成于']) expect(squeezed).toContain(phrase.replace(/\s+/g, ''));
    console.log(`exports: PDF pages as PNG in ${SHOTS}: ${pages.join(', ')}`);
  }, HOOK_TIMEOUT);

  it('the print page without a session says to log in', async () => {
    if (!session) throw new Error('no session');
    const { context } = session.browser;
    const cookies = await context.cookies();
    await context.clearCookies();
    const fresh = await context.newPage();
    await fresh.goto(`${session.app.origin}/print?project=${PROJECT}&policy=${PACK}`);
    await fresh.locator('[data-state="login"]').waitFor({ timeout: 30_000 });
    expect(await fresh.textContent('body')).toContain('请先登录');
    await fresh.close();
    await context.addCookies(cookies);
  }, HOOK_TIMEOUT);
});
