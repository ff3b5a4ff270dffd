// The report as data for scripts: the JSON contract and CSV, shared by the CLI and the API.
import type { Report } from '../domain/policy/pack';
import { csvText } from './csv';

/**
 * The JSON contract: {policy, version, title, rules: [{id, scope, title, value, unit, threshold, status, gap, …}]},
 * and `assumptions` when the figures rest on any (parcels whose status was assumed).
 */
export function reportJsonObject(report: Report, withFeatures: boolean): Pick<Report, 'policy' | 'version' | 'title' | 'assumptions'> & { rules: object[] } {
  const rules = report.rules.map(({ features, ...rest }) => (withFeatures ? { ...rest, features } : rest));
  return { policy: report.policy, version: report.version, title: report.title, ...(report.assumptions ? { assumptions: report.assumptions } : {}), rules };
}

export function reportJson(report: Report, withFeatures: boolean): string {
  return JSON.stringify(reportJsonObject(report, withFeatures), null, 2);
}


export function reportCsv(report: Report): string {
  const header = ['policy', 'id', 'scope', 'scope_name', 'title', 'value', 'unit', 'compare', 'threshold', 'gap', 'status', 'reason'];
  const rows = report.rules.map((r) => [report.policy, r.id, r.scope, r.scopeName, r.title, r.value, r.unit, r.compare, r.threshold, r.gap, r.status, r.reason]);
  return csvText([header, ...rows]);
}
