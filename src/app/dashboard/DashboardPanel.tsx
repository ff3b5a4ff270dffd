// STUB (issue 6 scaffolding): replaced by the real panel.
import { useI18n } from '../i18n';
import type { ReportContext } from '../panels/reportContext';

export function DashboardPanel({ ctx }: { ctx: ReportContext }) {
  const { t } = useI18n();
  return <p className="empty-note" data-project={ctx.project.id}>{t('dashboard.title')}</p>;
}
