// Land-use code tables (用地分类) with Chinese and English names.
//
// Code rule: bare codes are 2023 codes; 三调 codes that collide carry the prefix S3-;
// importers map planners' DLBM values explicitly.
//
//  - 'gb2023'  《国土空间调查、规划、用途管制用地用海分类指南》(2023): the canonical system.
//              Bare numeric codes ('10', '1001', '100101') always mean these.
//  - 'gb50137' GB 50137-2011 城市用地分类与规划建设用地标准: letter codes (M, M1, W, W1 …),
//              which never collide with the numeric codes.
//  - 'survey3' 第三次全国国土调查工作分类 (三调): almost every 三调 code string also exists
//              in 2023 with another meaning (三调 1001 铁路用地 vs 2023 1001 工业用地;
//              三调 0601 工业用地 vs 2023 0601 农村道路), so *all* 三调 codes carry the
//              prefix 'S3-' — even the few that would not collide today ('S3-0508',
//              'S3-05H1') — so that a bare code is always a 2023 code and a future 2023
//              revision cannot silently change what a stored code means.
//  - 'local'   Local extensions (新型产业用地 M0 …) used by some cities' plans.
//
// `parent` links a code to its enclosing class within its own system; `equivalent` links
// a code of an older system (or a local code) to the 2023 code it maps to. Lookups are
// exact and case-insensitive (m1 → M1, s3-0601 → S3-0601).

export type LandUseSystem = 'gb2023' | 'gb50137' | 'survey3' | 'local';

export interface LandUseCode {
  code: string;
  system: LandUseSystem;
  zh: string;
  en: string;
  parent?: string;
  /** the 2023 code this maps to, for the older systems */
  equivalent?: string;
}

/** [code, zh, en] — parents of 2023 codes are derived from the code (0101 → 01, 100101 → 1001). */
type Row2023 = readonly [code: string, zh: string, en: string];
/** [code, zh, en, parent, equivalent] */
type Row = readonly [code: string, zh: string, en: string, parent?: string, equivalent?: string];

