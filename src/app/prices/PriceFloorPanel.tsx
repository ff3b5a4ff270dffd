// The price-floor section of the report tab: every parcel's floor under a pack's pricing
// rule (from the report worker), filtered and totalled, breaches flagged; and the project's
// price tables, which planners replace by importing a CSV (a new version each time).
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiFeatureCollection } from '../../api/types';
import type { ProjectPriceTable } from '../../api/priceTables';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import type { ReportContext } from '../panels/reportContext';
import type { FloorRow, FloorRowsAnswer, WorkerAnswer } from '../worker/messages';
import { FloorTable } from './FloorTable';
import { filterFloorRows, floorTotals, NO_FILTERS, NONE, sortFloorRows, type FactorFilter, type FloorFilters } from './floorFilters';
import { PriceTableEditor } from './PriceTableEditor';
import { reloadPriceTables, usePriceTablesState } from './priceTablesState';
import './prices.css';

type Names = ReadonlyMap<string, string>;

/** id → name of a small layer (districts, parks), for the filters. */
function useLayerNames(ctx: ReportContext, layer: 'districts' | 'parks'): Names {
  const [names, setNames] = useState<Names>(new Map());
  const { api, project } = ctx;
  useEffect(() => {
    let live = true;
    api.call<ApiFeatureCollection>('GET', `projects/${encodeURIComponent(project.id)}/layers/${layer}/features`).then(
      (fc) => {
        if (live) setNames(new Map(fc.features.map((f) => [f.id, typeof f.properties.name === 'string' && f.properties.name ? f.properties.name : f.id])));
      },
      () => undefined, // names are a convenience: the ids still filter
    );
    return () => {
      live = false;
    };
  }, [api, project.id, layer]);
  return names;
}

