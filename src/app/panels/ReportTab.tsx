// The compliance report of the side panel: a pack selector over the report the worker
// computes for the project as it is now.
import { useEffect, useState } from 'react';
import { formatMs } from '../format';
import { useI18n } from '../i18n';
import type { ReportLang } from '../worker/messages';
import type { UseReport } from '../worker/useReport';
import { DataPanel } from './DataPanel';
import { ReportPanel } from './ReportPanel';

/** The pack shown first. */
const DEFAULT_PACK = 'wuhan-2025';

export function ReportTab({ report }: { report: UseReport }) {
  const { t, lang } = useI18n();
  const reportLang: ReportLang = lang === 'en' ? 'en' : 'zh';
  const [packId, setPackId] = useState(DEFAULT_PACK);
  const { evaluate } = report;

  // The worker queues this behind the city's loading; a newer request supersedes it.
  useEffect(() => {
    evaluate(packId, reportLang);
  }, [evaluate, packId, reportLang, report.revision]);

  const shown = report.report;
  const toolbar = (
    <div className="report-toolbar">
      <label className="pack-field">
        <span className="pack-label">{t('pack.label')}</span>
        <select className="pack-select" data-testid="pack-select" value={packId} disabled={report.packs.length === 0} onChange={(event) => setPackId(event.target.value)}>
          {report.packs.length === 0 ? <option value={packId}>{t('pack.loading')}</option> : null}
          {report.packs.map((pack) => (
            <option key={pack.id} value={pack.id}>
              {pack.title[reportLang]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
  const footer = shown ? t(shown.cached ? 'report.computedCached' : 'report.computed', { ms: formatMs(lang, shown.evaluateMs) }) : null;
  return (
    <>
    <DataPanel layers={report.layersLoaded} load={report.load} failed={report.status === 'error'} />
    <ReportPanel
      report={shown ? shown.report : null}
      loading={report.status === 'loading'}
      updating={report.status === 'evaluating' || (shown !== null && (shown.packId !== packId || shown.lang !== reportLang))}
      error={report.error}
      toolbar={toolbar}
      footer={footer}
    />
    </>
  );
}