const GB2023: readonly Row2023[] = [
  ['01', '耕地', 'Cropland'],
  ['0101', '水田', 'Paddy field'],
  ['0102', '水浇地', 'Irrigated land'],
  ['0103', '旱地', 'Dry land'],

  ['02', '园地', 'Garden land'],
  ['0201', '果园', 'Orchard'],
  ['0202', '茶园', 'Tea garden'],
  ['0203', '橡胶园地', 'Rubber plantation'],
  ['0204', '油料园地', 'Oil-crop plantation'],
  ['0205', '其他园地', 'Other garden land'],

  ['03', '林地', 'Forest land'],
  ['0301', '乔木林地', 'Arbor forest land'],
  ['0302', '竹林地', 'Bamboo forest land'],
  ['0303', '灌木林地', 'Shrub forest land'],
  ['0304', '其他林地', 'Other forest land'],

  ['04', '草地', 'Grassland'],
  ['0401', '天然牧草地', 'Natural pasture'],
  ['0402', '人工牧草地', 'Artificial pasture'],
  ['0403', '其他草地', 'Other grassland'],

  ['05', '湿地', 'Wetland'],
  ['0501', '森林沼泽', 'Forest swamp'],
  ['0502', '灌丛沼泽', 'Shrub swamp'],
  ['0503', '沼泽草地', 'Marsh grassland'],
  ['0504', '其他沼泽地', 'Other marshland'],
  ['0505', '沿海滩涂', 'Coastal tidal flat'],
  ['0506', '内陆滩涂', 'Inland tidal flat'],
  ['0507', '红树林地', 'Mangrove land'],

  ['06', '农业设施建设用地', 'Agricultural facility construction land'],
  ['0601', '农村道路', 'Rural road'],
  ['060101', '村道用地', 'Village road land'],
  ['060102', '田间道', 'Field road'],
  ['0602', '设施农用地', 'Agricultural facility land'],
  ['060201', '种植设施建设用地', 'Crop-growing facility land'],
  ['060202', '畜禽养殖设施建设用地', 'Livestock and poultry farming facility land'],
  ['060203', '水产养殖设施建设用地', 'Aquaculture facility land'],

  ['07', '居住用地', 'Residential land'],
  ['0701', '城镇住宅用地', 'Urban housing land'],
  ['070101', '一类城镇住宅用地', 'Class 1 urban housing land'],
  ['070102', '二类城镇住宅用地', 'Class 2 urban housing land'],
  ['070103', '三类城镇住宅用地', 'Class 3 urban housing land'],
  ['0702', '城镇社区服务设施用地', 'Urban community service facility land'],
  ['0703', '农村宅基地', 'Rural homestead'],
  ['070301', '一类农村宅基地', 'Class 1 rural homestead'],
  ['070302', '二类农村宅基地', 'Class 2 rural homestead'],
  ['0704', '农村社区服务设施用地', 'Rural community service facility land'],

  ['08', '公共管理与公共服务用地', 'Public administration and public service land'],
  ['0801', '机关团体用地', 'Government and organisation land'],
  ['0802', '科研用地', 'Scientific research land'],
  ['0803', '文化用地', 'Cultural land'],
  ['080301', '图书与展览用地', 'Library and exhibition land'],
  ['080302', '文化活动用地', 'Cultural activity land'],
  ['0804', '教育用地', 'Education land'],
  ['080401', '高等教育用地', 'Higher education land'],
  ['080402', '中等职业教育用地', 'Secondary vocational education land'],
  ['080403', '中小学用地', 'Primary and secondary school land'],
  ['080404', '幼儿园用地', 'Kindergarten land'],
  ['080405', '其他教育用地', 'Other education land'],
  ['0805', '体育用地', 'Sports land'],
  ['080501', '体育场馆用地', 'Stadium and gymnasium land'],
  ['080502', '体育训练用地', 'Sports training land'],
  ['0806', '医疗卫生用地', 'Medical and health land'],
  ['080601', '医院用地', 'Hospital land'],
  ['080602', '基层医疗卫生设施用地', 'Primary health-care facility land'],
  ['080603', '公共卫生用地', 'Public health land'],
  ['0807', '社会福利用地', 'Social welfare land'],
  ['080701', '老年人社会福利用地', 'Elderly welfare land'],
  ['080702', '儿童社会福利用地', 'Child welfare land'],
  ['080703', '残疾人社会福利用地', 'Disability welfare land'],
  ['080704', '其他社会福利用地', 'Other social welfare land'],

  ['09', '商业服务业用地', 'Commercial and business service land'],
  ['0901', '商业用地', 'Commercial land'],
  ['090101', '零售商业用地', 'Retail land'],
  ['090102', '批发市场用地', 'Wholesale market land'],
  ['090103', '餐饮用地', 'Catering land'],
  ['090104', '旅馆用地', 'Hotel land'],
  ['090105', '公用设施营业网点用地', 'Utility service outlet land'],
  ['0902', '商务金融用地', 'Business and finance land'],
  ['0903', '娱乐用地', 'Entertainment land'],
  ['0904', '其他商业服务业用地', 'Other commercial service land'],

  ['10', '工矿用地', 'Industrial and mining land'],
  ['1001', '工业用地', 'Industrial land'],
  ['100101', '一类工业用地', 'Class 1 industrial land'],
  ['100102', '二类工业用地', 'Class 2 industrial land'],
  ['100103', '三类工业用地', 'Class 3 industrial land'],
  ['1002', '采矿用地', 'Mining land'],
  ['1003', '盐田', 'Salt pan'],

  ['11', '仓储用地', 'Warehousing land'],
  ['1101', '物流仓储用地', 'Logistics and warehousing land'],
  ['110101', '一类物流仓储用地', 'Class 1 logistics and warehousing land'],
  ['110102', '二类物流仓储用地', 'Class 2 logistics and warehousing land'],
  ['110103', '三类物流仓储用地', 'Class 3 logistics and warehousing land'],
  ['1102', '储备库用地', 'Reserve depot land'],

  ['12', '交通运输用地', 'Transport land'],
  ['1201', '铁路用地', 'Railway land'],
  ['1202', '公路用地', 'Highway land'],
  ['1203', '机场用地', 'Airport land'],
  ['1204', '港口码头用地', 'Port and wharf land'],
  ['1205', '管道运输用地', 'Pipeline transport land'],
  ['1206', '城市轨道交通用地', 'Urban rail transit land'],
  ['1207', '城镇村道路用地', 'Urban and village road land'],
  ['1208', '交通场站用地', 'Transport station land'],
  ['120801', '对外交通场站用地', 'Intercity transport station land'],
  ['120802', '公共交通场站用地', 'Public transport station land'],
  ['120803', '社会停车场用地', 'Public parking land'],
  ['1209', '其他交通设施用地', 'Other transport facility land'],

  ['13', '公用设施用地', 'Public utility land'],
  ['1301', '供水用地', 'Water supply land'],
  ['1302', '排水用地', 'Drainage land'],
  ['1303', '供电用地', 'Power supply land'],
  ['1304', '供燃气用地', 'Gas supply land'],
  ['1305', '供热用地', 'Heat supply land'],
  ['1306', '通信用地', 'Telecommunications land'],
  ['1307', '邮政用地', 'Postal land'],
  ['1308', '广播电视设施用地', 'Radio and television facility land'],
  ['1309', '环卫用地', 'Sanitation land'],
  ['1310', '消防用地', 'Fire station land'],
  ['1311', '水工设施用地', 'Hydraulic facility land'],
  ['1312', '其他公用设施用地', 'Other public utility land'],

  ['14', '绿地与开敞空间用地', 'Green space and open space land'],
  ['1401', '公园绿地', 'Park green space'],
  ['1402', '防护绿地', 'Protective green space'],
  ['1403', '广场用地', 'Public square land'],

  ['15', '特殊用地', 'Special-use land'],
  ['1501', '军事设施用地', 'Military facility land'],
  ['1502', '使领馆用地', 'Embassy and consulate land'],
  ['1503', '宗教用地', 'Religious land'],
  ['1504', '文物古迹用地', 'Cultural heritage site land'],
  ['1505', '监教场所用地', 'Prison and correctional facility land'],
  ['1506', '殡葬用地', 'Funeral and burial land'],
  ['1507', '其他特殊用地', 'Other special-use land'],

  ['16', '留白用地', 'Reserved land'],

  ['17', '陆地水域', 'Inland water'],
  ['1701', '河流水面', 'River water surface'],
  ['1702', '湖泊水面', 'Lake water surface'],
  ['1703', '水库水面', 'Reservoir water surface'],
  ['1704', '坑塘水面', 'Pond water surface'],
  ['1705', '沟渠', 'Ditch and canal'],
  ['1706', '冰川及常年积雪', 'Glacier and perennial snow'],

  ['18', '渔业用海', 'Fishery sea use'],
  ['1801', '渔业基础设施用海', 'Fishery infrastructure sea use'],
  ['1802', '增养殖用海', 'Mariculture sea use'],
  ['1803', '捕捞海域', 'Fishing sea area'],
  ['1804', '农林牧业用岛', 'Islands for farming, forestry and husbandry'],

  ['19', '工矿通信用海', 'Industrial, mining and communication sea use'],
  ['1901', '工业用海', 'Industrial sea use'],
  ['1902', '盐田用海', 'Salt pan sea use'],
  ['1903', '固体矿产用海', 'Solid mineral sea use'],
  ['1904', '油气用海', 'Oil and gas sea use'],
  ['1905', '可再生能源用海', 'Renewable energy sea use'],
  ['1906', '海底电缆管道用海', 'Submarine cable and pipeline sea use'],

  ['20', '交通运输用海', 'Transport sea use'],
  ['2001', '港口用海', 'Port sea use'],
  ['2002', '航运用海', 'Shipping sea use'],
  ['2003', '路桥隧道用海', 'Road, bridge and tunnel sea use'],
  ['2004', '机场用海', 'Airport sea use'],
  ['2005', '其他交通运输用海', 'Other transport sea use'],

  ['21', '游憩用海', 'Recreational sea use'],
  ['2101', '风景旅游用海', 'Scenic tourism sea use'],
  ['2102', '文体休闲娱乐用海', 'Culture, sports and leisure sea use'],

  ['22', '特殊用海', 'Special sea use'],
  ['2201', '军事用海', 'Military sea use'],
  ['2202', '科研教育用海', 'Research and education sea use'],
  ['2203', '海洋保护修复及海岸防护工程用海', 'Marine conservation, restoration and coastal defence sea use'],
  ['2204', '排污倾倒用海', 'Sewage discharge and dumping sea use'],
  ['2205', '水下文物保护用海', 'Underwater cultural heritage sea use'],
  ['2206', '其他特殊用海', 'Other special sea use'],

  ['23', '其他土地', 'Other land'],
  ['2301', '空闲地', 'Vacant land'],
  ['2302', '后备耕地', 'Reserve cropland'],
  ['2303', '田坎', 'Field ridge'],
  ['2304', '盐碱地', 'Saline-alkali land'],
  ['2305', '沙地', 'Sandy land'],
  ['2306', '裸土地', 'Bare soil land'],
  ['2307', '裸岩石砾地', 'Bare rock and gravel land'],

  ['24', '其他海域', 'Other sea area'],
];

