// A project's own price tables over real HTTP, against both stores: a planner imports a CSV
// of grade → price as the next version of a shipped table; the report and the export then
// compute floors with it and name its version; a bad CSV is refused line by line and
// changes nothing; reviewers read; other projects keep the shipped table.
import { readFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ImportPriceTableResponse, PriceTableErrorResponse, PriceTableVersionInfo, ProjectPriceTablesResponse,
} from '../../src/api/priceTables';
import type { ApiError } from '../../src/api/types';
import { SHIPPED_PRICE_TABLES } from '../../src/domain/policy/shipped';
import { projectPriceTables } from '../../src/server/store';
import { fixtureDir } from '../helpers/city';
import { testStores } from './stores';
import type { Client } from './httpClient';
import { startTestServer, type TestServer } from './testServer';

const BENCHMARK = 'wuhan-benchmark-placeholder';
const shippedPrices = (SHIPPED_PRICE_TABLES.get(BENCHMARK)?.grades ?? []).map((g) => g.price);
/** The shipped benchmark times `ratio`, as a planner's CSV with Chinese headers. */
const csvTimes = (ratio: number): string => ['\uFEFF等别,价格（元/㎡）,备注', ...shippedPrices.map((p, i) => `${i + 1},${p * ratio},`)].join('\r\n');

type ExportedParcel = { id: string; salePrice?: number; price_floor_yuan: number | null; price_floor_table_version: string | null; price_floor_reason: string };
type ReportRule = { id: string; value: number | null; features?: string[] };

