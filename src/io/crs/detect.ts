// Which CRS a layer is in: what the file says, checked against the numbers; or, when it
// says nothing, what the numbers can tell (lon/lat, or a zone prefix in front of x).
// Never a silent guess: unprefixed metres, Xian 1980 / Beijing 1954 and any disagreement
// between the file and its coordinates come back as a problem with code null.
import type { CrsHint } from '../formats/source';
import {
  centralMeridianCode,
  crsInfo,
  gaussKrugerCode,
  prefixedZoneCode,
  type Bilingual,
  type CrsInfo,
} from './definitions';
import * as msg from './messages';
import { CHINA, type Extent, type Message } from './messages';
import { crsFromWkt } from './prj';

export type { Extent, Message } from './messages';

export interface Detection {
  code: number | null;
  source: 'file' | 'coordinates';
  confidence: 'certain' | 'likely' | 'unknown';
  warnings: Message[];
  /** why no code could be given; the import stops here until the user chooses */
  problem?: Message;
}

export interface DetectOptions {
  /** the user confirmed reading Xian 1980 / Beijing 1954 as if CGCS2000 */
  acceptDatumShift?: boolean;
  /** the city's longitude, to rank candidate zones for unprefixed metres */
  nearLongitude?: number;
}

/** Gauss-Krüger northings of China (3°N–54°N ≈ 330 km–6 000 km), and eastings within a zone. */
const NORTHING = { min: 300_000, max: 6_000_000 };
const EASTING = { min: 100_000, max: 900_000 };

/** What the numbers look like, before any CRS is taken into account. */
export type Shape =
  | { kind: 'lonlat' }
  | { kind: 'lonlat-elsewhere' }
  | { kind: 'lonlat-swapped' }
  | { kind: 'prefixed'; zone: number; degrees: 3 | 6 }
  | { kind: 'mixed-zones' }
  | { kind: 'metres' }
  | { kind: 'metres-swapped' }
  | { kind: 'empty' }
  | { kind: 'unknown' };

const within = (lo: number, hi: number, min: number, max: number) => lo >= min && hi <= max;

/** A zone prefix 13–23 (6°) or 25–45 (3°) with a plausible easting after it. */
function prefixedZone(lo: number, hi: number): { zone: number; degrees: 3 | 6 } | 'mixed' | undefined {
  if (lo < 13e6 || hi >= 46e6) return undefined;
  const zone = Math.floor(lo / 1e6);
  if (Math.floor(hi / 1e6) !== zone) return 'mixed';
  if (!within(lo - zone * 1e6, hi - zone * 1e6, EASTING.min, EASTING.max)) return undefined;
  if (zone >= 13 && zone <= 23) return { zone, degrees: 6 };
  if (zone >= 25 && zone <= 45) return { zone, degrees: 3 };
  return undefined;
}

export function classify(e: Extent): Shape {
  const { minX, minY, maxX, maxY } = e;
  if (![minX, minY, maxX, maxY].every(Number.isFinite) || minX > maxX || minY > maxY) return { kind: 'empty' };
  if (within(minX, maxX, CHINA.minLon, CHINA.maxLon) && within(minY, maxY, CHINA.minLat, CHINA.maxLat)) return { kind: 'lonlat' };
  if (within(minY, maxY, CHINA.minLon, CHINA.maxLon) && within(minX, maxX, CHINA.minLat, CHINA.maxLat)) return { kind: 'lonlat-swapped' };
  if (within(minX, maxX, -180, 180) && within(minY, maxY, -90, 90)) return { kind: 'lonlat-elsewhere' };
  if (within(minY, maxY, NORTHING.min, NORTHING.max)) {
    const p = prefixedZone(minX, maxX);
    if (p === 'mixed') return { kind: 'mixed-zones' };
    if (p) return { kind: 'prefixed', ...p };
    if (within(minX, maxX, EASTING.min, EASTING.max)) return { kind: 'metres' };
  }
  if (within(minX, maxX, NORTHING.min, NORTHING.max)) {
    const p = prefixedZone(minY, maxY);
    if ((p && p !== 'mixed') || within(minY, maxY, EASTING.min, EASTING.max)) return { kind: 'metres-swapped' };
  }
  return { kind: 'unknown' };
}

