// A share against its threshold as a semicircle: the arc filled to the value, a tick at
// the threshold, coloured by status. Shares run 0–100 %, so the scale is fixed.
import type { RuleStatus } from '../../domain/policy/pack';
import { statusClass } from './groupRules';

const CX = 60;
const CY = 58;
const R = 48;

/** The point of the arc at `share` (0: left end, 1: right end). */
function at(share: number, radius = R): [number, number] {
  const angle = Math.PI * (1 - Math.min(1, Math.max(0, share)));
  return [CX + radius * Math.cos(angle), CY - radius * Math.sin(angle)];
}

function arc(from: number, to: number): string {
  const [x0, y0] = at(from);
  const [x1, y1] = at(to);
  return `M ${x0.toFixed(2)} ${y0.toFixed(2)} A ${R} ${R} 0 0 1 ${x1.toFixed(2)} ${y1.toFixed(2)}`;
}

export interface GaugeProps {
  value: number | null;
  threshold: number | null;
  status: RuleStatus;
  /** the value as text, in the middle */
  label: string;
  /** what a screen reader says */
  title: string;
}

export function Gauge({ value, threshold, status, label, title }: GaugeProps) {
  const [t0x, t0y] = threshold === null ? [0, 0] : at(threshold, R - 9);
  const [t1x, t1y] = threshold === null ? [0, 0] : at(threshold, R + 9);
  return (
    <svg className={`gauge gauge-${statusClass(status)}`} viewBox="0 0 120 66" role="img" aria-label={title} data-testid="gauge">
      <title>{title}</title>
      <path className="gauge-track" d={arc(0, 1)} />
      {value !== null && value > 0 ? <path className="gauge-value" d={arc(0, value)} /> : null}
      {threshold !== null ? <line className="gauge-threshold" x1={t0x} y1={t0y} x2={t1x} y2={t1y} /> : null}
      <text className="gauge-label" x={CX} y={CY - 4} textAnchor="middle">
        {label}
      </text>
    </svg>
  );
}
