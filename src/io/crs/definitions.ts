// The coordinate reference systems planners' files arrive in, generated from the EPSG
// numbering of the Chinese Gauss-Krüger families rather than listed by hand:
// lon/lat (WGS 84, CGCS2000) and 3°/6° Gauss-Krüger zones with and without the zone
// number in front of x, on CGCS2000, Xian 1980 and Beijing 1954.
//
// Xian 1980 and Beijing 1954 carry their own ellipsoid but no datum shift: there are no
// reliable public parameters, so reprojecting them "as CGCS2000" ignores a shift of up
// to ~100 m (Xian 80) or 100+ m (Beijing 54). detect.ts refuses that unless confirmed.

export type Datum = 'cgcs2000' | 'wgs84' | 'xian80' | 'beijing54';

/** gk3 = 3° zones (CM = 3·zone), gk6 = 6° zones (CM = 6·zone − 3); "-prefix": x = zone·10⁶ + 500 000 + easting offset. */
export type CrsKind = 'geographic' | 'gk3-prefix' | 'gk3' | 'gk6-prefix' | 'gk6';

export interface Bilingual {
  en: string;
  zh: string;
}

export interface CrsInfo {
  code: number;
  name: Bilingual;
  kind: CrsKind;
  datum: Datum;
  /** the zone number, for the zone-prefixed families */
  zone?: number;
  /** degrees east, for the projected families */
  centralMeridian?: number;
  /** metres: 500 000, or zone·10⁶ + 500 000 for the zone-prefixed families */
  falseEasting?: number;
  proj4: string;
}

const DATUMS: Record<Datum, { en: string; zh: string; ellipsoid: string }> = {
  cgcs2000: { en: 'CGCS2000', zh: 'CGCS2000', ellipsoid: '+ellps=GRS80' },
  wgs84: { en: 'WGS 84', zh: 'WGS 84', ellipsoid: '+datum=WGS84' },
  // IAG 1975 ellipsoid
  xian80: { en: 'Xian 1980', zh: '西安1980', ellipsoid: '+a=6378140 +rf=298.257' },
  beijing54: { en: 'Beijing 1954', zh: '北京1954', ellipsoid: '+ellps=krass' },
};

/** proj4 ellipsoid parameters of a datum, for an inverse projection onto its own lon/lat. */
export function ellipsoidParams(datum: Datum): string {
  return DATUMS[datum].ellipsoid;
}

/** A run of consecutive EPSG codes, one per zone (prefixed) or per central meridian (unprefixed). */
interface Family {
  datum: Datum;
  kind: Exclude<CrsKind, 'geographic'>;
  firstCode: number;
}

/** Zones 25–45 (3°) and 13–23 (6°) cover 75°E–135°E in both numberings. */
const ZONES: Record<Family['kind'], { first: number; last: number }> = {
  'gk3-prefix': { first: 25, last: 45 },
  gk3: { first: 25, last: 45 },
  'gk6-prefix': { first: 13, last: 23 },
  gk6: { first: 13, last: 23 },
};

const FAMILIES: readonly Family[] = [
  { datum: 'cgcs2000', kind: 'gk6-prefix', firstCode: 4491 },
  { datum: 'cgcs2000', kind: 'gk6', firstCode: 4502 },
  { datum: 'cgcs2000', kind: 'gk3-prefix', firstCode: 4513 },
  { datum: 'cgcs2000', kind: 'gk3', firstCode: 4534 },
  { datum: 'xian80', kind: 'gk6-prefix', firstCode: 2327 },
  { datum: 'xian80', kind: 'gk6', firstCode: 2338 },
  { datum: 'xian80', kind: 'gk3-prefix', firstCode: 2349 },
  { datum: 'xian80', kind: 'gk3', firstCode: 2370 },
  { datum: 'beijing54', kind: 'gk3-prefix', firstCode: 2401 },
  { datum: 'beijing54', kind: 'gk3', firstCode: 2422 },
  { datum: 'beijing54', kind: 'gk6-prefix', firstCode: 21413 },
  { datum: 'beijing54', kind: 'gk6', firstCode: 21453 },
  // deprecated duplicates of 21453–21463 ("Gauss-Kruger 13N"), still found in old .prj files
  { datum: 'beijing54', kind: 'gk6', firstCode: 21473 },
];

const GEOGRAPHIC: readonly { code: number; datum: Datum }[] = [
  { code: 4326, datum: 'wgs84' },
  { code: 4490, datum: 'cgcs2000' },
  { code: 4610, datum: 'xian80' },
  { code: 4214, datum: 'beijing54' },
];

export function centralMeridianOf(kind: Family['kind'], zone: number): number {
  return kind === 'gk3' || kind === 'gk3-prefix' ? 3 * zone : 6 * zone - 3;
}

