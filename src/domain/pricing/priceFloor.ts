// The land-sale price floor of a parcel (出让起始价/底价) under a pack's pricing rule:
// grade price × area × FAR factor × discount, with the reason in words.
import type { PolicyPack } from '../policy/pack';
import { landUseCode, landUseMatches } from '../schema/landUse';
import type { ParcelProps } from '../schema/kinds';
import { gradePrice, type GradePrice, type PriceTable } from './priceTable';

export interface PriceFloor {
  /** 元; null where no floor applies */
  yuan: number | null;
  /** 元/m² of the grade */
  unitPrice: number | null;
  /** 0.7 or 1 */
  factor: number | null;
  /** the FAR multiplier used (1 unless the table scales with FAR) */
  farFactor: number | null;
  table: string | null;
  tableVersion: string | null;
  reason: { zh: string; en: string };
}

const none = (zh: string, en: string): PriceFloor => ({ yuan: null, unitPrice: null, factor: null, farFactor: null, table: null, tableVersion: null, reason: { zh, en } });

// One formatter per precision: building one per call (toLocaleString) cost seconds per city.
const formatters = new Map<number, Intl.NumberFormat>();
const fmt = (x: number, digits = 2): string => {
  let f = formatters.get(digits);
  if (!f) formatters.set(digits, (f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits })));
  return f.format(x);
};

/** The figures a floor is made of; the words come after, and only where a floor is shown. */
interface FloorTerms {
  yuan: number;
  table: PriceTable;
  grade: GradePrice;
  factor: number;
  farFactor: number;
  standardFactory: boolean;
}

function floorTerms(parcel: ParcelProps, areaM2: number, parkShare: number, pack: PolicyPack, tables: ReadonlyMap<string, PriceTable>): FloorTerms | PriceFloor {
  const pricing = pack.pricing;
  if (!pricing) return none(`政策包 ${pack.id} 不含地价规则`, `policy pack ${pack.id} has no price-floor rule`);
  if (!landUseMatches(parcel.landUse, pack.industrialLandUse)) {
    const name = landUseCode(parcel.landUse);
    return none(`非工业用地（${parcel.landUse} ${name?.zh ?? ''}），不适用工业用地出让价格标准`, `not industrial land (${parcel.landUse} ${name?.en ?? ''}): industrial price tables do not apply`);
  }
  const table = tables.get(pricing.table);
  if (!table) return none(`缺少价格表 ${pricing.table}`, `price table ${pricing.table} is not loaded`);
  if (parcel.grade === undefined || parcel.grade === null) return none('缺少土地等别，无法确定价格：请填写等别（1–15）', 'no land grade: set the grade (1–15) to get a floor');
  const grade = gradePrice(table, parcel.grade);
  if (!grade) return none(`价格表 ${table.id} 无第${parcel.grade}等`, `price table ${table.id} has no grade ${parcel.grade}`);

  const when = pricing.discountWhen;
  const flagsHold = Object.entries(when.flags ?? {}).every(([flag, wanted]) => (parcel[flag as keyof ParcelProps] === true) === wanted);
  const shareHolds = when.minParkShare === undefined || parkShare > when.minParkShare;
  const factor = flagsHold && shareHolds ? pricing.discount : 1;

  const standardFactory = parcel.standardFactory === true && pricing.standardFactoryFar !== undefined;
  const far = standardFactory ? (pricing.standardFactoryFar as number) : parcel.far;
  const farFactor = pricing.farCorrection === 'above-1' && far !== undefined && far > 1 ? far : 1;
  return { yuan: grade.price * areaM2 * farFactor * factor, table, grade, factor, farFactor, standardFactory };
}

/** The floor in 元 alone (null where none applies), for rules that compare it with a sale price. */
export function floorYuan(parcel: ParcelProps, areaM2: number, parkShare: number, pack: PolicyPack, tables: ReadonlyMap<string, PriceTable>): number | null {
  const terms = floorTerms(parcel, areaM2, parkShare, pack, tables);
  return 'grade' in terms ? terms.yuan : null;
}

export function priceFloor(parcel: ParcelProps, areaM2: number, parkShare: number, pack: PolicyPack, tables: ReadonlyMap<string, PriceTable>): PriceFloor {
  const terms = floorTerms(parcel, areaM2, parkShare, pack, tables);
  if (!('grade' in terms)) return terms;
  const { yuan, table, grade, factor, farFactor, standardFactory } = terms;
  const pricing = pack.pricing as NonNullable<PolicyPack['pricing']>;
  const tableZh = `${table.name.zh}${table.placeholder && !table.name.zh.includes('占位') ? '（占位数据）' : ''}${grade.confirmed ? '' : '（该等价格待核实）'}`;
  const tableEn = `${table.name.en}${grade.confirmed ? '' : ' (grade price to be confirmed)'}`;
  const farZh = farFactor !== 1 ? ` × 容积率修正 ${fmt(farFactor)}` : standardFactory && pricing.farCorrection === 'above-1' ? `（标准厂房按容积率${pricing.standardFactoryFar}计）` : '';
  const farEn = farFactor !== 1 ? ` × FAR ${fmt(farFactor)}` : standardFactory && pricing.farCorrection === 'above-1' ? ` (standard factory at FAR ${pricing.standardFactoryFar})` : '';
  const shareText = `园区内占比 ${fmt(parkShare * 100, 1)}%`;
  const why =
    factor < 1
      ? { zh: `按${fmt(factor * 100, 0)}%：${pricing.discountReason.zh}（${shareText}）`, en: `at ${fmt(factor * 100, 0)} %: ${pricing.discountReason.en} (${fmt(parkShare * 100, 1)} % inside parks)` }
      : { zh: `按100%：不满足${pricing.discountReason.zh}（${shareText}）`, en: `at 100 %: not ${pricing.discountReason.en} (${fmt(parkShare * 100, 1)} % inside parks)` };
  return {
    yuan,
    unitPrice: grade.price,
    factor,
    farFactor,
    table: table.id,
    tableVersion: table.version,
    reason: {
      zh: `第${parcel.grade}等 ${tableZh} ${grade.price}元/㎡ × ${fmt(areaM2)}㎡${farZh} × ${fmt(factor * 100, 0)}% = ${fmt(yuan, 0)}元；${why.zh}；依据${pricing.rules.join('、')}`,
      en: `grade ${parcel.grade}, ${tableEn} ${grade.price} yuan/m² × ${fmt(areaM2)} m²${farEn} × ${fmt(factor * 100, 0)} % = ${fmt(yuan, 0)} yuan; ${why.en}; rules ${pricing.rules.join(', ')}`,
    },
  };
}
