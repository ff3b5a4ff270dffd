// What the report is computed from: the demo city's layers, and how long the worker
// took to download, read, check and measure them.
import { formatMs, formatNumber } from '../format';
import { useI18n } from '../i18n';
import type { LayerCounts, LoadTiming } from '../worker/messages';

export interface DataPanelProps {
  layers: LayerCounts | null;
  load: { timing: LoadTiming } | null;
  failed: boolean;
}

export function DataPanel({ layers, load, failed }: DataPanelProps) {
  const { t, lang } = useI18n();
  const city = t('data.demoCity');
  const n = (value: number): string => formatNumber(lang, value);
  const ms = (value: number): string => formatMs(lang, value);

  return (
    <section className="panel data-panel" aria-labelledby="data-panel-title">
      <h2 id="data-panel-title" className="panel-title">
        {t('data.title')}
      </h2>
      {layers === null || load === null ? (
        <p className="data-summary muted" role="status">
          {failed ? null : <span className="spinner" aria-hidden="true" />}
          {t(failed ? 'data.failed' : 'data.loading', { city })}
        </p>
      ) : (
        <>
          <p className="data-summary" data-testid="data-summary">
            {t('data.summary', {
              city,
              districts: n(layers.districts),
              zones: n(layers.zones),
              parks: n(layers.parks),
              parcels: n(layers.parcels),
            })}
          </p>
          <p className="data-computed" data-testid="data-timing">
            {t('data.computed', { ms: ms(load.timing.total) })}
          </p>
        </>
      )}
      <p className="data-note">{t('data.note')}</p>
    </section>
  );
}
