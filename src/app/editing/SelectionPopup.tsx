// The popup of a clicked feature: its exact area in m², 亩 and 公顷, and the park and
// district it falls in (by the largest share of its area).
import { useMemo } from 'react';
import type { ApiFeature } from '../../api/types';
import { placements } from '../../domain/geometry/placement';
import type { LayerName } from '../../domain/schema/kinds';
import { fromSquareMetres } from '../../domain/units';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import { storedArea } from '../state/area';
import type { FeatureStore } from '../state/featureStore';

export function SelectionPopup({ feature, layer, store, onClose }: { feature: ApiFeature; layer: LayerName; store: FeatureStore; onClose(): void }) {
  const { t, lang } = useI18n();
  const area = storedArea(feature.geometry);
  const where = useMemo(() => {
    if (layer === 'districts') return { park: null, district: null };
    const park = layer === 'parcels' ? placements(feature.geometry, store.all('parks'))[0] ?? null : null;
    const district = placements(feature.geometry, store.all('districts').filter((d) => d.properties?.kind !== 'national-zone'))[0] ?? null;
    return { park, district };
  }, [feature.geometry, layer, store]);
  const name = (id: string) => String(store.get(id)?.properties?.name ?? id);
  const share = (s: number) => formatNumber(lang, s * 100, 1);
  return (
    <div className="popup-body" data-feature={feature.id}>
      <button type="button" className="popup-close" aria-label={t('editor.popup.close')} onClick={onClose}>
        ×
      </button>
      <div className="popup-title">{String(feature.properties?.name ?? feature.id)}</div>
      <div className="popup-id">{feature.id}</div>
      <dl>
        <dt>{t('editor.popup.area')}</dt>
        <dd data-testid="popup-area-m2">{t('editor.area.m2', { n: formatNumber(lang, area, 2) })}</dd>
        <dd data-testid="popup-area-mu">{t('editor.area.mu', { n: formatNumber(lang, fromSquareMetres(area, 'mu'), 3) })}</dd>
        <dd data-testid="popup-area-ha">{t('editor.area.ha', { n: formatNumber(lang, fromSquareMetres(area, 'ha'), 4) })}</dd>
        {layer === 'parcels' ? (
          <>
            <dt>{t('editor.popup.park')}</dt>
            <dd data-testid="popup-park">{where.park ? t('editor.popup.share', { name: name(where.park.id), share: share(where.park.share) }) : t('editor.popup.noPark')}</dd>
          </>
        ) : null}
        {where.district ? (
          <>
            <dt>{t('editor.popup.district')}</dt>
            <dd data-testid="popup-district">{t('editor.popup.share', { name: name(where.district.id), share: share(where.district.share) })}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
