// The basemap setting: offline (the demo data's districts), OpenStreetMap, or Tianditu
// with the user's own key. Stored in this browser only.
import { BASEMAP_KINDS, type BasemapKind, type BasemapSettings } from '../map/basemap';
import { useI18n } from '../i18n';

export function BasemapPanel({ settings, onChange }: { settings: BasemapSettings; onChange(next: BasemapSettings): void }) {
  const { t } = useI18n();
  return (
    <section className="panel basemap-panel" data-testid="basemap-panel">
      <h3>{t('basemap.title')}</h3>
      <select data-testid="basemap-kind" value={settings.kind} onChange={(e) => onChange({ ...settings, kind: e.target.value as BasemapKind })}>
        {BASEMAP_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`basemap.kind.${kind}`)}
          </option>
        ))}
      </select>
      {settings.kind === 'tianditu' ? (
        <label className="basemap-key">
          <span>{t('basemap.tiandituKey')}</span>
          <input data-testid="basemap-key" value={settings.tiandituKey} onChange={(e) => onChange({ ...settings, tiandituKey: e.target.value })} placeholder={t('basemap.keyPlaceholder')} />
        </label>
      ) : null}
      <p className="basemap-note">{t(settings.kind === 'offline' ? 'basemap.offlineNote' : 'basemap.onlineNote')}</p>
    </section>
  );
}
