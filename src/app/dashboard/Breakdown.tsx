// One result broken down by place: districts and national zones, then parks, then the
// parcels that weigh most (each with what it contributes). Asked of the worker again after
// every edit; a row click marks that row's features on the map (and selects a parcel,
// which the map frames).
import { useEffect, useState } from 'react';
import { formatter } from '../format';
import { useI18n, type Lang, type MessageKey, type Translate } from '../i18n';
import type { BreakdownAnswer, BreakdownLevel, BreakdownLevelKind, BreakdownRow } from '../worker/messages';
import { errorText, reportLang, type Ask } from './ask';
import { statusClass } from './groupRules';
import { StatusBadge } from './StatusBadge';

const LEVEL_KEYS: Readonly<Record<BreakdownLevelKind, MessageKey>> = {
  district: 'dashboard.breakdown.level.district',
  zone: 'dashboard.breakdown.level.zone',
  park: 'dashboard.breakdown.level.park',
  parcel: 'dashboard.breakdown.level.parcel',
};

/** Rows a level shows until expanded. */
const PREVIEW = 6;

export interface BreakdownProps {
  ask: Ask;
  packId: string;
  ruleId: string;
  scope: string;
  scopeName: string;
  /** the edit the report includes: a new one asks again */
  citySeq: number;
  onRow(row: BreakdownRow, level: BreakdownLevelKind): void;
}

type State = { answer: BreakdownAnswer | null; error: string | null; loading: boolean };

export function Breakdown({ ask, packId, ruleId, scope, scopeName, citySeq, onRow }: BreakdownProps) {
  const { t, lang } = useI18n();
  const [state, setState] = useState<State>({ answer: null, error: null, loading: true });
  const [activeRow, setActiveRow] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    ask({ kind: 'breakdown', packId, ruleId, scope, lang: reportLang(lang) }).then(
      (answer) => live && setState({ answer, error: null, loading: false }),
      (e: unknown) => live && setState({ answer: null, error: errorText(e), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [ask, packId, ruleId, scope, lang, citySeq]);

  const { answer, error, loading } = state;
  return (
    <div className="breakdown" data-testid="breakdown" data-scope={scope} aria-busy={loading} onClick={(e) => e.stopPropagation()}>
      <h5 className="breakdown-title">{t('dashboard.breakdown.title', { scope: scopeName })}</h5>
      {error !== null ? <p className="card-note card-error">{t('dashboard.breakdown.failed', { message: error })}</p> : null}
      {answer === null && error === null ? (
        <p className="card-note">
          <span className="spinner" aria-hidden="true" />
          {t('dashboard.breakdown.loading')}
        </p>
      ) : null}
      {answer !== null && answer.levels.every((l) => l.rows.length === 0) ? <p className="card-note">{t('dashboard.breakdown.empty')}</p> : null}
      {answer?.levels.map((level) =>
        level.rows.length === 0 ? null : (
          <Level
            key={level.level}
            level={level}
            answer={answer}
            activeRow={activeRow}
            onRow={(row) => {
              setActiveRow(row.key);
              onRow(row, level.level);
            }}
            t={t}
            lang={lang}
          />
        ),
      )}
    </div>
  );
}

interface LevelProps {
  level: BreakdownLevel;
  answer: BreakdownAnswer;
  activeRow: string | null;
  onRow(row: BreakdownRow): void;
  t: Translate;
  lang: Lang;
}

function Level({ level, answer, activeRow, onRow, t, lang }: LevelProps) {
  const [open, setOpen] = useState(false);
  const f = formatter(t, lang);
  const shown = open ? level.rows : level.rows.slice(0, PREVIEW);
  const parcels = level.level === 'parcel';
  const count = level.total > level.rows.length ? t('dashboard.breakdown.capped', { shown: level.rows.length, n: level.total }) : t('dashboard.breakdown.total', { n: level.total });
  return (
    <div className="breakdown-level" data-testid={`breakdown-${level.level}`}>
      <div className="breakdown-level-head">
        <span>{t(LEVEL_KEYS[level.level])}</span>
        <span className="muted">{count}</span>
      </div>
      <ul className="breakdown-rows">
        {shown.map((row) => (
          <li key={row.key}>
            <button
              type="button"
              className={`breakdown-row row-${statusClass(row.status)}${activeRow === row.key ? ' breakdown-row-active' : ''}`}
              data-key={row.key}
              title={t('dashboard.breakdown.rowHint')}
              onClick={() => onRow(row)}
            >
              <span className="breakdown-name">{row.name || row.key}</span>
              <span className="breakdown-value">{parcels ? f.gap(row.value, answer.unit) : f.quantity(row.value, answer.unit)}</span>
              {row.status !== null ? <StatusBadge status={row.status} /> : <span />}
            </button>
          </li>
        ))}
      </ul>
      {level.rows.length > PREVIEW ? (
        <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t('dashboard.breakdown.less') : t('dashboard.breakdown.more', { n: level.rows.length })}
        </button>
      ) : null}
    </div>
  );
}
