// The policy packs the dashboard shows, several at once, in the order they were chosen.
import { useI18n } from '../i18n';
import type { PackInfo } from '../worker/messages';

export function PackChooser({ packs, chosen, onChange }: { packs: readonly PackInfo[]; chosen: readonly string[]; onChange(ids: readonly string[]): void }) {
  const { t, lang } = useI18n();
  if (packs.length === 0)
    return (
      <p className="pack-chooser muted" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('pack.loading')}
      </p>
    );
  return (
    <fieldset className="pack-chooser" data-testid="pack-chooser">
      <legend>{t('pack.label')}</legend>
      {packs.map((pack) => {
        const on = chosen.includes(pack.id);
        const title = lang === 'en' ? pack.title.en : pack.title.zh;
        return (
          <label key={pack.id} className={`pack-chip${on ? ' pack-chip-on' : ''}`} title={`${title}（${pack.version}）`}>
            <input
              type="checkbox"
              data-testid={`pack-${pack.id}`}
              checked={on}
              onChange={() => onChange(on ? chosen.filter((id) => id !== pack.id) : [...chosen, pack.id])}
            />
            <span className="pack-chip-id">{pack.id}</span>
            <span className="pack-chip-title">{title}</span>
          </label>
        );
      })}
    </fieldset>
  );
}
