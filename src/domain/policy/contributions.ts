// What one parcel contributes to each result it is part of: the figure, the figure were the
// parcel not there (its scope measured again with the parcel's weight 0), and the statuses.
import { resultOf, type Lang } from './evaluate';
import type { LiveCity } from './liveCity';
import { measure } from './metrics';
import type { PolicyPack, RuleStatus, Unit } from './pack';
import { scopeViews } from './scopes';

export interface Contribution {
  packId: string;
  ruleId: string;
  scope: string;
  scopeName: string;
  title: string;
  unit: Unit;
  value: number | null;
  /** the figure were the parcel not there */
  without: number | null;
  /** value − without */
  contribution: number | null;
  status: RuleStatus;
  statusWithout: RuleStatus;
}

/** Null when the city has no such parcel. */
export function contributions(live: LiveCity, packs: readonly PolicyPack[], parcelId: string, lang: Lang): Contribution[] | null {
  const i = live.indexOf('parcels', parcelId);
  if (i === undefined) return null;
  const rows: Contribution[] = [];
  for (const pack of packs) {
    const report = live.report(pack, lang);
    const ctx = { ...live.context(pack), without: i };
    for (const rule of pack.rules) {
      const results = report.rules.filter((r) => r.id === rule.id);
      const views = scopeViews(rule.scope, live.city, live.facts);
      for (const result of results) {
        const view = views.find((v) => v.key === result.scope);
        // A parcel counts where it is behind the figure, and also where it only weighs in a
        // denominator (CQ-5: revenue outside parks lowers the share inside them).
        const behind = result.features.includes(parcelId);
        if (!view || (!behind && view.parcelArea(i) <= 0)) continue;
        const without = resultOf(rule, view, measure(rule.metric, view, ctx), lang);
        if (!behind && without.value === result.value && without.status === result.status) continue;
        rows.push({
          packId: pack.id,
          ruleId: rule.id,
          scope: result.scope,
          scopeName: result.scopeName,
          title: result.title,
          unit: result.unit,
          value: result.value,
          without: without.value,
          contribution: result.value === null || without.value === null ? null : result.value - without.value,
          status: result.status,
          statusWithout: without.status,
        });
      }
    }
  }
  return rows;
}