export function PriceFloorPanel({ ctx }: { ctx: ReportContext }) {
  const { t, lang } = useI18n();
  const l = lang === 'en' ? 'en' : 'zh';
  const { report, project } = ctx;
  const tablesState = usePriceTablesState(project.id);
  const tables = tablesState.response?.tables;
  const entries: ProjectPriceTable[] = useMemo(() => tables ?? [], [tables]);
  const pricedPacks = useMemo(() => entries.flatMap((e) => e.packs.map((pack) => ({ pack, table: e }))), [entries]);
  const [packId, setPackId] = useState<string>('wuhan-2025');
  const [answer, setAnswer] = useState<FloorRowsAnswer | null>(null);
  const [queryError, setQueryError] = useState<string | null>(null);
  const [filters, setFilters] = useState<FloorFilters>(NO_FILTERS);
  const districtNames = useLayerNames(ctx, 'districts');
  const parkNames = useLayerNames(ctx, 'parks');

  // Rows again whenever the city, the worker or the tables changed.
  const citySeq = report.report?.citySeq;
  // The hook's query may be a new function each render: use the newest, re-query on data changes only.
  const queryRef = useRef(report.query);
  queryRef.current = report.query;
  useEffect(() => {
    let live = true;
    setQueryError(null);
    queryRef.current({ kind: 'floorRows', packId, lang: l }).then(
      (a: WorkerAnswer) => {
        if (!live) return;
        if (a.kind !== 'floorRows') throw new Error(`unexpected answer ${a.kind}`);
        setAnswer(a);
      },
      (e: unknown) => {
        if (live) setQueryError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
  }, [packId, l, citySeq, report.revision, tablesState.applied]);

  const rows = useMemo(() => (answer && answer.packId === packId ? sortFloorRows(answer.rows) : []), [answer, packId]);
  const shown = useMemo(() => filterFloorRows(rows, filters), [rows, filters]);
  const totals = useMemo(() => floorTotals(shown), [shown]);
  const options = useMemo(() => {
    const districts = new Set<string>();
    const parks = new Set<string>();
    const grades = new Set<number>();
    for (const r of rows) {
      if (r.districtId) districts.add(r.districtId);
      if (r.parkId) parks.add(r.parkId);
      if (r.grade !== null) grades.add(r.grade);
    }
    const byName = (names: Names) => (a: string, b: string) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b, 'zh-CN');
    return { districts: [...districts].sort(byName(districtNames)), parks: [...parks].sort(byName(parkNames)), grades: [...grades].sort((a, b) => a - b) };
  }, [rows, districtNames, parkNames]);

  const selectedId = ctx.selection.layer === 'parcels' && ctx.selection.ids.size === 1 ? [...ctx.selection.ids][0] : null;
  const selectedRow = selectedId ? rows.find((r) => r.id === selectedId) ?? null : null;

  // ctx is rebuilt on every render of the editor: clear our focus mark on unmount only.
  const markRef = useRef(ctx.mark);
  markRef.current = ctx.mark;
  useEffect(() => () => markRef.current('focus', null), []);
  const onSelect = (row: FloorRow): void => {
    ctx.select('parcels', [row.id]);
    ctx.mark('focus', { parcels: [row.id] });
  };

  /** The version the floor used and the table's name as that version names it: "v3 (2026-11-22, planner) · …". */
  const tableLabel = (row: FloorRow): string => {
    const entry = entries.find((e) => e.table.id === row.table);
    const version = entry?.versions.find((v) => v.label === row.tableVersion);
    const name = version?.name[l] ?? entry?.shipped.name[l] ?? answer?.tables.find((x) => x.id === row.table)?.name ?? row.table ?? '';
    return `${row.tableVersion ?? ''} · ${name}`;
  };

  const set = <K extends keyof FloorFilters>(key: K, value: FloorFilters[K]): void => setFilters((f) => ({ ...f, [key]: value }));
  const packTitle = (id: string): string => report.packs.find((p) => p.id === id)?.title[l] ?? id;

  return (
    <section className="price-panel" data-testid="price-panel">
      <p className="pf-intro">{t('prices.intro')}</p>
      <label className="pf-pack">
        {t('prices.pack')}
        <select value={packId} data-testid="price-pack" onChange={(e) => setPackId(e.target.value)}>
          {(pricedPacks.length > 0 ? pricedPacks : [{ pack: packId, table: null }]).map(({ pack, table }) => (
            <option key={pack} value={pack}>
              {table ? t('prices.pack.table', { pack: `${pack} ${packTitle(pack)}`, table: table.table.name[l] }) : pack}
            </option>
          ))}
        </select>
      </label>

      <div className="pf-filters" data-testid="price-filters">
        <select aria-label={t('prices.filter.district')} title={t('prices.filter.district')} value={filters.district} data-testid="price-filter-district" onChange={(e) => set('district', e.target.value)}>
          <option value="">{t('prices.filter.district')}：{t('prices.filter.all')}</option>
          {options.districts.map((id) => <option key={id} value={id}>{districtNames.get(id) ?? id}</option>)}
          <option value={NONE}>{t('prices.filter.district')}：{t('prices.filter.none')}</option>
        </select>
        <select aria-label={t('prices.filter.park')} title={t('prices.filter.park')} value={filters.park} data-testid="price-filter-park" onChange={(e) => set('park', e.target.value)}>
          <option value="">{t('prices.filter.park')}：{t('prices.filter.all')}</option>
          {options.parks.map((id) => <option key={id} value={id}>{parkNames.get(id) ?? id}</option>)}
          <option value={NONE}>{t('prices.filter.park')}：{t('prices.filter.none')}</option>
        </select>
        <select aria-label={t('prices.filter.grade')} title={t('prices.filter.grade')} value={filters.grade} data-testid="price-filter-grade" onChange={(e) => set('grade', e.target.value)}>
          <option value="">{t('prices.filter.grade')}：{t('prices.filter.all')}</option>
          {options.grades.map((g) => <option key={g} value={String(g)}>{t('prices.gradeValue', { grade: g })}</option>)}
          <option value="none">{t('prices.filter.noGrade')}</option>
        </select>
        <select aria-label={t('prices.filter.factor')} title={t('prices.filter.factor')} value={filters.factor} data-testid="price-filter-factor" onChange={(e) => set('factor', e.target.value as FactorFilter)}>
          <option value="all">{t('prices.filter.factor')}：{t('prices.filter.all')}</option>
          <option value="0.7">{t('prices.filter.factor70')}</option>
          <option value="1">{t('prices.filter.factor100')}</option>
          <option value="none">{t('prices.filter.noFloor')}</option>
        </select>
        <label className="pf-check">
          <input type="checkbox" checked={filters.breachesOnly} data-testid="price-filter-breaches" onChange={(e) => set('breachesOnly', e.target.checked)} />
          {t('prices.filter.breaches')}
        </label>
        <input className="pf-search" type="search" value={filters.text} placeholder={t('prices.filter.text')} aria-label={t('prices.filter.text')} data-testid="price-filter-text" onChange={(e) => set('text', e.target.value)} />
        <button type="button" className="pf-reset" onClick={() => setFilters(NO_FILTERS)} disabled={filters === NO_FILTERS}>{t('prices.filter.reset')}</button>
        <span className="pf-count" data-testid="price-count">{t('prices.count', { shown: formatNumber(lang, shown.length), total: formatNumber(lang, rows.length) })}</span>
      </div>

      {queryError ? <p className="pf-error" role="alert">{t('prices.queryFailed', { message: queryError })}</p> : null}
      {!answer && !queryError ? <p className="empty-note">{t('prices.loading')}</p> : null}
      <FloorTable rows={shown} selectedId={selectedId} tableLabel={tableLabel} onSelect={onSelect} />
      <p className="pf-totals" data-testid="price-totals" data-breaches={totals.breaches} data-floor-wan={totals.floorWanYuan}>
        {t('prices.totals', {
          withFloor: formatNumber(lang, totals.withFloor),
          ha: formatNumber(lang, totals.areaHa, 2),
          mu: formatNumber(lang, totals.areaMu, 1),
          wan: formatNumber(lang, totals.floorWanYuan, 2),
          breaches: formatNumber(lang, totals.breaches),
        })}
      </p>
      {selectedRow ? (
        <div className="pf-reason" data-testid="price-reason">
          <strong>{t('prices.reasonOf', { id: selectedRow.name ? `${selectedRow.id} ${selectedRow.name}` : selectedRow.id })}</strong>
          <p>{selectedRow.reason}</p>
        </div>
      ) : null}

      <h3 className="pt-title">{t('prices.tables.title')}</h3>
      <p className="pf-intro">{t('prices.tables.intro')}</p>
      {tablesState.error ? <p className="pf-error" role="alert">{t('prices.tables.loadFailed', { message: tablesState.error })}</p> : null}
      {!tablesState.response && !tablesState.error ? <p className="empty-note">{t('prices.tables.loading')}</p> : null}
      {entries.map((entry) => (
        <PriceTableEditor key={entry.table.id} api={ctx.api} projectId={project.id} canEdit={ctx.canEdit} entry={entry} onImported={() => reloadPriceTables(project.id)} />
      ))}
    </section>
  );
}
