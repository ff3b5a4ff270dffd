// Report rows grouped under their rule: a rule evaluated per park (W25-5: 100 parks)
// becomes one card with a tally and its rows, worst first.
import type { RuleStatus } from '../../domain/policy/pack';
import type { ReportRow, ScopeKind } from '../worker/messages';

export const RULE_STATUSES: readonly RuleStatus[] = ['pass', 'warn', 'fail', 'n/a'];

export interface RuleGroup {
  id: string;
  title: string;
  clause: string;
  scopeKind: ScopeKind;
  /** in the evaluator's order */
  rows: ReportRow[];
  /** worst first: fail, warn, pass, n/a; within a status the largest shortfall first */
  ranked: ReportRow[];
  tally: Record<RuleStatus, number>;
  /** fail if any row fails, else warn if any warns, else pass if any passes, else n/a */
  status: RuleStatus;
  /** what the card shows, as one string: equal signatures render the same card (memo) */
  signature: string;
}

const SEVERITY: Readonly<Record<RuleStatus, number>> = { fail: 0, warn: 1, pass: 2, 'n/a': 3 };

export function tally(rows: readonly ReportRow[]): Record<RuleStatus, number> {
  const counts: Record<RuleStatus, number> = { pass: 0, warn: 0, fail: 0, 'n/a': 0 };
  for (const row of rows) counts[row.status] += 1;
  return counts;
}

/** How far a row is from its target, in the rule's unit: > 0 short of it, < 0 beyond it. */
export function shortfall(row: ReportRow): number {
  if (row.gap === null || row.compare === null) return 0;
  switch (row.compare) {
    case '>=':
    case '>':
      return -row.gap;
    case '<=':
    case '<':
      return row.gap;
    case 'approx':
      return Math.abs(row.gap);
  }
}

const rowSignature = (row: ReportRow): string =>
  `${row.scope}\u0001${row.scopeName}\u0001${row.value}\u0001${row.threshold}\u0001${row.compare}\u0001${row.status}\u0001${row.reason ?? ''}\u0001${row.featureCount}`;

export function groupRules(rows: readonly ReportRow[]): RuleGroup[] {
  const groups = new Map<string, ReportRow[]>();
  for (const row of rows) {
    const group = groups.get(row.id);
    if (group) group.push(row);
    else groups.set(row.id, [row]);
  }
  return [...groups.values()].map((members) => {
    const first = members[0];
    const ranked = members
      .map((row, index) => ({ row, index }))
      .sort((a, b) => SEVERITY[a.row.status] - SEVERITY[b.row.status] || shortfall(b.row) - shortfall(a.row) || a.index - b.index)
      .map(({ row }) => row);
    return {
      id: first.id,
      title: first.title,
      clause: first.clause,
      scopeKind: first.scopeKind,
      rows: members,
      ranked,
      tally: tally(members),
      status: ranked[0].status,
      signature: `${first.title}\u0002${first.clause}\u0002${members.map(rowSignature).join('\u0002')}`,
    };
  });
}

/** CSS class suffix of a status (`n/a` is not a valid class name). */
export function statusClass(status: RuleStatus | null): string {
  return status === null ? 'none' : status === 'n/a' ? 'na' : status;
}
