// The price tables of the project: each with its version in use, the placeholder warning,
// its grades and its version history; planners import a CSV as the next version, and see
// every line problem when the file is refused.
import { useRef, useState } from 'react';
import type { PriceTableProblem, ProjectPriceTable } from '../../api/priceTables';
import { formatNumber } from '../format';
import { useI18n, type Lang, type Translate } from '../i18n';
import { importPriceTableFile } from './api';
import { formatDay } from './text';

type Outcome = { kind: 'ok'; text: string; warnings: PriceTableProblem[] } | { kind: 'error'; text: string; problems: PriceTableProblem[] };

function problemText(t: Translate, lang: Lang, p: PriceTableProblem): string {
  const message = lang === 'en' ? p.message : p.messageZh;
  return p.line !== null ? t('prices.tables.problemLine', { line: p.line, message }) : t('prices.tables.problemFile', { message });
}

export function PriceTableEditor({ api, projectId, canEdit, entry, onImported }: {
  api: Parameters<typeof importPriceTableFile>[0];
  projectId: string;
  canEdit: boolean;
  entry: ProjectPriceTable;
  onImported(): void;
}) {
  const { t, lang } = useI18n();
  const l = lang === 'en' ? 'en' : 'zh';
  const { table } = entry;
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const onFile = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    try {
      const done = await importPriceTableFile(api, projectId, table.id, file, comment);
      if (done.ok) {
        setComment('');
        setOutcome({ kind: 'ok', text: t('prices.tables.imported', { file: file.name, label: done.result.version.label }), warnings: done.result.warnings });
        onImported();
      } else {
        setOutcome({ kind: 'error', text: `${t('prices.tables.importFailed', { file: file.name })}${done.failure.problems.length === 0 ? ` ${done.failure.message}` : ''}`, problems: done.failure.problems });
      }
    } catch (e) {
      setOutcome({ kind: 'error', text: `${t('prices.tables.importFailed', { file: file.name })} ${e instanceof Error ? e.message : String(e)}`, problems: [] });
    } finally {
      setBusy(false);
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  return (
    <article className="pt-table" data-testid={`price-table-${table.id}`}>
      <header className="pt-head">
        <strong>{table.name[l]}</strong>
        <span className="pt-packs">{t('prices.tables.usedBy', { packs: entry.packs.join('、') })}</span>
      </header>
      <p className="pt-version" data-testid={`price-table-version-${table.id}`}>
        {t('prices.tables.current', { version: entry.currentVersion === null ? t('prices.tables.shipped', { version: table.version }) : table.version })}
      </p>
      {table.placeholder ? <p className="pt-placeholder" role="note">{t('prices.tables.placeholder')}</p> : null}
      {table.note && !table.placeholder ? <p className="pt-note">{table.note[l]}</p> : null}
      <details className="pt-grades">
        <summary>{t('prices.tables.grades')}</summary>
        <table>
          <tbody>
            {table.grades.map((g) => (
              <tr key={g.grade} data-testid={`price-grade-${table.id}-${g.grade}`}>
                <th scope="row">{t('prices.gradeValue', { grade: g.grade })}</th>
                <td className="pt-num">{formatNumber(lang, g.price, g.price % 1 === 0 ? 0 : 2)}</td>
                <td className="pt-unconfirmed">{g.confirmed ? '' : t('prices.tables.unconfirmed')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <details className="pt-history">
        <summary>{t('prices.tables.history')}</summary>
        {entry.versions.length === 0 ? (
          <p className="empty-note">{t('prices.tables.noHistory')}</p>
        ) : (
          <ol>
            {entry.versions.map((v) => (
              <li key={v.version} data-testid={`price-table-history-${table.id}-${v.version}`}>
                {t('prices.tables.versionLine', { label: v.label, file: v.sourceFile ?? 'CSV' })}
                <span className="pt-when"> · {formatDay(lang, v.createdAt)}</span>
                {v.comment ? <span className="pt-comment"> · {v.comment}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </details>
      {canEdit ? (
        <div className="pt-import">
          <input
            className="pt-comment-input"
            type="text"
            value={comment}
            maxLength={1000}
            placeholder={t('prices.tables.comment')}
            aria-label={t('prices.tables.comment')}
            data-testid={`price-table-comment-${table.id}`}
            onChange={(e) => setComment(e.target.value)}
          />
          <label className={`pt-import-button${busy ? ' pt-busy' : ''}`}>
            {busy ? t('prices.tables.importing') : t('prices.tables.import')}
            <input
              ref={fileRef}
              type="file"
              accept=".csv,text/csv"
              disabled={busy}
              data-testid={`price-table-file-${table.id}`}
              onChange={(e) => void onFile(e.target.files?.[0])}
            />
          </label>
          <p className="pt-hint">{t('prices.tables.importHint')}</p>
        </div>
      ) : (
        <p className="pt-hint">{t('prices.tables.readOnly')}</p>
      )}
      {outcome ? (
        <div className={outcome.kind === 'ok' ? 'pt-outcome pt-ok' : 'pt-outcome pt-error'} role={outcome.kind === 'ok' ? 'status' : 'alert'} data-testid={`price-table-outcome-${table.id}`}>
          <p>{outcome.text}</p>
          {(outcome.kind === 'ok' ? outcome.warnings : outcome.problems).length > 0 ? (
            <ul>
              {(outcome.kind === 'ok' ? outcome.warnings : outcome.problems).map((p, i) => (
                <li key={i}>{outcome.kind === 'ok' && p.line !== null ? t('prices.tables.warning', { line: p.line, message: lang === 'en' ? p.message : p.messageZh }) : problemText(t, lang, p)}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}