/** GB 50137-2011: only the industrial and logistics classes the planning packs use. */
const GB50137: readonly Row[] = [
  ['M', '工业用地', 'Industrial land', undefined, '1001'],
  ['M1', '一类工业用地', 'Class 1 industrial land', 'M', '100101'],
  ['M2', '二类工业用地', 'Class 2 industrial land', 'M', '100102'],
  ['M3', '三类工业用地', 'Class 3 industrial land', 'M', '100103'],
  ['W', '物流仓储用地', 'Logistics and warehousing land', undefined, '1101'],
  ['W1', '一类物流仓储用地', 'Class 1 logistics and warehousing land', 'W', '110101'],
  ['W2', '二类物流仓储用地', 'Class 2 logistics and warehousing land', 'W', '110102'],
  ['W3', '三类物流仓储用地', 'Class 3 logistics and warehousing land', 'W', '110103'],
];

/**
 * 三调 (第三次全国国土调查工作分类), all first-level classes and the level-2 classes the
 * packs need. `equivalent` is set only where the 2023 class covers the same land; 三调 03
 * 林地 and 04 草地, for instance, include wetland classes that 2023 moved to 05 湿地.
 */
const SURVEY3: readonly Row[] = [
  ['S3-01', '耕地', 'Cropland', undefined, '01'],
  ['S3-0101', '水田', 'Paddy field', 'S3-01', '0101'],
  ['S3-0102', '水浇地', 'Irrigated land', 'S3-01', '0102'],
  ['S3-0103', '旱地', 'Dry land', 'S3-01', '0103'],
  ['S3-02', '种植园用地', 'Plantation land', undefined, '02'],
  ['S3-03', '林地', 'Forest land'],
  ['S3-04', '草地', 'Grassland'],
  ['S3-05', '商业服务业用地', 'Commercial and business service land'],
  ['S3-05H1', '商业服务业设施用地', 'Commercial and business service facility land', 'S3-05', '09'],
  ['S3-0508', '物流仓储用地', 'Logistics and warehousing land', 'S3-05', '1101'],
  ['S3-06', '工矿用地', 'Industrial and mining land', undefined, '10'],
  ['S3-0601', '工业用地', 'Industrial land', 'S3-06', '1001'],
  ['S3-0602', '采矿用地', 'Mining land', 'S3-06', '1002'],
  ['S3-0603', '盐田', 'Salt pan', 'S3-06', '1003'],
  ['S3-07', '住宅用地', 'Residential land', undefined, '07'],
  ['S3-0701', '城镇住宅用地', 'Urban housing land', 'S3-07', '0701'],
  ['S3-0702', '农村宅基地', 'Rural homestead', 'S3-07', '0703'],
  ['S3-08', '公共管理与公共服务用地', 'Public administration and public service land'],
  ['S3-09', '特殊用地', 'Special-use land', undefined, '15'],
  ['S3-10', '交通运输用地', 'Transport land'],
  ['S3-11', '水域及水利设施用地', 'Water and water-conservancy facility land'],
  ['S3-12', '其他土地', 'Other land'],
];

