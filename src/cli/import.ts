// npm run import -- <file> --project <id> --layer <layer> [--crs EPSG:nnnn] [--mapping <file>]
// Reads any format planners bring, detects and checks the CRS, maps the fields, checks every
// feature, and writes all of them in one transaction — or none, listing every problem.
// The store is the one `npm start` uses: PARKATLAS_DATA (embedded) or DATABASE_URL.
// Exit codes: 0 imported, 1 bad input (nothing written), 2 bad usage or store unavailable.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LAYER_NAMES, type LayerName } from '../domain/schema/kinds';
import { fromSquareMetres } from '../domain/units';
import { crsInfo } from '../io/crs/definitions';
import { readSource } from '../io/formats/readSource';
import { FormatError } from '../io/formats/source';
import { openSqlJs } from '../io/formats/sqlJs';
import type { FieldMapping } from '../io/import/fieldMapping';
import type { ImportProblem } from '../io/import/prepareImport';
import { databaseFolder, dataDir, DataFolderBusyError, lockDataFolder } from '../server/dataFolder';
import { findUser } from '../server/store/accounts';
import { importSource } from '../server/importFile';
import { getProject, migrate, openDb } from '../server/store';

const USAGE = `usage: npm run import -- <file> --project <id> --layer <${LAYER_NAMES.join('|')}>
        [--crs EPSG:nnnn] [--mapping <mapping.json>] [--source-layer <name>] [--accept-datum-shift]
        [--user <name>] [--dry-run] [--repair] [--lang zh|en]
<file>: .geojson/.json, .fgb, .gpkg, a zipped Shapefile (.zip) or .csv (WKT or lon/lat columns).
The store: PARKATLAS_DATA (default .parkatlas-data) or DATABASE_URL, as for npm start.`;

class UsageError extends Error {}

