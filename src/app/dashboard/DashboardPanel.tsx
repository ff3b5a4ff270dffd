// The compliance dashboard: the chosen policy packs evaluated live in the report worker,
// a card per rule, the features behind a figure marked and framed on the map, a result
// broken down by place, and what the selected parcel contributes.
import { type ReactNode, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import type { ReportContext } from '../panels/reportContext';
import type { BreakdownLevelKind, BreakdownRow, ContributionRow, FeaturesAnswer } from '../worker/messages';
import { asker, errorText, reportLang } from './ask';
import { Breakdown } from './Breakdown';
import { Contributions } from './Contributions';
import { ErrorBody } from './ErrorBody';
import { PackChooser } from './PackChooser';
import { PackSection, type Focus } from './PackSection';
import { useTrends } from './useTrends';
import './dashboard.css';

type FocusState = { status: 'loading' } | { status: 'done'; count: number } | { status: 'failed'; message: string };

/** The features behind several results at once: their ids merged, their bounds joined. */
function merge(answers: readonly FeaturesAnswer[]): { ids: Record<string, string[]>; bbox: FeaturesAnswer['bbox']; count: number } {
  const ids: Record<string, Set<string>> = {};
  let bbox: FeaturesAnswer['bbox'] = null;
  for (const answer of answers) {
    for (const [layer, list] of Object.entries(answer.ids)) for (const id of list ?? []) (ids[layer] ??= new Set()).add(id);
    const b = answer.bbox;
    if (b) bbox = bbox ? [Math.min(bbox[0], b[0]), Math.min(bbox[1], b[1]), Math.max(bbox[2], b[2]), Math.max(bbox[3], b[3])] : b;
  }
  const lists = Object.fromEntries(Object.entries(ids).map(([layer, set]) => [layer, [...set]]));
  return { ids: lists, bbox, count: Object.values(lists).reduce((n, list) => n + list.length, 0) };
}

const sameFocus = (a: Focus | null, b: Focus | null): boolean => a?.packId === b?.packId && a?.ruleId === b?.ruleId && a?.scope === b?.scope;

export function DashboardPanel({ ctx }: { ctx: ReportContext }) {
  const { t, lang } = useI18n();
  const { report, packIds } = ctx;
  // The context is rebuilt on every render of the editor: effects read its newest value.
  const ctxRef = useRef(ctx);
  ctxRef.current = ctx;
  const ask = useMemo(() => asker((q) => ctxRef.current.report.query(q)), []);
  const trends = useTrends(ctx.api, ctx.project.id, packIds);
  const [focus, setFocus] = useState<Focus | null>(null);
  const [focusState, setFocusState] = useState<FocusState | null>(null);

  const packKey = packIds.join('\n');
  useEffect(() => {
    ctxRef.current.report.evaluate(packKey === '' ? [] : packKey.split('\n'), reportLang(lang));
  }, [packKey, lang, report.revision]);

  const message = report.report;
  const citySeq = message?.citySeq ?? 0;
  // The benchmark measures an edit until the dashboard's DOM holds its reports (the commit;
  // the browser paints it in its next frame).
  useLayoutEffect(() => {
    if (message) ctxRef.current.report.markRendered(message.citySeq);
  }, [message]);

  const onFocus = useCallback((packId: string, ruleId: string, scope: string | null) => {
    const next: Focus = { packId, ruleId, scope };
    setFocus((previous) => (sameFocus(previous, next) ? null : next));
  }, []);

  // The marked features follow the focus, and the edits: a new report asks again. The map
  // is framed only when the focus itself changes, never under the planner's pointer after an edit.
  const framed = useRef<Focus | null>(null);
  const rowsOfFocus = focus ? message?.reports.find((r) => r.packId === focus.packId)?.report.rules.filter((row) => row.id === focus.ruleId) : undefined;
  const focusScopes = focus ? (focus.scope !== null ? [focus.scope] : (rowsOfFocus ?? []).map((row) => row.scope)) : [];
  const scopesKey = focusScopes.join('\n');
  useEffect(() => {
    if (focus === null || scopesKey === '') {
      if (focus === null) {
        ctxRef.current.mark('focus', null);
        framed.current = null;
        setFocusState(null);
      }
      return;
    }
    let live = true;
    setFocusState((s) => (s?.status === 'done' ? s : { status: 'loading' }));
    Promise.all(scopesKey.split('\n').map((scope) => ask({ kind: 'features', packId: focus.packId, ruleId: focus.ruleId, scope }))).then(
      (answers) => {
        if (!live) return;
        const { ids, bbox, count } = merge(answers);
        ctxRef.current.mark('focus', ids);
        if (bbox && !sameFocus(framed.current, focus)) ctxRef.current.fitBounds(bbox);
        framed.current = focus;
        setFocusState({ status: 'done', count });
      },
      (e: unknown) => live && setFocusState({ status: 'failed', message: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, [ask, focus, scopesKey, citySeq]);

  // Esc clears the focus; leaving the dashboard clears its marks.
  useEffect(() => {
    if (focus === null) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') setFocus(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focus]);
  useEffect(() => () => ctxRef.current.mark('focus', null), []);

  const onBreakdownRow = useCallback((row: BreakdownRow, level: BreakdownLevelKind) => {
    ctxRef.current.mark('focus', { [row.layer]: row.featureIds });
    ctxRef.current.fitFeatures(row.featureIds);
    if (level === 'parcel') ctxRef.current.select('parcels', [row.key]);
  }, []);
  const onContribution = useCallback((row: ContributionRow) => setFocus({ packId: row.packId, ruleId: row.ruleId, scope: row.scope }), []);

  const selectedParcel = ctx.selection.layer === 'parcels' && ctx.selection.ids.size === 1 ? [...ctx.selection.ids][0] : null;

  // The active card's body: how many features are marked, and the breakdown of one result.
  let focusBody: ReactNode = null;
  if (focus !== null) {
    const rows = rowsOfFocus ?? [];
    const scope = focus.scope ?? (rows.length === 1 ? rows[0].scope : null);
    const scopeName = rows.find((row) => row.scope === scope)?.scopeName ?? '';
    focusBody = (
      <>
        {focusState ? (
          <p className={`card-note${focusState.status === 'failed' ? ' card-error' : ''}`} data-testid="focus-note" role="status">
            {focusState.status === 'loading' ? t('dashboard.card.focusing') : null}
            {focusState.status === 'done' ? (focusState.count > 0 ? t('dashboard.card.focused', { n: formatNumber(lang, focusState.count) }) : t('dashboard.card.noFeatures')) : null}
            {focusState.status === 'failed' ? t('dashboard.card.focusFailed', { message: focusState.message }) : null}
          </p>
        ) : null}
        {scope !== null ? <Breakdown ask={ask} packId={focus.packId} ruleId={focus.ruleId} scope={scope} scopeName={scopeName} citySeq={citySeq} onRow={onBreakdownRow} /> : null}
      </>
    );
  }

  const updating = report.status === 'evaluating' && message !== null;
  let body: ReactNode;
  if (report.error !== null) {
    body = <ErrorBody error={report.error} />;
  } else if (packIds.length === 0) {
    body = <p className="panel-message">{t('dashboard.packs.none')}</p>;
  } else if (message === null) {
    body = (
      <p className="panel-message" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" />
        {t(report.status === 'loading' ? 'report.loadingCity' : 'report.loading')}
      </p>
    );
  } else {
    body = packIds.map((id) => {
      const pack = message.reports.find((r) => r.packId === id);
      if (!pack) return updating ? null : <p key={id} className="panel-message">{t('dashboard.pack.unknown', { id })}</p>;
      const packFocus = focus?.packId === id ? focus : null;
      return <PackSection key={id} pack={pack} focus={packFocus} trend={trends.get(id)} onFocus={onFocus} focusBody={packFocus ? focusBody : null} />;
    });
  }

  const baseline = ctx.baseline;
  return (
    <section className="panel dashboard" data-testid="dashboard" aria-labelledby="dashboard-title" aria-busy={report.status === 'loading' || report.status === 'evaluating'} data-city-seq={citySeq}>
      <div className="panel-head">
        <h2 id="dashboard-title" className="panel-title">
          {t('dashboard.title')}
        </h2>
        {updating ? (
          <span className="updating" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('report.updating')}
          </span>
        ) : null}
      </div>
      <PackChooser packs={report.packs} chosen={packIds} onChange={ctx.setPackIds} />
      {baseline ? (
        <p className="baseline-note" data-testid="dashboard-baseline">
          {message?.baselineId === baseline.snapshotId
            ? t('dashboard.baseline', { name: baseline.name, date: new Date(baseline.createdAt).toLocaleDateString(lang) })
            : t('dashboard.baseline.loading', { name: baseline.name })}
        </p>
      ) : null}
      {selectedParcel !== null && message !== null ? <Contributions ask={ask} parcelId={selectedParcel} packIds={packIds} citySeq={citySeq} onRow={onContribution} /> : null}
      <div className={`dashboard-body${updating ? ' is-updating' : ''}`}>{body}</div>
    </section>
  );
}
