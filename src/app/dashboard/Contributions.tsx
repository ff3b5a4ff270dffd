// What the selected parcel contributes to each result of the chosen packs: the figure it
// adds (or takes away), and the status the result would have without it when that differs.
// A row click focuses that result's card.
import { useEffect, useRef, useState } from 'react';
import { formatter } from '../format';
import { useI18n } from '../i18n';
import type { ContributionRow, ContributionsAnswer } from '../worker/messages';
import { errorText, reportLang, type Ask } from './ask';
import { StatusBadge } from './StatusBadge';

export interface ContributionsProps {
  ask: Ask;
  parcelId: string;
  packIds: readonly string[];
  citySeq: number;
  onRow(row: ContributionRow): void;
}

type State = { answer: ContributionsAnswer | null; error: string | null };

/** Results the parcel changes: those whose status flips first, then by size of the change. */
function affected(rows: readonly ContributionRow[]): ContributionRow[] {
  return rows
    .filter((row) => row.status !== row.statusWithout || (row.contribution !== null && row.contribution !== 0))
    .sort((a, b) => Number(b.status !== b.statusWithout) - Number(a.status !== a.statusWithout));
}

export function Contributions({ ask, parcelId, packIds, citySeq, onRow }: ContributionsProps) {
  const { t, lang } = useI18n();
  const f = formatter(t, lang);
  const [state, setState] = useState<State>({ answer: null, error: null });
  const packKey = packIds.join('\n');
  // A parcel chosen deep in a breakdown still shows its contributions: bring them into view.
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    section.current?.scrollIntoView({ block: 'nearest' });
  }, [parcelId]);
  useEffect(() => {
    let live = true;
    ask({ kind: 'contributions', packIds: packKey.split('\n'), parcelId, lang: reportLang(lang) }).then(
      (answer) => live && setState({ answer, error: null }),
      (e: unknown) => live && setState({ answer: null, error: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, [ask, parcelId, packKey, lang, citySeq]);

  const { answer, error } = state;
  const current = answer !== null && answer.parcelId === parcelId ? answer : null;
  const rows = current ? affected(current.rows) : [];
  return (
    <section ref={section} className="contributions" data-testid="contributions" data-parcel={parcelId}>
      <h3 className="contributions-title">
        {t('dashboard.contrib.title')} <span className="muted">{t('dashboard.contrib.parcel', { id: parcelId })}</span>
      </h3>
      {error !== null ? <p className="card-note card-error">{t('dashboard.contrib.failed', { message: error })}</p> : null}
      {current === null && error === null ? (
        <p className="card-note">
          <span className="spinner" aria-hidden="true" />
          {t('dashboard.contrib.loading')}
        </p>
      ) : null}
      {current !== null && rows.length === 0 ? <p className="card-note">{t('dashboard.contrib.none')}</p> : null}
      {rows.length > 0 ? (
        <ul className="contribution-rows">
          {rows.map((row) => (
            <li key={`${row.packId}\u0000${row.ruleId}\u0000${row.scope}`}>
              <button type="button" className="contribution-row" data-testid={`contribution-${row.ruleId}`} data-scope={row.scope} data-status={row.status} data-status-without={row.statusWithout} onClick={() => onRow(row)}>
                <span className="contribution-rule">
                  <b>{row.ruleId}</b> {row.title}
                  <span className="muted"> · {row.scopeName}</span>
                </span>
                <span className="contribution-value">{f.gap(row.contribution, row.unit)}</span>
                <StatusBadge status={row.status} />
                {row.status !== row.statusWithout ? (
                  <span className="contribution-without">
                    {t('dashboard.contrib.without')}
                    <StatusBadge status={row.statusWithout} />
                  </span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {current !== null && current.rows.length > rows.length ? <p className="card-note">{t('dashboard.contrib.unaffected', { n: current.rows.length - rows.length })}</p> : null}
    </section>
  );
}