function parseCrs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(?:EPSG:)?(\d+)$/i.exec(value.trim());
  if (!match) throw new UsageError(`--crs ${value}: write it as EPSG:4547`);
  const code = Number(match[1]);
  if (!crsInfo(code)) throw new UsageError(`--crs ${value}: not a CRS ParkAtlas reprojects (EPSG:4326, 4490, the CGCS2000 Gauss-Krüger zones 4491–4554, Xian 1980 and Beijing 1954 zones)`);
  return code;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      project: { type: 'string' },
      layer: { type: 'string' },
      crs: { type: 'string' },
      mapping: { type: 'string' },
      'source-layer': { type: 'string' },
      'accept-datum-shift': { type: 'boolean' },
      user: { type: 'string', default: 'admin' },
      'dry-run': { type: 'boolean' },
      repair: { type: 'boolean' },
      lang: { type: 'string', default: 'zh' },
    },
  });
  const en = values.lang === 'en';
  const say = (m: { en: string; zh: string }): string => (en ? m.en : m.zh);
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError('name one file to import');
  if (!values.project) throw new UsageError('--project is required');
  const layer = values.layer as LayerName;
  if (!LAYER_NAMES.includes(layer)) throw new UsageError(`--layer must be one of ${LAYER_NAMES.join(', ')}`);
  const mapping = values.mapping ? (JSON.parse(readFileSync(values.mapping, 'utf8')) as FieldMapping) : undefined;
  if (mapping && (typeof mapping.fields !== 'object' || mapping.fields === null)) throw new UsageError(`--mapping ${values.mapping}: expected {"fields": {"landUse": "DLBM", …}, "landUseValues": {…}}`);

  const layers = await readSource(file, new Uint8Array(readFileSync(file)), { sql: () => openSqlJs() });
  const source = values['source-layer'] ? layers.find((l) => l.name === values['source-layer']) : layers[0];
  if (!source) throw new UsageError(`--source-layer: the file has ${layers.map((l) => l.name).join(', ')}`);
  if (layers.length > 1 && !values['source-layer']) console.error(say({ en: `the file has ${layers.length} layers (${layers.map((l) => l.name).join(', ')}); importing ${source.name} (choose with --source-layer)`, zh: `文件含 ${layers.length} 个图层（${layers.map((l) => l.name).join('、')}），导入 ${source.name}（可用 --source-layer 指定）` }));

  const databaseUrl = process.env.DATABASE_URL;
  const folder = dataDir();
  const release = databaseUrl ? () => undefined : lockDataFolder(folder);
  const db = await openDb(databaseUrl ? { databaseUrl } : { dataDir: databaseFolder(folder) });
  try {
    await migrate(db);
    if (!(await getProject(db, values.project))) throw new UsageError(`no project ${values.project} in this store`);
    const user = await findUser(db, values.user ?? 'admin');
    if (!user) throw new UsageError(`--user ${values.user}: no such user (create one with npm run admin -- add-user)`);
    const started = performance.now();
    const { prepared, imported } = await importSource(db, {
      projectId: values.project,
      layer,
      source,
      crs: parseCrs(values.crs),
      acceptDatumShift: values['accept-datum-shift'],
      mapping,
      repair: values.repair,
      user,
      comment: `import ${file}`,
      dryRun: values['dry-run'],
      onProgress: (done, total) => process.stderr.write(`\r${done}${total ? ` / ${total}` : ''}`),
    });
    process.stderr.write('\n');
    const code = prepared.detection.code;
    const info = code !== null ? crsInfo(code) : undefined;
    console.error(`${say({ en: 'CRS', zh: '坐标系' })}: ${code !== null ? `EPSG:${code} ${info ? say(info.name) : ''}` : '?'} (${prepared.detection.source}, ${prepared.detection.confidence})${source.encoding ? ` · ${say({ en: 'text', zh: '文本编码' })} ${source.encoding.name} (${source.encoding.source})` : ''}`);
    for (const w of prepared.detection.warnings) console.error(`! ${say(w)}`);
    console.error(`${say({ en: 'fields', zh: '字段' })}: ${Object.entries(prepared.mapping.fields).map(([to, from]) => `${from} → ${to}`).join(', ')}`);
    for (const note of prepared.notes) console.error(`  ${say(note)}`);
    const line = (p: ImportProblem): string => `${p.feature}${p.field ? ` [${p.field}]` : ''}${p.at ? ` @ ${p.at[0].toFixed(6)},${p.at[1].toFixed(6)}` : ''}: ${say(p)}`;
    for (const w of prepared.warnings.slice(0, 20)) console.error(`! ${line(w)}`);
    if (prepared.warnings.length > 20) console.error(`! … ${prepared.warnings.length - 20} ${say({ en: 'more warnings', zh: '条警告未列出' })}`);
    for (const r of prepared.repairs) console.error(`~ ${r.feature}: ${r.actions.map((a) => a.code).join(', ')} · ${r.areaBeforeM2 === null ? '?' : r.areaBeforeM2.toFixed(1)} m² → ${r.areaAfterM2.toFixed(1)} m²`);
    if (prepared.repairCount > prepared.repairs.length) console.error(`~ … ${prepared.repairCount - prepared.repairs.length} ${say({ en: 'more repairs', zh: '处修复未列出' })}`);
    if (prepared.errorCount > 0) {
      for (const p of prepared.errors) console.error(`✗ ${line(p)}`);
      if (prepared.errorCount > prepared.errors.length) console.error(`✗ … ${prepared.errorCount - prepared.errors.length} ${say({ en: 'more problems', zh: '个问题未列出' })}`);
      console.error(say({ en: `${prepared.errorCount} problem(s): nothing was imported`, zh: `共 ${prepared.errorCount} 个问题：未导入任何要素` }));
      return 1;
    }
    const km2 = fromSquareMetres(prepared.areaM2, 'km2').toFixed(4);
    const mu = fromSquareMetres(prepared.areaM2, 'mu').toFixed(2);
    if (values['dry-run']) {
      console.log(say({ en: `checked ${prepared.count} features (${km2} km², ${mu} mu): all good; nothing written (--dry-run)`, zh: `已检查 ${prepared.count} 个要素（${km2} 平方公里，${mu} 亩），全部合格；未写入（--dry-run）` }));
      return 0;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(say({ en: `imported ${imported} ${layer} into ${values.project}: ${km2} km², ${mu} mu (${seconds} s)`, zh: `已导入 ${imported} 个要素到 ${values.project} 的 ${layer} 图层：${km2} 平方公里，${mu} 亩（${seconds} 秒）` }));
    return 0;
  } finally {
    await db.close();
    release();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`error: ${e.message}\n${USAGE}`);
      process.exit(2);
    }
    if (e instanceof FormatError) {
      console.error(`error: ${e.message}\n${e.messageZh}`);
      process.exit(1);
    }
    if (e instanceof DataFolderBusyError) {
      console.error(`error: ${e.message}`);
      process.exit(2);
    }
    console.error(e);
    process.exit(2);
  },
);
