// The snapshots section of the report tab: the project's saved snapshots (newest first),
// saving a new one (planners), choosing one as the baseline — which the report worker's
// CQ-3 compares against — and, for the chosen baseline, how the project compares with it.
import { useCallback, useEffect, useState } from 'react';
import type { SnapshotInfo } from '../../api/types';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import type { ReportContext } from '../panels/reportContext';
import { ComparisonView } from './ComparisonView';
import { errorText, formatTime } from './text';
import './snapshots.css';

/** As the server's check (src/server/routes/snapshots.ts SNAPSHOT_NAME_MAX). */
const NAME_MAX = 80;

export function SnapshotPanel({ ctx }: { ctx: ReportContext }) {
  const { t, lang } = useI18n();
  const { api, project, baseline, setBaseline } = ctx;
  const [snapshots, setSnapshots] = useState<SnapshotInfo[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const [note, setNote] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const path = `projects/${encodeURIComponent(project.id)}/snapshots`;

  const refresh = useCallback(
    () =>
      api.call<SnapshotInfo[]>('GET', path).then(
        (list) => {
          setSnapshots(list);
          setLoadError(null);
        },
        (e: unknown) => setLoadError(errorText(e)),
      ),
    [api, path],
  );
  useEffect(() => void refresh(), [refresh]);

  const save = async (): Promise<void> => {
    const trimmed = name.trim();
    const length = [...trimmed].length;
    if (length === 0) return setNote({ kind: 'error', text: t('snapshots.nameRequired') });
    if (length > NAME_MAX) return setNote({ kind: 'error', text: t('snapshots.nameTooLong', { n: length, max: NAME_MAX }) });
    setSaving(true);
    setNote(null);
    try {
      const saved = await api.call<SnapshotInfo>('POST', path, { name: trimmed });
      setName('');
      setNote({ kind: 'info', text: t('snapshots.saved', { name: saved.name, n: formatNumber(lang, saved.featureCount) }) });
      await refresh();
    } catch (e) {
      setNote({ kind: 'error', text: t('snapshots.saveFailed', { message: errorText(e) }) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="snapshot-panel" data-testid="snapshot-panel">
      <p className="snapshot-intro">{t('snapshots.intro')}</p>
      <p className="snapshot-cq3" data-testid="snapshot-cq3">
        {t('snapshots.cq3')}
      </p>

      {ctx.canEdit ? (
        <form
          className="snapshot-save"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label>
            <span>{t('snapshots.nameLabel')}</span>
            <input data-testid="snapshot-name" value={name} maxLength={NAME_MAX + 20} placeholder={t('snapshots.namePlaceholder')} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" className="primary" data-testid="snapshot-save" disabled={saving}>
            {saving ? t('snapshots.saving') : t('snapshots.save')}
          </button>
        </form>
      ) : (
        <p className="muted">{t('snapshots.readOnly')}</p>
      )}
      {note ? (
        <p className={note.kind === 'error' ? 'snapshot-error' : 'snapshot-info'} role={note.kind === 'error' ? 'alert' : 'status'} data-testid="snapshot-note">
          {note.text}
        </p>
      ) : null}

      {loadError !== null ? <p className="snapshot-error">{t('snapshots.loadFailed', { message: loadError })}</p> : null}
      {snapshots === null && loadError === null ? <p className="muted">{t('snapshots.loading')}</p> : null}
      {snapshots !== null && snapshots.length === 0 ? <p className="empty-note">{t('snapshots.none')}</p> : null}
      {snapshots !== null && snapshots.length > 0 ? (
        <table className="snapshot-list" data-testid="snapshot-list">
          <thead>
            <tr>
              <th>{t('snapshots.col.name')}</th>
              <th>{t('snapshots.col.time')}</th>
              <th>{t('snapshots.col.by')}</th>
              <th className="num">{t('snapshots.col.features')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {snapshots.map((s) => {
              const chosen = baseline?.snapshotId === s.id;
              return (
                <tr key={s.id} className={chosen ? 'snapshot-chosen' : undefined} data-testid="snapshot-row" data-id={s.id}>
                  <td>{s.name}</td>
                  <td>{formatTime(lang, s.createdAt)}</td>
                  <td>{s.createdBy}</td>
                  <td className="num">{formatNumber(lang, s.featureCount)}</td>
                  <td>
                    {chosen ? (
                      <button type="button" className="link-button" data-testid="snapshot-clear" onClick={() => setBaseline(null)}>
                        {t('snapshots.clear')}
                      </button>
                    ) : (
                      <button type="button" className="link-button" data-testid={`snapshot-choose-${s.id}`} onClick={() => setBaseline({ snapshotId: s.id, name: s.name, createdAt: s.createdAt })}>
                        {t('snapshots.choose')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}

      {baseline ? (
        <ComparisonView key={baseline.snapshotId} ctx={ctx} baseline={baseline} />
      ) : (
        <p className="empty-note" data-testid="snapshot-no-baseline">
          {t('snapshots.noBaseline')}
        </p>
      )}
    </section>
  );
}