const problem = (source: Detection['source'], p: Message, warnings: Message[] = []): Detection => ({
  code: null,
  source,
  confidence: 'unknown',
  warnings,
  problem: p,
});

/** A problem when the declared CRS cannot be right for these numbers; undefined when they agree. */
function contradiction(info: CrsInfo, shape: Shape, e: Extent): Message | undefined {
  if (shape.kind === 'lonlat-swapped') return msg.axesSwapped(e, 'lonlat');
  if (shape.kind === 'metres-swapped') return msg.axesSwapped(e, 'metres');
  if (shape.kind === 'mixed-zones') return msg.mixedZones(e);
  if (info.kind === 'geographic') {
    if (shape.kind === 'prefixed') return msg.metresAsLonLat(info, e, prefixedZoneCode('cgcs2000', shape.zone));
    if (shape.kind === 'metres' || shape.kind === 'unknown') return msg.metresAsLonLat(info, e, undefined);
    return undefined;
  }
  if (shape.kind === 'lonlat' || shape.kind === 'lonlat-elsewhere') return msg.lonLatAsProjected(info, e);
  const prefixed = info.kind === 'gk3-prefix' || info.kind === 'gk6-prefix';
  if (prefixed && shape.kind === 'prefixed' && shape.zone !== info.zone) {
    return msg.zoneMismatch(info, shape, prefixedZoneCode(info.datum, shape.zone), e);
  }
  if (prefixed && shape.kind === 'metres') {
    return msg.prefixMissing(info, e, centralMeridianCode(info.datum, info.centralMeridian ?? NaN));
  }
  if (!prefixed && shape.kind === 'prefixed') {
    return msg.prefixUnexpected(info, shape.zone, e, prefixedZoneCode(info.datum, shape.zone));
  }
  return undefined;
}

/** A code the file states: checked against the numbers, and refused for Xian 80 / Beijing 54 unless confirmed. */
function fromFile(code: number, e: Extent, options: DetectOptions, warnings: Message[] = []): Detection {
  const info = crsInfo(code);
  if (!info) {
    return problem('file', msg.unsupportedCrs({ en: `EPSG:${code}`, zh: `EPSG:${code}` }, fromCoordinates(e, options).code ?? undefined));
  }
  const shape = classify(e);
  const wrong = shape.kind === 'empty' ? undefined : contradiction(info, shape, e);
  if (wrong) return problem('file', wrong, warnings);
  if (info.datum === 'xian80' || info.datum === 'beijing54') {
    if (!options.acceptDatumShift) return problem('file', msg.datumShift(info, false), [...warnings, msg.datumShift(info, false)]);
    return { code, source: 'file', confidence: 'certain', warnings: [...warnings, msg.datumShift(info, true)] };
  }
  return { code, source: 'file', confidence: warnings.length ? 'likely' : 'certain', warnings };
}

function fromWkt(wkt: string, e: Extent, options: DetectOptions): Detection {
  const crs = crsFromWkt(wkt);
  if (crs.code !== undefined) return fromFile(crs.code, e, options);
  const p = crs.projection;
  const gk = p && p.scaleFactor === 1 && !crs.unsupported;
  if (gk && crs.datum === 'wgs84') {
    const code = gaussKrugerCode('cgcs2000', p.centralMeridian, p.falseEasting);
    if (code !== undefined) return fromFile(code, e, options, [msg.wgs84GaussKruger(crs.name, code)]);
  }
  const what: Bilingual =
    crs.datum === 'unknown'
      ? { en: `"${crs.name}": datum not recognised${crs.unsupported ? `, ${crs.unsupported}` : ''}`, zh: `"${crs.name}"：无法识别基准面${crs.unsupported ? `，${crs.unsupported}` : ''}` }
      : { en: `"${crs.name}": ${crs.unsupported ?? 'not a standard Gauss-Krüger zone'}`, zh: `"${crs.name}"：${crs.unsupported ?? '不是标准高斯-克吕格投影带'}` };
  // with a readable Gauss-Krüger projection on an unnamed datum, say which CGCS2000 code it would be
  const hint = gk ? gaussKrugerCode('cgcs2000', p.centralMeridian, p.falseEasting) : undefined;
  return problem('file', msg.unsupportedCrs(what, hint));
}

