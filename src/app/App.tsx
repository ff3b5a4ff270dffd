import { useEffect } from 'react';
import { useI18n } from './i18n';
import { ReportPanel } from './panels/ReportPanel';

export function App() {
  const { t, lang, setLang } = useI18n();
  const otherLang = lang === 'zh-CN' ? 'en' : 'zh-CN';

  useEffect(() => {
    document.title = t('app.documentTitle');
  }, [t]);

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

        <ReportPanel rules={null} loading={false} />
      </main>
    </div>
  );
}
