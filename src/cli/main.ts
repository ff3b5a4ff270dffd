// parkatlas report|export — the command line officials script against (see README "CLI").
// Exit codes: 0 done, 1 bad input (every problem listed on stderr), 2 bad usage.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkPack, PackError } from '../domain/policy/checkPack';
import { evaluatePack, type Lang } from '../domain/policy/evaluate';
import { CityFacts } from '../domain/policy/facts';
import type { PolicyPack } from '../domain/policy/pack';
import { SHIPPED_PACKS, SHIPPED_PRICE_TABLES } from '../domain/policy/shipped';
import { checkPriceTable, PriceTableError, type PriceTable } from '../domain/pricing/priceTable';
import { CityInputError, formatProblem } from '../io/cityInput';
import { priceTableFromCsv } from '../io/priceTableCsv';
import { parcelExport, parcelExportText } from '../io/parcelExport';
import { readCityDir } from './readCityDir';
import { reportCsv, reportJson } from '../io/reportOutput';
import { reportTable } from './formatReport';

const USAGE = `usage:
  npm run report -- <dir> --policy <id|pack.json> [--format table|json|csv] [--lang zh|en]
                          [--baseline <dir>] [--prices <table.csv|table.json>] [--features]
  npm run export -- <dir> --policy <id|pack.json> --out <file.geojson> [--lang zh|en] [--prices <file>]
<dir> holds districts, zones, parks and parcels, each as .geojson or .fgb.
policies: ${[...SHIPPED_PACKS.keys()].join(', ')}`;

class UsageError extends Error {}

function loadPack(policy: string | undefined): PolicyPack {
  if (!policy) throw new UsageError('--policy is required');
  if (policy.endsWith('.json')) return checkPack(JSON.parse(readFileSync(policy, 'utf8')), policy);
  const pack = SHIPPED_PACKS.get(policy);
  if (!pack) throw new UsageError(`unknown policy '${policy}': use one of ${[...SHIPPED_PACKS.keys()].join(', ')} or a pack .json file`);
  return pack;
}

/** The shipped tables, with the pack's pricing table replaced by the user's file if given. */
function loadTables(pack: PolicyPack, prices: string | undefined): Map<string, PriceTable> {
  const tables = new Map(SHIPPED_PRICE_TABLES);
  if (!prices) return tables;
  if (!pack.pricing) throw new UsageError(`--prices: policy ${pack.id} has no price-floor rule to use it`);
  const id = pack.pricing.table;
  const text = readFileSync(prices, 'utf8');
  const table = prices.endsWith('.json') ? checkPriceTable({ ...(JSON.parse(text) as PriceTable), id }) : priceTableFromCsv(text, id, basename(prices));
  tables.set(id, table);
  return tables;
}

function lang(value: string | undefined): Lang {
  if (value === undefined || value === 'zh' || value === 'zh-CN') return 'zh';
  if (value === 'en') return 'en';
  throw new UsageError(`--lang ${value}: use zh or en`);
}

/** Writes next to the target then renames, so a failed run leaves no half-written file. */
function writeAtomically(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      policy: { type: 'string' },
      format: { type: 'string', default: 'table' },
      lang: { type: 'string' },
      out: { type: 'string' },
      baseline: { type: 'string' },
      prices: { type: 'string' },
      features: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  if (command !== 'report' && command !== 'export') throw new UsageError(`unknown command '${command ?? ''}'`);
  if (positionals.length !== 1) throw new UsageError('give exactly one folder of layer files');
  const pack = loadPack(values.policy);
  const tables = loadTables(pack, values.prices);
  const language = lang(values.lang);
  const { city, aliases } = await readCityDir(positionals[0]);
  for (const [file, used] of aliases) console.error(`${file}: read ${[...used].map(([from, to]) => `${from} as ${to}`).join(', ')}`);
  const facts = new CityFacts(city);

  if (command === 'report') {
    if (!['table', 'json', 'csv'].includes(values.format)) throw new UsageError(`--format ${values.format}: use table, json or csv`);
    const baseline = values.baseline ? (await readCityDir(values.baseline)).city : undefined;
    const report = evaluatePack(pack, city, { lang: language, tables, baseline, facts });
    const out = values.format === 'json' ? reportJson(report, values.features) : values.format === 'csv' ? reportCsv(report) : reportTable(report, language);
    process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
    return;
  }

  if (!values.out) throw new UsageError('export needs --out <file.geojson>');
  const exported = parcelExport(city, pack, tables, language, facts);
  writeAtomically(values.out, parcelExportText(exported));
  console.error(`wrote ${exported.features.length} parcels to ${values.out}`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof UsageError) {
    console.error(`error: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (e instanceof CityInputError) {
    console.error(`error: the input has ${e.problems.length} problem(s); nothing was reported:`);
    for (const p of e.problems) console.error(`  ${formatProblem(p)}`);
    process.exit(1);
  }
  if (e instanceof PackError || e instanceof PriceTableError || e instanceof SyntaxError) {
    console.error(`error: ${e.message}`);
    process.exit(1);
  }
  if (e instanceof Error && 'code' in e && e.code === 'ENOENT') {
    console.error(`error: ${e.message}`);
    process.exit(1);
  }
  throw e;
});
