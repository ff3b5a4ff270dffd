import { useEffect, useState } from 'react';
import { formatMs } from './format';
import { useI18n } from './i18n';
import { DataPanel } from './panels/DataPanel';
import { ReportPanel } from './panels/ReportPanel';
import type { ReportLang } from './worker/messages';
import { useReport } from './worker/useReport';

/** The pack shown first. */
const DEFAULT_PACK = 'wuhan-2025';

/** Where the build serves the demo city's layers (see vite.config.ts). */
const DEMO_CITY_URL = new URL('demo/wuhan/', document.baseURI).href;

export function App() {
  const { t, lang, setLang } = useI18n();
  const otherLang = lang === 'zh-CN' ? 'en' : 'zh-CN';
  const reportLang: ReportLang = lang === 'en' ? 'en' : 'zh';
  const [packId, setPackId] = useState(DEFAULT_PACK);
  const report = useReport(DEMO_CITY_URL);
  const { evaluate } = report;

  useEffect(() => {
    document.title = t('app.documentTitle');
  }, [t]);

  // The worker queues this behind the city's loading; a newer request supersedes it.
  useEffect(() => {
    evaluate(packId, reportLang);
  }, [evaluate, packId, reportLang]);

  const shown = report.report;

  const toolbar = (
    <div className="report-toolbar">
      <label className="pack-field">
        <span className="pack-label">{t('pack.label')}</span>
        <select
          className="pack-select"
          data-testid="pack-select"
          value={packId}
          disabled={report.packs.length === 0}
          onChange={(event) => setPackId(event.target.value)}
        >
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

  const footer = shown
    ? t(shown.cached ? 'report.computedCached' : 'report.computed', { ms: formatMs(lang, shown.evaluateMs) })
    : null;

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <h1 className="brand-name">{t('app.name')}</h1>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <button
          type="button"
          className="lang-switch"
          data-testid="lang-switch"
          title={t('lang.switchTitle')}
          onClick={() => setLang(otherLang)}
        >
          <span lang={otherLang}>{t('lang.switch')}</span>
        </button>
      </header>

      <main className="app-main">
        <div className="side">
          <section className="panel intro" aria-labelledby="intro-title">
            <h2 id="intro-title" className="intro-heading">
              {t('intro.heading')}
            </h2>
            <p className="intro-body">{t('intro.body')}</p>
            <h3 className="intro-subheading">{t('intro.features')}</h3>
            <ul className="feature-list">
              <li>{t('intro.feature.area')}</li>
              <li>{t('intro.feature.quota')}</li>
              <li>{t('intro.feature.price')}</li>
            </ul>
            <p className="intro-note">{t('intro.mapNote')}</p>
          </section>
          <DataPanel layers={report.layersLoaded} load={report.load} failed={report.status === 'error'} />
        </div>

        <ReportPanel
          report={shown ? shown.report : null}
          loading={report.status === 'loading'}
          updating={report.status === 'evaluating' || (shown !== null && (shown.packId !== packId || shown.lang !== reportLang))}
          error={report.error}
          toolbar={toolbar}
          footer={footer}
        />
      </main>
    </div>
  );
}