function fromCoordinates(e: Extent, options: DetectOptions): Detection {
  const shape = classify(e);
  switch (shape.kind) {
    case 'lonlat':
      return { code: 4490, source: 'coordinates', confidence: 'likely', warnings: [] };
    case 'prefixed': {
      const code = prefixedZoneCode('cgcs2000', shape.zone);
      if (code === undefined) return problem('coordinates', msg.unrecognisedCoordinates(e));
      return { code, source: 'coordinates', confidence: 'likely', warnings: [msg.crsAssumed(code, e)] };
    }
    case 'metres':
      return problem('coordinates', msg.needCrs(e, options.nearLongitude !== undefined ? suggestCrs(e, options).map((s) => s.code) : []));
    case 'lonlat-swapped':
      return problem('coordinates', msg.axesSwapped(e, 'lonlat'));
    case 'metres-swapped':
      return problem('coordinates', msg.axesSwapped(e, 'metres'));
    case 'mixed-zones':
      return problem('coordinates', msg.mixedZones(e));
    case 'empty':
      return problem('coordinates', msg.noCoordinates());
    default:
      return problem('coordinates', msg.unrecognisedCoordinates(e));
  }
}

/**
 * The CRS of a layer from what its file says (hint) and the extent of its coordinates (sample,
 * in the file's own numbers). A problem means: ask the user (or --crs), do not import.
 */
export function detectCrs(hint: CrsHint, sample: Extent, options: DetectOptions = {}): Detection {
  switch (hint.kind) {
    case 'epsg':
      return fromFile(hint.code, sample, options);
    case 'wkt':
      return fromWkt(hint.wkt, sample, options);
    default:
      return fromCoordinates(sample, options);
  }
}

export interface CrsSuggestion {
  code: number;
  name: Bilingual;
}

const suggestion = (code: number | undefined): CrsSuggestion[] => {
  const info = code !== undefined ? crsInfo(code) : undefined;
  return info ? [{ code: info.code, name: info.name }] : [];
};

/**
 * Codes for the user to choose from, most likely first: the zone the numbers show and its
 * neighbours, or for unprefixed metres the 3° zones nearest nearLongitude (all of them without it).
 */
export function suggestCrs(sample: Extent, options: Pick<DetectOptions, 'nearLongitude'> = {}): CrsSuggestion[] {
  const shape = classify(sample);
  const lonLat = [...suggestion(4490), ...suggestion(4326)];
  switch (shape.kind) {
    case 'prefixed': {
      const z = shape.zone;
      return [
        ...suggestion(prefixedZoneCode('cgcs2000', z)),
        ...suggestion(prefixedZoneCode('cgcs2000', z - 1)),
        ...suggestion(prefixedZoneCode('cgcs2000', z + 1)),
        ...suggestion(prefixedZoneCode('xian80', z)),
        ...suggestion(prefixedZoneCode('beijing54', z)),
      ];
    }
    case 'metres':
    case 'metres-swapped': {
      const cms = Array.from({ length: 21 }, (_, i) => 75 + 3 * i);
      const near = options.nearLongitude;
      if (near === undefined) return cms.flatMap((cm) => suggestion(centralMeridianCode('cgcs2000', cm)));
      return cms
        .sort((a, b) => Math.abs(a - near) - Math.abs(b - near) || a - b)
        .slice(0, 3)
        .flatMap((cm) => suggestion(centralMeridianCode('cgcs2000', cm)));
    }
    default:
      return lonLat;
  }
}
