// One chosen pack: its title, version and tally, then a card per rule.
import { useMemo, type ReactNode } from 'react';
import type { TrendResponse } from '../../api/types';
import type { RuleStatus } from '../../domain/policy/pack';
import { useI18n } from '../i18n';
import { interpolateNodes } from '../i18n/nodes';
import type { PackReport } from '../worker/messages';
import { groupRules, statusClass, tally } from './groupRules';
import { RuleCard } from './RuleCard';

export interface Focus {
  packId: string;
  ruleId: string;
  /** one result of the rule, or null for all of them */
  scope: string | null;
}

export interface PackSectionProps {
  pack: PackReport;
  /** the focused rule when it is in this pack */
  focus: Focus | null;
  trend: TrendResponse | undefined;
  onFocus(packId: string, ruleId: string, scope: string | null): void;
  /** what the focused card shows under its figures */
  focusBody: ReactNode;
}

export function PackSection({ pack, focus, trend, onFocus, focusBody }: PackSectionProps) {
  const { t } = useI18n();
  const { report } = pack;
  const groups = useMemo(() => groupRules(report.rules), [report.rules]);
  const counts = useMemo(() => tally(report.rules), [report.rules]);
  const figure = (status: RuleStatus): ReactNode => <b className={`tally-figure tally-${statusClass(status)}`}>{counts[status]}</b>;
  return (
    <section className="pack-section" data-testid={`pack-section-${pack.packId}`} data-pack={pack.packId}>
      <header className="pack-head">
        <h3 className="pack-title">{report.title}</h3>
        <p className="pack-meta">
          <span>{pack.packId}</span>
          <span>{t('dashboard.pack.meta', { version: report.version, rules: groups.length })}</span>
        </p>
        <p className="pack-summary" data-testid={`pack-summary-${pack.packId}`}>
          {interpolateNodes(t('report.summary'), { pass: figure('pass'), warn: figure('warn'), fail: figure('fail'), na: figure('n/a') })}
        </p>
        {(report.assumptions ?? []).map((a) => (
          <p key={a.status} className="pack-assumption" data-testid={`pack-assumption-${pack.packId}`}>
            {t('dashboard.pack.assumed', { text: a.text })}
          </p>
        ))}
      </header>
      {groups.length === 0 ? <p className="panel-message">{t('report.empty')}</p> : null}
      <div className="cards">
        {groups.map((group) => {
          const active = focus !== null && focus.ruleId === group.id;
          return (
            <RuleCard key={group.id} packId={pack.packId} group={group} active={active} activeScope={active ? focus.scope : null} trend={trend} onFocus={onFocus}>
              {active ? focusBody : undefined}
            </RuleCard>
          );
        })}
      </div>
    </section>
  );
}
