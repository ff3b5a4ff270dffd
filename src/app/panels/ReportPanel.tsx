// The compliance report: one row per rule evaluated by the domain evaluator. The app
// will feed it from a Web Worker; until then it shows a placeholder.
import { useI18n, type Lang } from '../i18n';

export type RuleStatus = 'pass' | 'warn' | 'fail' | 'n/a';

export const RULE_STATUSES: readonly RuleStatus[] = ['pass', 'warn', 'fail', 'n/a'];

export interface ReportRule {
  id: string;
  scope: string;
  title: string;
  value: number | null;
  unit: string;
  threshold: number | null;
  status: RuleStatus;
  reason?: string;
}

export interface ReportPanelProps {
  /** The evaluated rules, or `null` while no city has been evaluated. */
  rules: ReportRule[] | null;
  loading: boolean;
  error?: string;
}

/** CSS class suffix of a status (`n/a` is not a valid class name). */
function statusClass(status: RuleStatus): string {
  return status === 'n/a' ? 'na' : status;
}

/** Units written straight after the number (27.4%, not 27.4 %). */
const UNSPACED_UNITS: ReadonlySet<string> = new Set(['%', '‰']);

function formatNumber(lang: Lang, value: number): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(value);
}

export function ReportPanel({ rules, loading, error }: ReportPanelProps) {
  const { t, lang } = useI18n();

  const quantity = (value: number | null, unit: string): string => {
    if (value === null) return t('report.noValue');
    const number = formatNumber(lang, value);
    if (!unit) return number;
    return UNSPACED_UNITS.has(unit) ? `${number}${unit}` : `${number} ${unit}`;
  };

  let body;
  if (loading) {
    body = (
      <p className="panel-message" role="status" aria-live="polite">
        {t('report.loading')}
      </p>
    );
  } else if (error !== undefined) {
    body = (
      <p className="panel-message panel-error" role="alert">
        {t('report.error', { message: error })}
      </p>
    );
  } else if (rules === null) {
    body = <p className="panel-message">{t('report.placeholder')}</p>;
  } else if (rules.length === 0) {
    body = <p className="panel-message">{t('report.empty')}</p>;
  } else {
    const count = (status: RuleStatus): number => rules.filter((rule) => rule.status === status).length;
    body = (
      <div className="table-scroll">
        <table className="report-table">
          <caption>
            {t('report.summary', {
              total: rules.length,
              pass: count('pass'),
              warn: count('warn'),
              fail: count('fail'),
              na: count('n/a'),
            })}
          </caption>
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
              <th scope="col">{t('report.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={`${rule.scope}\u0000${rule.id}`}>
                <td className="rule-id">{rule.id}</td>
                <td>{rule.scope}</td>
                <td>
                  {rule.title}
                  {rule.reason ? <div className="rule-reason">{rule.reason}</div> : null}
                </td>
                <td className="num">{quantity(rule.value, rule.unit)}</td>
                <td className="num">{quantity(rule.threshold, rule.unit)}</td>
                <td>
                  <span className={`status status-${statusClass(rule.status)}`}>
                    {t(`report.status.${rule.status}`)}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <section className="panel report-panel" data-testid="report-panel" aria-labelledby="report-panel-title" aria-busy={loading}>
      <h2 id="report-panel-title" className="panel-title">
        {t('report.title')}
      </h2>
      {body}
    </section>
  );
}