for (const store of testStores()) {
  describe.skipIf(!store.enabled)(`project price tables over HTTP — ${store.title}`, () => {
    let server: TestServer;
    let admin: Client;
    let planner: Client;
    let reviewer: Client;
    let pid = '';
    let other = '';

    const path = (project: string, rest = ''): string => `/api/projects/${project}/price-tables${rest}`;
    const exported = async (project: string): Promise<Map<string, ExportedParcel>> => {
      const res = await reviewer.call<{ features: Array<{ properties: ExportedParcel }> }>('GET', `/api/projects/${project}/export?policy=wuhan-2025&format=geojson`);
      expect(res.status).toBe(200);
      return new Map(res.body.features.map((f) => [f.properties.id, f.properties]));
    };
    const w257 = async (project: string): Promise<ReportRule> => {
      const res = await reviewer.call<{ rules: ReportRule[] }>('GET', `/api/projects/${project}/report?policy=wuhan-2025&features=1`);
      expect(res.status).toBe(200);
      return res.body.rules.find((r) => r.id === 'W25-7') as ReportRule;
    };

    beforeAll(async () => {
      server = await startTestServer(store, 'users');
      admin = await server.login('admin');
      planner = await server.login('王规划');
      reviewer = await server.login('reviewer');
      for (const name of ['地价项目', '别的项目']) {
        const id = (await admin.call<{ id: string }>('POST', '/api/projects', { name })).body.id;
        for (const [username, role] of [['王规划', 'planner'], ['reviewer', 'reviewer']])
          expect((await admin.call('POST', `/api/projects/${id}/members`, { username, role })).status).toBe(200);
        for (const layer of ['districts', 'zones', 'parks', 'parcels']) {
          const fc = JSON.parse(readFileSync(`${fixtureDir('hand')}/${layer}.geojson`, 'utf8')) as FeatureCollection;
          expect((await admin.call('POST', `/api/projects/${id}/layers/${layer}/import`, fc)).status).toBe(201);
        }
        if (name === '地价项目') pid = id;
        else other = id;
      }
    });

    afterAll(() => server?.close());

    it('lists the replaceable tables: shipped, with the packs that use them and no versions yet', async () => {
      const res = await reviewer.call<ProjectPriceTablesResponse>('GET', path(pid));
      expect(res.status).toBe(200);
      const byId = new Map(res.body.tables.map((t) => [t.table.id, t]));
      expect([...byId.keys()].sort()).toEqual(['national-minimum-2006', BENCHMARK]);
      expect(byId.get(BENCHMARK)).toMatchObject({ currentVersion: null, packs: ['wuhan-2025'], versions: [], table: { version: 'placeholder-1', placeholder: true } });
      expect(byId.get('national-minimum-2006')?.packs).toEqual(['chongqing-2021']);
    });

    it('imports versions 1 and 2; floors in the report and export use the newest and name it', async () => {
      const before = await exported(pid);
      const half = before.get('half') as ExportedParcel;
      expect(half.price_floor_table_version).toBe('placeholder-1');
      expect(half.price_floor_reason).toContain('占位数据');

      const v1 = await planner.call<ImportPriceTableResponse>('POST', path(pid, `/${BENCHMARK}`), { csv: csvTimes(2), fileName: '武汉基准地价2026.csv', comment: '市自然资源和规划局 2026 年公布' });
      expect(v1.status).toBe(201);
      const today = new Date().toISOString().slice(0, 10);
      expect(v1.body.version).toMatchObject({ tableId: BENCHMARK, version: 1, label: `v1 (${today}, 王规划)`, sourceFile: '武汉基准地价2026.csv', createdBy: '王规划' });
      expect(v1.body.table).toMatchObject({ id: BENCHMARK, placeholder: false, version: `v1 (${today}, 王规划)` });
      expect(v1.body.warnings).toEqual([]);

      const v2 = await planner.call<ImportPriceTableResponse>('POST', path(pid, `/${BENCHMARK}`), { csv: csvTimes(10), fileName: 'b.csv' });
      expect(v2.status).toBe(201);
      expect(v2.body.version.version).toBe(2);
      const label = v2.body.version.label;

      // Every industrial floor is now 10 × the shipped one, and says v2 (the newest).
      const after = await exported(pid);
      let floors = 0;
      for (const [id, p] of before) {
        const now = after.get(id) as ExportedParcel;
        if (p.price_floor_yuan === null) {
          expect(now.price_floor_yuan).toBeNull();
          continue;
        }
        floors++;
        expect((now.price_floor_yuan as number) / p.price_floor_yuan).toBeCloseTo(10, 9);
        expect(now.price_floor_table_version).toBe(label);
        expect(now.price_floor_reason).toContain('项目版本v2');
        expect(now.price_floor_reason).not.toContain('占位数据');
      }
      expect(floors).toBeGreaterThan(3);

      // The report's breaches (W25-7) are those of the new floors.
      const expected = [...after.values()].filter((p) => p.price_floor_yuan !== null && p.salePrice !== undefined && p.salePrice < p.price_floor_yuan).map((p) => p.id).sort();
      const rule = await w257(pid);
      expect([...(rule.features ?? [])].sort()).toEqual(expected);
      expect(expected.length).toBeGreaterThan(1); // 10 × the floor: more sales fall below it than the one at 1 元

      const versions = await reviewer.call<PriceTableVersionInfo[]>('GET', path(pid, `/${BENCHMARK}/versions`));
      expect(versions.body.map((v) => [v.version, v.sourceFile, v.comment])).toEqual([[2, 'b.csv', null], [1, '武汉基准地价2026.csv', '市自然资源和规划局 2026 年公布']]);
      const listed = await reviewer.call<ProjectPriceTablesResponse>('GET', path(pid));
      const bench = listed.body.tables.find((t) => t.table.id === BENCHMARK);
      expect(bench).toMatchObject({ currentVersion: 2, table: { version: label, placeholder: false } });
      expect(bench?.table.grades.map((g) => g.price)).toEqual(shippedPrices.map((p) => p * 10));

      // The other project still has the shipped table.
      expect((await exported(other)).get('half')?.price_floor_table_version).toBe('placeholder-1');
      expect((await projectPriceTables(server.db, other)).get(BENCHMARK)).toBe(SHIPPED_PRICE_TABLES.get(BENCHMARK));
    });

    it('a bad CSV gets 422 listing every line, and nothing is stored', async () => {
      const before = await planner.call<PriceTableVersionInfo[]>('GET', path(pid, `/${BENCHMARK}/versions`));
      const rows = csvTimes(3).split('\r\n');
      rows[4] = '4,1,800,'; // line 5: a thousands separator (the empty 备注 after it)
      rows[9] = '8,252'; // line 10: grade 8 twice, 9 missing
      const res = await planner.call<PriceTableErrorResponse>('POST', path(pid, `/${BENCHMARK}`), { csv: rows.join('\n'), fileName: 'bad.csv' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('invalid-price-table');
      expect(res.body.message).toMatch(/nothing was stored/);
      expect(res.body.errors.map((e) => [e.line, e.grade])).toEqual([[5, 4], [10, 8], [null, 9]]);
      expect(res.body.errors[0].messageZh).toContain('千位分隔符');
      expect((await planner.call<PriceTableVersionInfo[]>('GET', path(pid, `/${BENCHMARK}/versions`))).body).toEqual(before.body);
      expect((await planner.call<ApiError>('POST', path(pid, `/${BENCHMARK}`), { fileName: 'x.csv' })).status).toBe(400);
    });

    it('reviewers may not import; unknown tables and projects are refused', async () => {
      const denied = await reviewer.call<ApiError>('POST', path(pid, `/${BENCHMARK}`), { csv: csvTimes(1) });
      expect(denied).toMatchObject({ status: 403, body: { code: 'read-only' } });
      const unknown = await planner.call<ApiError & { tables: string[] }>('POST', path(pid, '/shanghai-benchmark'), { csv: csvTimes(1) });
      expect(unknown.status).toBe(404);
      expect(unknown.body.tables.sort()).toEqual(['national-minimum-2006', BENCHMARK]);
      expect((await planner.call('GET', path('no-such-project'))).status).toBe(404);
      expect((await reviewer.call<PriceTableVersionInfo[]>('GET', path(pid, `/${BENCHMARK}/versions`))).body.length).toBe(2);
    });
  });
}
