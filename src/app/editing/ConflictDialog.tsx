// A 409: the feature changed on the server since the planner loaded it. Show what the
// server has now against what the planner tried, and let them reload or re-apply.
import type { ApiFeature } from '../../api/types';
import { geometryArea } from '../../domain/geometry/area';
import { fieldLabel } from '../../domain/schema/attributes';
import type { LayerName } from '../../domain/schema/kinds';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import type { EditConflict } from '../state/transact';

interface Props {
  conflict: EditConflict;
  /** the planner's copy before their edit (what they loaded) */
  mine: ApiFeature | undefined;
  layer: LayerName | undefined;
  onReload(): void;
  onReapply(): void;
}

export function ConflictDialog({ conflict, mine, layer, onReload, onReapply }: Props) {
  const { t, lang } = useI18n();
  const server = conflict.current;
  const label = (field: string) => {
    const l = layer ? fieldLabel(layer, field) : undefined;
    return l ? (lang === 'en' ? l.en : l.zh) : field;
  };
  const fields = [...new Set([...Object.keys(mine?.properties ?? {}), ...Object.keys(server?.properties ?? {})])].filter(
    (field) => JSON.stringify(mine?.properties?.[field]) !== JSON.stringify(server?.properties?.[field]),
  );
  const geometryChanged = mine && server ? JSON.stringify(mine.geometry) !== JSON.stringify(server.geometry) : false;
  const show = (v: unknown) => (v === undefined || v === null ? '—' : String(v));
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="alertdialog" aria-labelledby="conflict-title" data-testid="conflict-dialog">
        <h2 id="conflict-title">{t('editor.conflict.title')}</h2>
        <p>{server ? t('editor.conflict.changed', { id: conflict.featureId, version: server.version }) : t('editor.conflict.deleted', { id: conflict.featureId })}</p>
        {server ? (
          <table className="conflict-table">
            <thead>
              <tr>
                <th>{t('editor.conflict.field')}</th>
                <th>{t('editor.conflict.yours', { version: mine?.version ?? '?' })}</th>
                <th>{t('editor.conflict.server', { version: server.version })}</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((field) => (
                <tr key={field} data-testid={`conflict-field-${field}`}>
                  <td>{label(field)}</td>
                  <td>{show(mine?.properties?.[field])}</td>
                  <td>{show(server.properties?.[field])}</td>
                </tr>
              ))}
              {geometryChanged && mine ? (
                <tr>
                  <td>{t('editor.conflict.shape')}</td>
                  <td>{t('editor.area.m2', { n: formatNumber(lang, geometryArea(mine.geometry), 2) })}</td>
                  <td>{t('editor.area.m2', { n: formatNumber(lang, geometryArea(server.geometry), 2) })}</td>
                </tr>
              ) : null}
              {fields.length === 0 && !geometryChanged ? (
                <tr>
                  <td colSpan={3}>{t('editor.conflict.sameContent')}</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        ) : null}
        <p className="dialog-note">{t('editor.conflict.note', { edit: t(`editor.kind.${conflict.transaction.kind}`) })}</p>
        <div className="dialog-actions">
          <button type="button" data-testid="conflict-reload" onClick={onReload}>
            {t('editor.conflict.reload')}
          </button>
          <button type="button" className="primary" data-testid="conflict-reapply" disabled={!server} onClick={onReapply}>
            {t('editor.conflict.reapply')}
          </button>
        </div>
      </div>
    </div>
  );
}
