// One horizontal bar per scope (district, tier, park) with a tick at its threshold, worst
// first; long lists show their worst few until expanded. Each row is a button: it frames
// that scope's features on the map.
import { useState } from 'react';
import type { Unit } from '../../domain/policy/pack';
import type { Formatter } from '../format';
import { useI18n } from '../i18n';
import type { ReportRow } from '../worker/messages';
import { statusClass } from './groupRules';

/** Lists up to this long are always shown whole. */
const SHORT_LIST = 8;
/** A long list shows this many of its worst rows until expanded. */
const PREVIEW = 6;

/** The end of the scale: the largest value or threshold, shares at most 100 %. */
function scaleMax(rows: readonly ReportRow[], unit: Unit): number {
  let max = 0;
  for (const row of rows) max = Math.max(max, row.value ?? 0, row.threshold ?? 0);
  if (unit === 'ratio') return max > 0 ? Math.min(1, max * 1.1) : 1;
  return max > 0 ? max * 1.1 : 1;
}

export interface BarsProps {
  /** worst first */
  rows: readonly ReportRow[];
  f: Formatter;
  activeScope: string | null;
  onScope(scope: string): void;
}

export function Bars({ rows, f, activeScope, onScope }: BarsProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const unit = rows[0].unit;
  const max = scaleMax(rows, unit);
  const long = rows.length > SHORT_LIST;
  const shown = long && !open ? rows.slice(0, PREVIEW) : rows;
  const x = (v: number): number => Math.max(0, Math.min(100, (v / max) * 100));
  return (
    <div className="bars" onClick={(e) => e.stopPropagation()}>
      {shown.map((row) => (
        <button
          key={row.scope}
          type="button"
          className={`bar-row bar-${statusClass(row.status)}${activeScope === row.scope ? ' bar-active' : ''}`}
          data-testid={`bar-${row.scope}`}
          data-status={row.status}
          aria-pressed={activeScope === row.scope}
          title={`${row.scopeName}：${f.quantity(row.value, unit)}（${f.target(row.compare, row.threshold, unit)}）`}
          onClick={() => onScope(row.scope)}
        >
          <span className="bar-label">{row.scopeName}</span>
          <svg className="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
            <rect className="bar-bg" x="0" y="1" width="100" height="8" />
            {row.value !== null ? <rect className="bar-fill" x="0" y="1" width={x(row.value)} height="8" /> : null}
            {row.threshold !== null ? <line className="bar-threshold" x1={x(row.threshold)} x2={x(row.threshold)} y1="0" y2="10" /> : null}
          </svg>
          <span className="bar-value">{f.quantity(row.value, unit)}</span>
        </button>
      ))}
      {long ? (
        <button type="button" className="link-button bars-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t('dashboard.bars.less', { n: PREVIEW }) : t('dashboard.bars.more', { n: rows.length })}
        </button>
      ) : null}
    </div>
  );
}
