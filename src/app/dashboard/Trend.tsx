// A small line across the saved snapshots, then "now": the value of a single-scope rule,
// or how many of a multi-scope rule's results fail. Hidden without snapshots.
import type { RuleStatus } from '../../domain/policy/pack';
import { statusClass } from './groupRules';

export interface TrendPoint {
  /** what hovering the point says: the snapshot's name, date and value */
  label: string;
  value: number | null;
  status: RuleStatus | null;
}

const W = 168;
const H = 34;
const PAD = 4;

export function Trend({ points, threshold, caption }: { points: readonly TrendPoint[]; threshold: number | null; caption: string }) {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  if (values.length === 0) return null;
  const all = threshold !== null ? [...values, threshold] : values;
  const low = Math.min(...all);
  const high = Math.max(...all);
  const span = high - low || 1;
  const x = (i: number): number => (points.length === 1 ? W / 2 : PAD + (i * (W - 2 * PAD)) / (points.length - 1));
  const y = (v: number): number => H - PAD - ((v - low) / span) * (H - 2 * PAD);
  const path = points
    .map((p, i) => (p.value === null ? null : `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`))
    .filter((p) => p !== null)
    .join(' ');
  return (
    <div className="trend" data-testid="trend">
      <span className="trend-caption">{caption}</span>
      <svg className="trend-chart" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={caption}>
        {threshold !== null ? <line className="trend-threshold" x1={0} x2={W} y1={y(threshold)} y2={y(threshold)} /> : null}
        <polyline className="trend-line" points={path} />
        {points.map((p, i) =>
          p.value === null ? null : (
            <circle key={i} className={`trend-dot trend-${statusClass(p.status)}${i === points.length - 1 ? ' trend-now' : ''}`} cx={x(i)} cy={y(p.value)} r={i === points.length - 1 ? 3.2 : 2.4}>
              <title>{p.label}</title>
            </circle>
          ),
        )}
      </svg>
    </div>
  );
}
