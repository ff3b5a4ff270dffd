// A result status as the badge every card, bar and breakdown row shows.
import type { RuleStatus } from '../../domain/policy/pack';
import { useI18n } from '../i18n';
import { statusClass } from './groupRules';

export function StatusBadge({ status }: { status: RuleStatus }) {
  const { t } = useI18n();
  return <span className={`status status-${statusClass(status)}`}>{t(`report.status.${status}`)}</span>;
}