/**
 * Local extensions. 新型产业用地 (M0) sits under 1001 工业用地 so that a rule about "1001"
 * covers it, but it is not under any of 100101–100103: a pack that lists the three
 * industrial classes explicitly excludes M0.
 */
const LOCAL: readonly Row[] = [
  ['100104', '新型产业用地（M0）', 'New industrial land (M0)', '1001'],
  ['M0', '新型产业用地', 'New industrial land', undefined, '100104'],
];

function parentOf2023(code: string): string | undefined {
  return code.length > 2 ? code.slice(0, code.length - 2) : undefined;
}

function entry(system: LandUseSystem, [code, zh, en, parent, equivalent]: Row): LandUseCode {
  const e: LandUseCode = { code, system, zh, en };
  if (parent !== undefined) e.parent = parent;
  if (equivalent !== undefined) e.equivalent = equivalent;
  return Object.freeze(e);
}

export const LAND_USE_CODES: readonly LandUseCode[] = Object.freeze([
  ...GB2023.map(([code, zh, en]) => entry('gb2023', [code, zh, en, parentOf2023(code)])),
  ...GB50137.map((r) => entry('gb50137', r)),
  ...SURVEY3.map((r) => entry('survey3', r)),
  ...LOCAL.map((r) => entry('local', r)),
]);

