// Filtering and totals of the price-floor table: pure functions over the worker's rows.
import { fromSquareMetres } from '../../domain/units';
import type { FloorRow } from '../worker/messages';

export type FactorFilter = 'all' | '0.7' | '1' | 'none';

export interface FloorFilters {
  district: string;
  park: string;
  /** '' all, 'none' without a grade, else the grade */
  grade: string;
  factor: FactorFilter;
  breachesOnly: boolean;
  text: string;
}

export const NO_FILTERS: FloorFilters = { district: '', park: '', grade: '', factor: 'all', breachesOnly: false, text: '' };

/** The value of the park and district filters meaning "none". */
export const NONE = '\u0000none';

export function filterFloorRows(rows: readonly FloorRow[], f: FloorFilters): FloorRow[] {
  const text = f.text.trim().toLowerCase();
  return rows.filter((r) => {
    if (f.breachesOnly && !r.breach) return false;
    if (f.district && (f.district === NONE ? r.districtId !== null : r.districtId !== f.district)) return false;
    if (f.park && (f.park === NONE ? r.parkId !== null : r.parkId !== f.park)) return false;
    if (f.grade && (f.grade === 'none' ? r.grade !== null : String(r.grade) !== f.grade)) return false;
    if (f.factor === 'none' && r.factor !== null) return false;
    if ((f.factor === '0.7' || f.factor === '1') && (r.factor === null || Math.abs(r.factor - Number(f.factor)) > 1e-9)) return false;
    if (text && !`${r.id} ${r.name ?? ''} ${r.landUse} ${r.reason}`.toLowerCase().includes(text)) return false;
    return true;
  });
}

export interface FloorTotals {
  rows: number;
  /** rows with a floor */
  withFloor: number;
  /** their area */
  areaHa: number;
  areaMu: number;
  /** Σ floor of those rows */
  floorWanYuan: number;
  breaches: number;
}

export function floorTotals(rows: readonly FloorRow[]): FloorTotals {
  let withFloor = 0;
  let m2 = 0;
  let yuan = 0;
  let breaches = 0;
  for (const r of rows) {
    if (r.breach) breaches++;
    if (r.floorYuan === null) continue;
    withFloor++;
    m2 += r.areaM2;
    yuan += r.floorYuan;
  }
  return { rows: rows.length, withFloor, areaHa: fromSquareMetres(m2, 'ha'), areaMu: fromSquareMetres(m2, 'mu'), floorWanYuan: yuan / 10_000, breaches };
}

/** Breaches first, then by id: what a reviewer looks at first. */
export function sortFloorRows(rows: readonly FloorRow[]): FloorRow[] {
  return [...rows].sort((a, b) => Number(b.breach) - Number(a.breach) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