function isPrefixed(kind: CrsKind): boolean {
  return kind === 'gk3-prefix' || kind === 'gk6-prefix';
}

function projectedInfo(code: number, family: Family, zone: number): CrsInfo {
  const { datum, kind } = family;
  const cm = centralMeridianOf(kind, zone);
  const prefixed = isPrefixed(kind);
  const falseEasting = prefixed ? zone * 1e6 + 500_000 : 500_000;
  const three = kind === 'gk3' || kind === 'gk3-prefix';
  const d = DATUMS[datum];
  const en = `${d.en} / ${three ? '3-degree ' : ''}Gauss-Kruger ${prefixed ? `zone ${zone}` : `CM ${cm}E`}`;
  const zh = `${d.zh} ${three ? 3 : 6}度带 ${prefixed ? `第${zone}带` : `中央经线${cm}°E（无带号）`}`;
  return {
    code,
    name: { en, zh },
    kind,
    datum,
    ...(prefixed ? { zone } : {}),
    centralMeridian: cm,
    falseEasting,
    proj4: `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${falseEasting} +y_0=0 ${d.ellipsoid} +units=m +no_defs`,
  };
}

function buildTable(): Map<number, CrsInfo> {
  const table = new Map<number, CrsInfo>();
  for (const { code, datum } of GEOGRAPHIC) {
    const d = DATUMS[datum];
    table.set(code, {
      code,
      name: { en: `${d.en} (longitude/latitude)`, zh: `${d.zh} 经纬度` },
      kind: 'geographic',
      datum,
      proj4: `+proj=longlat ${d.ellipsoid} +no_defs`,
    });
  }
  for (const family of FAMILIES) {
    const { first, last } = ZONES[family.kind];
    for (let zone = first; zone <= last; zone++) {
      const code = family.firstCode + zone - first;
      // the first family listed for a code wins (the deprecated Beijing 54 run comes last)
      if (!table.has(code)) table.set(code, projectedInfo(code, family, zone));
    }
  }
  return table;
}

const TABLE = buildTable();

/** What ParkAtlas knows about an EPSG code, or undefined when it cannot read that CRS. */
export function crsInfo(code: number): CrsInfo | undefined {
  return TABLE.get(code);
}

/** Every code ParkAtlas can read, in ascending order. */
export function knownCodes(): number[] {
  return [...TABLE.keys()].sort((a, b) => a - b);
}

/** The geographic (lon/lat) code of a datum. */
export function geographicCode(datum: Datum): number {
  const found = GEOGRAPHIC.find((g) => g.datum === datum);
  if (!found) throw new Error(`no geographic CRS for datum ${datum}`);
  return found.code;
}

/** The code of a zone-prefixed Gauss-Krüger zone: 13–23 are 6° zones, 25–45 are 3° zones. */
export function prefixedZoneCode(datum: Datum, zone: number): number | undefined {
  const kind = zone >= 25 ? 'gk3-prefix' : 'gk6-prefix';
  return familyCode(datum, kind, zone);
}

/**
 * The code of an unprefixed Gauss-Krüger CRS by central meridian. A CM of 6·n − 3 is both a
 * 6° and a 3° zone with identical definitions; the 3° code is returned (planning data is 3°).
 */
export function centralMeridianCode(datum: Datum, centralMeridian: number): number | undefined {
  if (centralMeridian % 3 === 0) return familyCode(datum, 'gk3', centralMeridian / 3);
  if ((centralMeridian + 3) % 6 === 0) return familyCode(datum, 'gk6', (centralMeridian + 3) / 6);
  return undefined;
}

function familyCode(datum: Datum, kind: Family['kind'], zone: number): number | undefined {
  const family = FAMILIES.find((f) => f.datum === datum && f.kind === kind);
  const { first, last } = ZONES[kind];
  if (!family || !Number.isInteger(zone) || zone < first || zone > last) return undefined;
  return family.firstCode + zone - first;
}

/**
 * The code of a Gauss-Krüger CRS from its projection parameters (scale 1, latitude of origin 0,
 * false northing 0 are the caller's to check): false easting 500 000 → unprefixed by CM;
 * zone·10⁶ + 500 000 → prefixed, when the CM belongs to that zone.
 */
export function gaussKrugerCode(datum: Datum, centralMeridian: number, falseEasting: number): number | undefined {
  if (falseEasting === 500_000) return centralMeridianCode(datum, centralMeridian);
  const zone = (falseEasting - 500_000) / 1e6;
  const code = prefixedZoneCode(datum, zone);
  return code !== undefined && crsInfo(code)?.centralMeridian === centralMeridian ? code : undefined;
}
