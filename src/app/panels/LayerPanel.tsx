// The layer panel: which map layers show, how opaque, with labels or not, what parcels
// are coloured by, and the legend of what is on the map.
import type { CSSProperties } from 'react';
import { LAYER_NAMES, type LayerName } from '../../domain/schema/kinds';
import { useI18n } from '../i18n';
import {
  isParcelColouring,
  legendFor,
  PARCEL_COLOURINGS,
  type LayerSettings,
  type LayerSettingsMap,
  type ParcelColouring,
} from '../map/layerStyles';
import './layerPanel.css';

export interface LayerPanelProps {
  settings: LayerSettingsMap;
  colouring: ParcelColouring;
  onSettings(next: LayerSettingsMap): void;
  onColouring(next: ParcelColouring): void;
}

/** Drawn as outlines on the map, so their legend swatch is an outline too. */
const OUTLINE_KINDS: ReadonlySet<LayerName> = new Set<LayerName>(['districts', 'zones']);

/** Legends longer than this go into two columns (the 15 land grades). */
const ONE_COLUMN_MAX = 10;

export function LayerPanel({ settings, colouring, onSettings, onColouring }: LayerPanelProps) {
  const { t, lang } = useI18n();
  const change = (kind: LayerName, patch: Partial<LayerSettings>): void =>
    onSettings({ ...settings, [kind]: { ...settings[kind], ...patch } });

  return (
    <section className="panel layer-panel" data-testid="layer-panel" aria-labelledby="layer-panel-title">
      <h2 id="layer-panel-title" className="panel-title">
        {t('layers.title')}
      </h2>
      <ul className="layer-list">
        {LAYER_NAMES.map((kind) => {
          const layer = settings[kind];
          const name = t(`layers.name.${kind}`);
          const percent = Math.round(layer.opacity * 100);
          const legend = layer.visible ? legendFor(kind, colouring) : [];
          return (
            <li key={kind} className="layer-item">
              <div className="layer-row">
                <label className="layer-name">
                  <input
                    type="checkbox"
                    data-testid={`layer-visible-${kind}`}
                    checked={layer.visible}
                    aria-label={t('layers.visible', { layer: name })}
                    onChange={(event) => change(kind, { visible: event.currentTarget.checked })}
                  />
                  <span>{name}</span>
                </label>
                <label className="layer-labels">
                  <input
                    type="checkbox"
                    data-testid={`layer-labels-${kind}`}
                    checked={layer.labels}
                    aria-label={t('layers.labelsOf', { layer: name })}
                    onChange={(event) => change(kind, { labels: event.currentTarget.checked })}
                  />
                  <span>{t('layers.labels')}</span>
                </label>
              </div>
              <div className="layer-opacity">
                <span className="layer-opacity-label">{t('layers.opacity')}</span>
                <input
                  type="range"
                  min={0}
                  max={100}
                  step={5}
                  data-testid={`layer-opacity-${kind}`}
                  value={percent}
                  aria-label={t('layers.opacityOf', { layer: name })}
                  aria-valuetext={t('layers.opacityValue', { n: percent })}
                  onChange={(event) => change(kind, { opacity: Number(event.currentTarget.value) / 100 })}
                />
                <output className="layer-opacity-value">{t('layers.opacityValue', { n: percent })}</output>
              </div>
              {kind === 'parcels' ? (
                <>
                  <label className="layer-colouring">
                    <span>{t('layers.colouring')}</span>
                    <select
                      data-testid="parcel-colouring"
                      value={colouring}
                      onChange={(event) => {
                        const next = event.currentTarget.value;
                        if (isParcelColouring(next)) onColouring(next);
                      }}
                    >
                      {PARCEL_COLOURINGS.map((mode) => (
                        <option key={mode} value={mode}>
                          {t(`layers.colouring.${mode}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                  <p className="layer-note">{t('layers.parcelsZoomNote')}</p>
                </>
              ) : null}
              {legend.length > 0 ? (
                <ul
                  className={legend.length > ONE_COLUMN_MAX ? 'layer-legend layer-legend--columns' : 'layer-legend'}
                  data-testid={`legend-${kind}`}
                  aria-label={t('layers.legend', { layer: name })}
                >
                  {legend.map((entry) => {
                    const swatch: CSSProperties = OUTLINE_KINDS.has(kind) ? { borderColor: entry.color } : { backgroundColor: entry.color };
                    return (
                      <li key={`${entry.color} ${entry.en}`} className="layer-legend-entry">
                        <span
                          className={`layer-swatch layer-swatch--${OUTLINE_KINDS.has(kind) ? 'outline' : 'fill'}`}
                          style={swatch}
                          aria-hidden="true"
                        />
                        <span>{lang === 'en' ? entry.en : entry.zh}</span>
                      </li>
                    );
                  })}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
