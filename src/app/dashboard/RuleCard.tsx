// One card per rule: its figure against the target and the status, the clause in Chinese,
// and a picture where one reads faster than figures: a gauge for a share, bars for a rule
// evaluated per district or park, the trend across saved snapshots. Clicking the card (or
// a bar) marks the features behind the figure; the active card shows the breakdown.
// Cards are memoised on what they show, so an edit re-renders only the cards it changed.
import { memo, type ReactNode } from 'react';
import type { TrendResponse } from '../../api/types';
import { formatter, formatNumber, type Formatter } from '../format';
import { useI18n, type Lang, type MessageKey, type Translate } from '../i18n';
import type { ReportRow, ScopeKind } from '../worker/messages';
import { Bars } from './Bars';
import { Gauge } from './Gauge';
import { groupTarget } from './groupTarget';
import { statusClass, type RuleGroup } from './groupRules';
import { StatusBadge } from './StatusBadge';
import { Trend, type TrendPoint } from './Trend';

const SCOPE_COUNT_KEYS: Readonly<Record<ScopeKind, MessageKey>> = {
  city: 'scope.count.city',
  district: 'scope.count.district',
  tier: 'scope.count.tier',
  park: 'scope.count.park',
};

/** The rule across the snapshots, then now: a single result's value, or how many results fail. */
function trendPoints(trend: TrendResponse, group: RuleGroup, f: Formatter, t: Translate, lang: Lang): TrendPoint[] {
  const single = group.rows.length === 1 ? group.rows[0] : null;
  const describe = (value: number | null): string => (single ? f.quantity(value, single.unit) : value === null ? t('report.noValue') : formatNumber(lang, value));
  const points = [...trend.points]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((point): TrendPoint => {
      const rows = point.rules.filter((r) => r.id === group.id);
      const hit = single ? rows.find((r) => r.scope === single.scope) : undefined;
      const value = single ? (hit?.value ?? null) : rows.length > 0 ? rows.filter((r) => r.status === 'fail').length : null;
      const date = new Date(point.createdAt).toLocaleDateString(lang);
      return { label: t('dashboard.trend.point', { name: point.name, date, value: describe(value) }), value, status: single ? (hit?.status ?? null) : null };
    });
  const now = single ? single.value : group.tally.fail;
  points.push({ label: `${t('dashboard.trend.now')}: ${describe(now)}`, value: now, status: single ? single.status : null });
  return points;
}

function Figures({ row, f, t }: { row: ReportRow; f: Formatter; t: Translate }) {
  const gauge = row.unit === 'ratio' && row.threshold !== null;
  return (
    <div className="card-figures">
      {gauge ? (
        <Gauge
          value={row.value}
          threshold={row.threshold}
          status={row.status}
          label={f.quantity(row.value, row.unit)}
          title={t('dashboard.gauge.label', { value: f.quantity(row.value, row.unit), target: f.target(row.compare, row.threshold, row.unit) })}
        />
      ) : null}
      <dl className="figures">
        <div>
          <dt>{t('dashboard.card.value')}</dt>
          <dd className="figure-value">{f.quantity(row.value, row.unit)}</dd>
        </div>
        <div>
          <dt>{t('dashboard.card.target')}</dt>
          <dd>{f.target(row.compare, row.threshold, row.unit)}</dd>
        </div>
        <div>
          <dt>{t('dashboard.card.gap')}</dt>
          <dd className={row.status === 'fail' ? 'gap-short' : undefined}>{f.gap(row.gap, row.unit)}</dd>
        </div>
      </dl>
    </div>
  );
}

export interface RuleCardProps {
  packId: string;
  group: RuleGroup;
  /** the card's features are marked on the map */
  active: boolean;
  /** the scope (bar) chosen, when the card is active */
  activeScope: string | null;
  trend: TrendResponse | undefined;
  onFocus(packId: string, ruleId: string, scope: string | null): void;
  /** what the active card shows under its figures (focus note, breakdown) */
  children?: ReactNode;
}

function Card({ packId, group, active, activeScope, trend, onFocus, children }: RuleCardProps) {
  const { t, lang } = useI18n();
  const f = formatter(t, lang);
  const single = group.rows.length === 1 ? group.rows[0] : null;
  const reasons = [...new Set(group.rows.map((row) => row.reason).filter((r): r is string => !!r))];
  const features = group.rows.reduce((sum, row) => sum + row.featureCount, 0);
  const toggle = (): void => onFocus(packId, group.id, null);
  return (
    <article
      className={`rule-card card-${statusClass(group.status)}${active ? ' rule-card-active' : ''}`}
      data-testid={`rule-${group.id}`}
      data-pack={packId}
      data-status={group.status}
      data-scope={single?.scope}
      onClick={toggle}
    >
      <header className="card-head">
        <button type="button" className="card-toggle" aria-pressed={active} title={t('dashboard.card.focusHint')} onClick={(e) => { e.stopPropagation(); toggle(); }}>
          <span className="rule-id">{group.id}</span>
          <span className="rule-title">{group.title}</span>
        </button>
        <StatusBadge status={group.status} />
      </header>
      {single ? (
        <Figures row={single} f={f} t={t} />
      ) : (
        <>
          <p className="card-tally">
            <span>{t(SCOPE_COUNT_KEYS[group.scopeKind], { n: group.rows.length })}</span>
            {(['fail', 'warn', 'pass', 'n/a'] as const).map((s) =>
              group.tally[s] > 0 ? (
                <span key={s} className={`tally tally-${statusClass(s)}`}>
                  {t(`report.status.${s}`)} {group.tally[s]}
                </span>
              ) : null,
            )}
            <span className="card-target">
              {t('dashboard.card.target')} {groupTarget(group.rows, group.scopeKind, f, t)}
            </span>
          </p>
          <Bars rows={group.ranked} f={f} activeScope={active ? activeScope : null} onScope={(scope) => onFocus(packId, group.id, scope)} />
        </>
      )}
      {reasons.length > 0 ? <p className="card-reason">{reasons.join('；')}</p> : null}
      {trend ? <Trend points={trendPoints(trend, group, f, t, lang)} threshold={single?.threshold ?? null} caption={single ? t('dashboard.trend.title') : `${t('dashboard.trend.title')} · ${t('dashboard.trend.failing')}`} /> : null}
      <p className="card-clause" lang="zh-CN" title={group.clause}>
        <span className="clause-label">{t('dashboard.card.clause')}</span>
        {group.clause}
      </p>
      {features > 0 ? <p className="card-meta muted">{t('dashboard.card.features', { n: formatNumber(lang, features) })}</p> : null}
      {active ? children : null}
    </article>
  );
}

export const RuleCard = memo(
  Card,
  (a, b) =>
    a.group.signature === b.group.signature &&
    a.packId === b.packId &&
    a.active === b.active &&
    a.activeScope === b.activeScope &&
    a.trend === b.trend &&
    a.onFocus === b.onFocus &&
    a.children === b.children,
);
