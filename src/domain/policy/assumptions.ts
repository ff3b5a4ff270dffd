// Parcels without a status (a 三调 extract, a layer drawn for its land use only): the rules
// that count existing or developed land need one. The planner may take them all as existing
// or as planned (CLI --assume-status, the import dialog's default status). Each parcel so
// filled keeps `statusAssumed` = the status it was given, and every report says how many
// figures rest on it, for as long as the parcel still has that status.
import { PARCEL_STATUS_ZH } from '../schema/attributes';
import type { City, Parcel, ParcelProps, ParcelStatus } from '../schema/kinds';
import type { Lang } from './evaluate';
import type { PolicyPack, ReportAssumption } from './pack';

export type StatusAssumption = 'existing' | 'planned';
export const STATUS_ASSUMPTIONS: readonly StatusAssumption[] = ['existing', 'planned'];

/**
 * The status a parcel without one is given. Existing land is taken as `producing` (投产):
 * existing and developed in every shipped pack, the usual state of land already in use.
 * A pack that does not count `producing` as existing gets its first existing status.
 */
export function assumedStatus(choice: StatusAssumption, pack?: PolicyPack): ParcelStatus {
  if (choice === 'planned') return 'planned';
  if (!pack || pack.existingStatuses.includes('producing')) return 'producing';
  return pack.existingStatuses[0];
}

/**
 * `statusAssumed` is kept as one of the planner's own attributes (not an interchange one:
 * nobody types it), so it travels through files, the store and exports unchanged.
 */
export const STATUS_ASSUMED = 'statusAssumed';
type AssumedProps = ParcelProps & { [STATUS_ASSUMED]?: unknown };

const hasStatus = (p: Parcel): boolean => p.properties.status !== undefined && p.properties.status !== null;

/** The city with every parcel that has no status given `status`, marked as assumed; the others untouched. */
export function withAssumedStatus(city: City, status: ParcelStatus): City {
  return {
    ...city,
    parcels: city.parcels.map((p): Parcel => {
      if (hasStatus(p)) return p;
      const properties: AssumedProps = { ...p.properties, status, [STATUS_ASSUMED]: status };
      return { ...p, properties };
    }),
  };
}

/** What the figures rest on beyond the data: parcels whose status is still the one assumed for them. */
export function reportAssumptions(city: City, lang: Lang): ReportAssumption[] {
  const counts = new Map<ParcelStatus, number>();
  for (const p of city.parcels) {
    const { status, [STATUS_ASSUMED]: statusAssumed }: AssumedProps = p.properties;
    if (status !== undefined && statusAssumed === status) counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  return [...counts].map(([status, parcels]) => ({ kind: 'status', status, parcels, text: assumptionText(status, parcels, lang) }));
}

function assumptionText(status: ParcelStatus, parcels: number, lang: Lang): string {
  const planned = status === 'planned';
  return lang === 'zh'
    ? `${parcels} 个地块原无地块状态，按“${PARCEL_STATUS_ZH[status]}”（${status}）计，即视为${planned ? '规划' : '现状'}用地：凡按地块状态统计的指标都以此为前提`
    : `${parcels} parcel(s) had no status and are taken as "${status}" (${planned ? 'planned' : 'existing'} land): every figure that depends on parcel status rests on this`;
}
