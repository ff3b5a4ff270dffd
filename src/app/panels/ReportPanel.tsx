// The compliance report: the results of the domain evaluator (computed in the report
// worker), one row per rule and scope. A rule evaluated over many scopes (every park,
// every district) is one heading with a tally; its rows follow worst first, and long
// lists show only their first failures until expanded.
import { useState, type ReactNode } from 'react';
import type { RuleStatus } from '../../domain/policy/pack';
import { formatter, formatNumber, type Formatter } from '../format';
import { useI18n, type Lang, type MessageKey, type Translate } from '../i18n';
import { interpolateNodes } from '../i18n/nodes';
import type { ErrorMessage, ReportRow, ReportView, ScopeKind } from '../worker/messages';
import { groupRules, RULE_STATUSES, tally, type RuleGroup } from './groupRules';

export { RULE_STATUSES };
export type { RuleStatus };

export interface ReportPanelProps {
  /** the report to show, or `null` while none has arrived */
  report: ReportView | null;
  /** the city is still loading (no report can come yet) */
  loading: boolean;
  /** a newer report is being computed; the one shown is outdated */
  updating: boolean;
  error: ErrorMessage | null;
  /** the pack selector, shown above the report */
  toolbar?: ReactNode;
  /** a note under the report (how long it took) */
  footer?: ReactNode;
}

/** Groups up to this size are always shown in full. */
const SMALL_GROUP = 8;
/** Collapsed groups show at most this many of their worst rows. */
const PREVIEW_ROWS = 5;
/** Problems listed in an error at most. */
const SHOWN_PROBLEMS = 20;

const COLUMNS = 7;

/** CSS class suffix of a status (`n/a` is not a valid class name). */
function statusClass(status: RuleStatus): string {
  return status === 'n/a' ? 'na' : status;
}

const SCOPE_COUNT_KEYS: Readonly<Record<ScopeKind, MessageKey>> = {
  city: 'scope.count.city',
  district: 'scope.count.district',
  tier: 'scope.count.tier',
  park: 'scope.count.park',
};

function StatusBadge({ status, t }: { status: RuleStatus; t: Translate }) {
  return <span className={`status status-${statusClass(status)}`}>{t(`report.status.${status}`)}</span>;
}

/** The target of a group: one figure when every row shares it, else the range. */
function groupTarget(group: RuleGroup, f: Formatter, t: Translate): string {
  const targets = group.rows.filter((row) => row.threshold !== null && row.compare !== null);
  if (targets.length === 0) return t('report.noValue');
  const first = targets[0];
  const thresholds = targets.map((row) => row.threshold as number);
  const low = Math.min(...thresholds);
  const high = Math.max(...thresholds);
  const sameOperator = targets.every((row) => row.compare === first.compare);
  if (low === high && sameOperator) return f.target(first.compare, low, first.unit);
  // city-wide sub-figures (W25-6: parks ≥ 1000亿, parks ≥ 100亿) have unrelated targets
  if (group.scopeKind === 'city') return t('report.group.perRow');
  const range = t('report.group.varies', { low: f.quantity(low, first.unit), high: f.quantity(high, first.unit) });
  return sameOperator && first.compare !== null ? `${f.operator(first.compare)} ${range}` : range;
}

interface RowProps {
  row: ReportRow;
  f: Formatter;
  t: Translate;
  lang: Lang;
  /** a row under a group heading: the id and title are in the heading */
  nested: boolean;
}

function ResultRow({ row, f, t, lang, nested }: RowProps) {
  const featureNote = row.featureCount > 0 ? t('report.features', { n: formatNumber(lang, row.featureCount) }) : undefined;
  return (
    <tr
      className={`result-row${nested ? ' nested' : ''} row-${statusClass(row.status)}`}
      data-testid={`rule-${row.id}`}
      data-scope={row.scope}
      data-status={row.status}
    >
      <td className="rule-id">{nested ? null : row.id}</td>
      <td className="rule-scope">{row.scopeName}</td>
      <td className="rule-title">
        {nested ? null : (
          <span className="clause-hint" title={t('report.clause', { clause: row.clause })}>
            {row.title}
          </span>
        )}
        {row.reason ? <div className="rule-reason">{row.reason}</div> : null}
      </td>
      <td className="num" title={featureNote}>
        {f.quantity(row.value, row.unit)}
      </td>
      <td className="num target">{f.target(row.compare, row.threshold, row.unit)}</td>
      <td className={`num gap${row.status === 'fail' ? ' gap-short' : ''}`}>{f.gap(row.gap, row.unit)}</td>
      <td className="rule-status">
        <StatusBadge status={row.status} t={t} />
      </td>
    </tr>
  );
}

interface GroupProps {
  group: RuleGroup;
  expanded: boolean;
  onToggle: () => void;
  f: Formatter;
  t: Translate;
  lang: Lang;
}

