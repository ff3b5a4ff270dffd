// parkatlas report|export — the command line officials script against (see README "CLI").
// Exit codes: 0 done, 1 bad input (every problem listed on stderr), 2 bad usage. main.ts runs
// it as a process; tests call runCli in theirs.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { assumedStatus, STATUS_ASSUMPTIONS, withAssumedStatus, type StatusAssumption } from '../domain/policy/assumptions';
import { checkPack, PackError } from '../domain/policy/checkPack';
import { evaluatePack, type Lang } from '../domain/policy/evaluate';
import { CityFacts } from '../domain/policy/facts';
import type { PolicyPack } from '../domain/policy/pack';
import type { City } from '../domain/schema/kinds';
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
                          [--assume-status existing|planned]
  npm run export -- <dir> --policy <id|pack.json> --out <file.geojson> [--lang zh|en] [--prices <file>]
                          [--assume-status existing|planned]
<dir> holds districts, zones, parks and parcels, each as .geojson or .fgb.
--assume-status: parcels without a status are taken as existing (status producing) or
planned; the report and the export say so.
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

function statusAssumption(value: string | undefined): StatusAssumption | undefined {
  if (value === undefined) return undefined;
  const found = STATUS_ASSUMPTIONS.find((a) => a === value);
  if (!found) throw new UsageError(`--assume-status ${value}: use existing (parcels without a status are existing land, status producing) or planned`);
  return found;
}

/** Writes next to the target then renames, so a failed run leaves no half-written file. */
function writeAtomically(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** parseArgs, with its complaints (an unknown option, a missing value) as usage errors. */
function parseOptions<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    if (e instanceof TypeError && 'code' in e && typeof e.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS')) throw new UsageError(e.message);
    throw e;
  }
}

/** Where the CLI writes: the process's streams, or a test's buffers. */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

async function main(argv: string[], out: CliOutput): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseOptions({
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
      'assume-status': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void out.stdout(`${USAGE}\n`);
  if (command !== 'report' && command !== 'export') throw new UsageError(`unknown command '${command ?? ''}'`);
  if (positionals.length !== 1) throw new UsageError('give exactly one folder of layer files');
  const pack = loadPack(values.policy);
  const tables = loadTables(pack, values.prices);
  const language = lang(values.lang);
  const assumption = statusAssumption(values['assume-status']);
  // Parcels without a status get the assumed one (and keep it as statusAssumed, which the report states).
  const assume = (city: City): City => (assumption ? withAssumedStatus(city, assumedStatus(assumption, pack)) : city);
  const read = await readCityDir(positionals[0]);
  for (const [file, used] of read.aliases) out.stderr(`${file}: read ${[...used].map(([from, to]) => `${from} as ${to}`).join(', ')}\n`);
  const city = assume(read.city);
  const facts = new CityFacts(city);

  if (command === 'report') {
    if (!['table', 'json', 'csv'].includes(values.format)) throw new UsageError(`--format ${values.format}: use table, json or csv`);
    const baseline = values.baseline ? assume((await readCityDir(values.baseline)).city) : undefined;
    const report = evaluatePack(pack, city, { lang: language, tables, baseline, facts });
    const text = values.format === 'json' ? reportJson(report, values.features) : values.format === 'csv' ? reportCsv(report) : reportTable(report, language);
    out.stdout(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }

  if (!values.out) throw new UsageError('export needs --out <file.geojson>');
  const exported = parcelExport(city, pack, tables, language, facts);
  writeAtomically(values.out, parcelExportText(exported));
  out.stderr(`wrote ${exported.features.length} parcels to ${values.out}\n`);
  for (const a of exported.report.assumptions ?? []) out.stderr(`${language === 'zh' ? '假定：' : 'assumed: '}${a.text}\n`);
}

/** Runs `report` or `export` with these arguments; resolves with the exit code (0 done, 1 bad input, 2 bad usage). */
export async function runCli(argv: string[], out: CliOutput): Promise<number> {
  try {
    await main(argv, out);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      out.stderr(`error: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof CityInputError) {
      out.stderr(`error: the input has ${e.problems.length} problem(s); nothing was reported:\n`);
      for (const p of e.problems) out.stderr(`  ${formatProblem(p)}\n`);
      return 1;
    }
    if (e instanceof PackError || e instanceof PriceTableError || e instanceof SyntaxError || (e instanceof Error && 'code' in e && e.code === 'ENOENT')) {
      out.stderr(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
