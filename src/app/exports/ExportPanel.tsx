// The exports section of the report tab: choose the pack, the language and whether the
// chosen baseline goes in, then download the parcels (GeoJSON, FlatGeobuf, CSV) and the rule
// results (CSV) straight from the server, or open the printable report in a new tab.
import { useState } from 'react';
import { useI18n } from '../i18n';
import type { ReportContext } from '../panels/reportContext';
import { exportHref, printHref, type ExportLang } from './exportLinks';
import './exports.css';

export function ExportPanel({ ctx }: { ctx: ReportContext }) {
  const { t, lang: uiLang } = useI18n();
  const packs = ctx.report.packs;
  // the dashboard's packs first, then the rest of the shipped ones
  const ordered = [...ctx.packIds.flatMap((id) => packs.filter((p) => p.id === id)), ...packs.filter((p) => !ctx.packIds.includes(p.id))];
  const [chosen, setChosen] = useState<string | null>(null);
  const packId = chosen ?? ordered[0]?.id ?? ctx.packIds[0] ?? null;
  const [lang, setLang] = useState<ExportLang>(uiLang === 'en' ? 'en' : 'zh');
  const [withBaseline, setWithBaseline] = useState(true);
  const baseline = withBaseline ? (ctx.baseline?.snapshotId ?? null) : null;
  const project = ctx.project.id;

  if (packId === null) return <p className="empty-note">{t('exports.noPacks')}</p>;
  const query = { project, policy: packId, lang, baseline };
  const links = [
    { testId: 'export-geojson', format: 'geojson', label: t('exports.geojson') },
    { testId: 'export-fgb', format: 'fgb', label: t('exports.fgb') },
    { testId: 'export-csv-parcels', format: 'csv', label: t('exports.csvParcels') },
    { testId: 'export-csv-rules', format: 'rules-csv', label: t('exports.csvRules') },
  ] as const;

  return (
    <section className="export-panel" data-testid="export-panel">
      <div className="export-options">
        <label>
          <span>{t('exports.pack')}</span>
          <select value={packId} data-testid="export-pack" onChange={(e) => setChosen(e.target.value)}>
            {ordered.map((p) => (
              <option key={p.id} value={p.id}>
                {p.id} · {p.title[lang]}（{p.version}）
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('exports.lang')}</span>
          <select value={lang} data-testid="export-lang" onChange={(e) => setLang(e.target.value === 'en' ? 'en' : 'zh')}>
            <option value="zh">{t('exports.lang.zh')}</option>
            <option value="en">{t('exports.lang.en')}</option>
          </select>
        </label>
        {ctx.baseline ? (
          <label className="export-check">
            <input type="checkbox" checked={withBaseline} data-testid="export-baseline" onChange={(e) => setWithBaseline(e.target.checked)} />
            <span>{t('exports.baseline', { name: ctx.baseline.name })}</span>
          </label>
        ) : (
          <p className="export-note">{t('exports.noBaseline')}</p>
        )}
      </div>
      <h4>{t('exports.files')}</h4>
      <ul className="export-links">
        {links.map((l) => (
          <li key={l.testId}>
            <a download href={exportHref(l.format, query)} data-testid={l.testId}>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
      <a className="export-print" href={printHref(query)} target="_blank" rel="noopener" data-testid="export-print">
        {t('exports.print')}
      </a>
      <p className="export-note">{t('exports.hint')}</p>
    </section>
  );
}