function GroupRows({ group, expanded, onToggle, f, t, lang }: GroupProps) {
  const size = group.rows.length;
  const small = size <= SMALL_GROUP;
  const problems = group.ranked.filter((row) => row.status === 'fail' || row.status === 'warn');
  const shown = small ? group.rows : expanded ? group.ranked : problems.slice(0, PREVIEW_ROWS);
  const hidden = size - shown.length;
  const tallyParts = RULE_STATUSES.filter((s) => group.tally[s] > 0).sort((a, b) => RULE_STATUSES.indexOf(b) - RULE_STATUSES.indexOf(a));
  return (
    <>
      <tr className="group-row" data-testid={`rule-group-${group.id}`} data-status={group.status}>
        <td className="rule-id">
          {small ? (
            group.id
          ) : (
            <button type="button" className="group-toggle" aria-expanded={expanded} onClick={onToggle} title={expanded ? t('report.group.collapse') : t('report.group.expand', { n: size })}>
              <span className="chevron" aria-hidden="true" />
              {group.id}
            </button>
          )}
        </td>
        <td className="rule-scope">{t(SCOPE_COUNT_KEYS[group.scopeKind], { n: size })}</td>
        <td className="rule-title">
          <span className="clause-hint" title={t('report.clause', { clause: group.clause })}>
            {group.title}
          </span>
        </td>
        <td className="num tally-cell">
          {tallyParts.map((s) => (
            <span key={s} className={`tally tally-${statusClass(s)}`}>
              {t(`report.status.${s}`)} {group.tally[s]}
            </span>
          ))}
        </td>
        <td className="num target">{groupTarget(group, f, t)}</td>
        <td className="num gap" />
        <td className="rule-status">
          <StatusBadge status={group.status} t={t} />
        </td>
      </tr>
      {shown.map((row) => (
        <ResultRow key={row.scope} row={row} f={f} t={t} lang={lang} nested />
      ))}
      {small ? null : (
        <tr className="group-more">
          <td />
          <td colSpan={COLUMNS - 1}>
            <button type="button" className="link-button" aria-expanded={expanded} onClick={onToggle}>
              {expanded ? t('report.group.collapse') : `${t('report.group.hidden', { n: hidden })} · ${t('report.group.expand', { n: size })}`}
            </button>
          </td>
        </tr>
      )}
    </>
  );
}

function ErrorBody({ error, t }: { error: ErrorMessage; t: Translate }) {
  const heading = error.kind === 'input' ? t('report.error.input', { n: error.problemCount }) : t(`report.error.${error.kind}`);
  const listed = error.problems.slice(0, SHOWN_PROBLEMS);
  const more = error.problemCount - listed.length;
  return (
    <div className="panel-message panel-error" role="alert" data-testid="report-error">
      <p className="error-heading">{t('report.error', { message: heading })}</p>
      {listed.length > 0 ? (
        <ul className="problem-list">
          {listed.map((p, i) => (
            <li key={i}>
              {interpolateNodes(t('report.problem'), {
                where: <code>{[p.file, p.feature, p.field].filter((part) => part).join(' ')}</code>,
                message: p.message,
              })}
            </li>
          ))}
        </ul>
      ) : (
        <p className="error-detail">{error.message}</p>
      )}
      {more > 0 ? <p className="error-detail">{t('report.error.more', { n: more })}</p> : null}
    </div>
  );
}

export function ReportPanel({ report, loading, updating, error, toolbar, footer }: ReportPanelProps) {
  const { t, lang } = useI18n();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const f = formatter(t, lang);

  const toggle = (key: string): void =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  let body: ReactNode;
  if (error !== null) {
    body = <ErrorBody error={error} t={t} />;
  } else if (report === null) {
    body = (
      <p className="panel-message" role="status" aria-live="polite">
        {loading || updating ? (
          <>
            <span className="spinner" aria-hidden="true" />
            {t(loading ? 'report.loadingCity' : 'report.loading')}
          </>
        ) : (
          t('report.placeholder')
        )}
      </p>
    );
  } else if (report.rules.length === 0) {
    body = <p className="panel-message">{t('report.empty')}</p>;
  } else {
    const groups = groupRules(report.rules);
    const counts = tally(report.rules);
    const figure = (status: RuleStatus): ReactNode => <b className={`tally-figure tally-${statusClass(status)}`}>{counts[status]}</b>;
    body = (
      <>
        <div className="report-heading">
          <p className="report-meta">
            <span>{report.policy}</span>
            <span>{t('report.version', { version: report.version })}</span>
            <span>{t('report.counts', { rules: groups.length, results: report.rules.length })}</span>
          </p>
          <p className="report-summary" data-testid="report-summary">
            {interpolateNodes(t('report.summary'), { pass: figure('pass'), warn: figure('warn'), fail: figure('fail'), na: figure('n/a') })}
          </p>
        </div>
        <div className={`table-wrap${updating ? ' is-updating' : ''}`}>
          <table className="report-table" data-testid="report-table" data-policy={report.policy}>
            <thead>
              <tr>
                <th scope="col">{t('report.col.id')}</th>
                <th scope="col">{t('report.col.scope')}</th>
                <th scope="col">{t('report.col.title')}</th>
                <th scope="col" className="num">
                  {t('report.col.value')}
                </th>
                <th scope="col" className="num">
                  {t('report.col.threshold')}
                </th>
                <th scope="col" className="num">
                  {t('report.col.gap')}
                </th>
                <th scope="col">{t('report.col.status')}</th>
              </tr>
            </thead>
            {groups.map((group) => {
              const key = `${report.policy}\u0000${group.id}`;
              return (
                <tbody key={key} className="rule-group">
                  {group.rows.length === 1 ? (
                    <ResultRow row={group.rows[0]} f={f} t={t} lang={lang} nested={false} />
                  ) : (
                    <GroupRows group={group} expanded={expanded.has(key)} onToggle={() => toggle(key)} f={f} t={t} lang={lang} />
                  )}
                </tbody>
              );
            })}
          </table>
        </div>
      </>
    );
  }

  return (
    <section
      className="panel report-panel"
      data-testid="report-panel"
      aria-labelledby="report-panel-title"
      aria-busy={loading || updating}
    >
      <div className="panel-head">
        <h2 id="report-panel-title" className="panel-title">
          {t('report.title')}
        </h2>
        {updating && report !== null ? (
          <span className="updating" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('report.updating')}
          </span>
        ) : null}
      </div>
      {toolbar}
      {body}
      {footer && report !== null && error === null ? <p className="panel-footer">{footer}</p> : null}
    </section>
  );
}