const norm = (code: string): string => code.toUpperCase();

const BY_CODE: ReadonlyMap<string, LandUseCode> = new Map(LAND_USE_CODES.map((c) => [norm(c.code), c]));

/** Exact code lookup, case-insensitive for letter codes (m1 → M1, s3-0601 → S3-0601). */
export function landUseCode(code: string): LandUseCode | undefined {
  if (typeof code !== 'string') return undefined;
  return BY_CODE.get(norm(code));
}

export function isKnownLandUse(code: string): boolean {
  return landUseCode(code) !== undefined;
}

/** The code itself and every code above it, following `parent` and `equivalent` links. */
function ancestors(code: string): Set<string> {
  const seen = new Set<string>();
  const stack = [norm(code)];
  while (stack.length > 0) {
    const c = stack.pop() as string;
    if (seen.has(c)) continue;
    seen.add(c);
    const e = BY_CODE.get(c);
    if (e?.parent !== undefined) stack.push(norm(e.parent));
    if (e?.equivalent !== undefined) stack.push(norm(e.equivalent));
  }
  return seen;
}

/** A listed code and the codes it is equivalent to (M → 1001, M0 → 100104). */
function equivalents(code: string): string[] {
  const out: string[] = [];
  let c: string | undefined = norm(code);
  while (c !== undefined && !out.includes(c)) {
    out.push(c);
    const eq: string | undefined = BY_CODE.get(c)?.equivalent;
    c = eq === undefined ? undefined : norm(eq);
  }
  return out;
}

/** The 2023 sub-classes of each 2023 class (1001 → 100101, 100102, 100103); local codes are not among them. */
const SUBCLASSES_2023: ReadonlyMap<string, readonly string[]> = (() => {
  const out = new Map<string, string[]>();
  for (const c of LAND_USE_CODES) {
    if (c.system !== 'gb2023' || c.parent === undefined) continue;
    const list = out.get(c.parent);
    if (list) list.push(c.code);
    else out.set(c.parent, [c.code]);
  }
  return out;
})();

/**
 * Whether a class is listed, or every one of its 2023 sub-classes is. A parcel coded only to
 * the class (1001 工业用地, or M, S3-0601 mapped to it) is one of those sub-classes, the data
 * just does not say which: a list naming all of them covers it. Local extensions (100104 M0)
 * are not 2023 sub-classes, so they still count only where listed.
 */
function covered(code: string, listed: ReadonlySet<string>): boolean {
  if (listed.has(code)) return true;
  const subclasses = SUBCLASSES_2023.get(code);
  return subclasses !== undefined && subclasses.every((sub) => covered(sub, listed));
}

/** The listed codes with their equivalents, kept per list: the price floor asks once per parcel. */
const listedSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function listedSet(codes: readonly string[]): ReadonlySet<string> {
  let set = listedSets.get(codes);
  if (!set) listedSets.set(codes, (set = new Set(codes.filter((c): c is string => typeof c === 'string').flatMap(equivalents))));
  return set;
}

/**
 * true when `code` equals one of `codes` or is a child of one (100101 under 1001; M1 under M)
 * — following `parent` links and `equivalent` (M1 → 100101). A listed code also stands for
 * its equivalent, so 100102 is under ['M'] as M ≡ 1001. 100104 (M0) is under ['1001'] but not
 * under ['100101', '100102', '100103']. A class whose 2023 sub-classes are all listed counts
 * as listed: 1001 (and M, S3-0601) is under ['100101', '100102', '100103'].
 */
export function landUseMatches(code: string, codes: readonly string[]): boolean {
  if (typeof code !== 'string' || codes.length === 0) return false;
  const listed = listedSet(codes);
  for (const c of ancestors(code)) if (listed.has(c)) return true;
  // Only the code and its equivalents may be covered by their sub-classes: 100104 sits under
  // 1001 by a parent link, and must not count because 100101–100103 are listed.
  return equivalents(code).some((c) => covered(c, listed));
}
