// The bilingual messages of CRS detection: what is wrong, the likely mistake, what to do.
import { crsInfo, type CrsInfo } from './definitions';

export interface Message {
  /** stable identifier for the UI and tests */
  code: string;
  en: string;
  zh: string;
}

/** A bounding box in the file's own coordinates (or lon/lat after reprojection). */
export interface Extent {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export const CHINA = { minLon: 73, maxLon: 136, minLat: 3, maxLat: 54 } as const;

/** Whole metres with thin groups, as surveyors write them: 38 515 361. */
export function metres(v: number): string {
  const s = Math.round(Math.abs(v)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return v < 0 ? `-${s}` : s;
}

const deg = (v: number): string => (Number.isFinite(v) ? `${+v.toFixed(4)}` : String(v));

function span(lo: number, hi: number, fmt: (v: number) => string): string {
  return fmt(lo) === fmt(hi) ? fmt(lo) : `${fmt(lo)}…${fmt(hi)}`;
}

/** "x 515 355…519 843, y 3 374 444…3 378 643" or in degrees when the numbers are small. */
export function describeExtent(e: Extent): string {
  const fmt = Math.max(Math.abs(e.maxX), Math.abs(e.maxY)) > 1000 ? metres : deg;
  return `x ${span(e.minX, e.maxX, fmt)}, y ${span(e.minY, e.maxY, fmt)}`;
}

export function crsLabel(code: number): { en: string; zh: string } {
  const info = crsInfo(code);
  return info ? { en: `EPSG:${code} (${info.name.en})`, zh: `EPSG:${code}（${info.name.zh}）` } : { en: `EPSG:${code}`, zh: `EPSG:${code}` };
}

/** "3° zone 38 with prefix" / "3° CM 114°E without prefix" / "longitude/latitude". */
export function zoneWords(info: CrsInfo): { en: string; zh: string } {
  const deg3 = info.kind === 'gk3' || info.kind === 'gk3-prefix' ? 3 : 6;
  switch (info.kind) {
    case 'geographic':
      return { en: 'longitude/latitude in degrees', zh: '经纬度（度）' };
    case 'gk3-prefix':
    case 'gk6-prefix':
      return { en: `${deg3}° zone ${info.zone} with prefix`, zh: `带带号的${deg3}度带第${info.zone}带` };
    default:
      return { en: `${deg3}° zone CM ${info.centralMeridian}°E without prefix`, zh: `不带带号的${deg3}度带（中央经线${info.centralMeridian}°E）` };
  }
}

export function needCrs(e: Extent, candidates: readonly number[]): Message {
  const list = candidates.map((c) => crsLabel(c));
  const example = list.length
    ? { en: ` Likely: ${list.map((l) => l.en).join(', ')}.`, zh: `可能是：${list.map((l) => l.zh).join('、')}。` }
    : {
        en: ' CGCS2000 3° zones without prefix are EPSG:4534 (CM 75°E) … EPSG:4554 (CM 135°E): code = 4534 + (CM − 75) / 3, e.g. CM 114°E → EPSG:4547.',
        zh: 'CGCS2000 3度带不带带号为 EPSG:4534（75°E）… EPSG:4554（135°E）：代码 = 4534 + (中央经线 − 75) / 3，例如 114°E → EPSG:4547。',
      };
  return {
    code: 'need-crs',
    en:
      `The coordinates (${describeExtent(e)}) are Gauss-Krüger metres without a zone prefix, and the file does not say its CRS: ` +
      `the central meridian cannot be known from the numbers (every zone has the same x range). ` +
      `Choose the CRS the data was surveyed in (usually the 3° zone whose central meridian is nearest the city), or pass --crs EPSG:nnnn.${example.en}`,
    zh:
      `坐标（${describeExtent(e)}）是不带带号的高斯-克吕格平面坐标（米），而文件未说明坐标系：无法从数值判断中央经线（各带的 x 范围相同）。` +
      `请选择数据测量所用的坐标系（通常是中央经线离城市最近的3度带），或使用 --crs EPSG:nnnn。${example.zh}`,
  };
}

/** Xian 1980 / Beijing 1954: refused unless confirmed; a warning either way. */
export function datumShift(info: CrsInfo, accepted: boolean): Message {
  const xian = info.datum === 'xian80';
  const datum = xian ? { en: 'Xian 1980', zh: '西安1980' } : { en: 'Beijing 1954', zh: '北京1954' };
  const size = xian ? { en: 'up to ~100 m', zh: '最多约100米' } : { en: 'tens of metres to 100+ m', zh: '数十米到100米以上' };
  const label = crsLabel(info.code);
  const tail = accepted
    ? {
        en: 'You confirmed: ParkAtlas reprojects them as if CGCS2000, so positions and the map may be off by that much (areas change little).',
        zh: '您已确认：ParkAtlas 将其视为 CGCS2000 进行转换，位置可能偏差上述距离（面积变化很小）。',
      }
    : {
        en: 'ParkAtlas reprojects them as if CGCS2000 only if you confirm — convert with the official parameters first (e.g. from your surveying bureau) and import the CGCS2000 file.',
        zh: '只有在您确认后 ParkAtlas 才会将其视为 CGCS2000 转换——请先用官方转换参数（可向测绘部门获取）转换为 CGCS2000 后再导入。',
      };
  return {
    code: 'datum-shift',
    en: `The file is in ${label.en}: coordinates in ${datum.en} differ from CGCS2000 by ${size.en} (no reliable public transformation). ${tail.en}`,
    zh: `文件坐标系为 ${label.zh}：${datum.zh} 坐标与 CGCS2000 相差${size.zh}（没有可靠的公开转换参数）。${tail.zh}`,
  };
}

export function crsAssumed(code: number, e: Extent): Message {
  const label = crsLabel(code);
  return {
    code: 'crs-assumed',
    en: `The file does not say its CRS; from the coordinates (${describeExtent(e)}) ParkAtlas takes ${label.en}. If the data is Xian 1980 or Beijing 1954, positions will be off by up to ~100 m: say so, or pass --crs.`,
    zh: `文件未说明坐标系；根据坐标（${describeExtent(e)}）ParkAtlas 按 ${label.zh} 处理。若数据为西安1980或北京1954坐标系，位置会偏差约100米：请说明或使用 --crs 指定。`,
  };
}

export function wgs84GaussKruger(name: string, code: number): Message {
  const label = crsLabel(code);
  return {
    code: 'wgs84-as-cgcs2000',
    en: `The file's CRS "${name}" is Gauss-Krüger on WGS 84; ParkAtlas reads it as ${label.en} (WGS 84 and CGCS2000 agree to well under 1 m).`,
    zh: `文件坐标系"${name}"为 WGS 84 下的高斯-克吕格投影；ParkAtlas 按 ${label.zh} 读取（WGS 84 与 CGCS2000 相差远小于1米）。`,
  };
}

export function zoneMismatch(declared: CrsInfo, observed: { zone: number; degrees: 3 | 6 }, suggestion: number | undefined, e: Extent): Message {
  const d = zoneWords(declared);
  const x = metres(e.minX);
  const use = suggestion !== undefined ? { en: `: use EPSG:${suggestion}`, zh: `：请改用 EPSG:${suggestion}` } : { en: '', zh: '' };
  return {
    code: 'zone-mismatch',
    en: `The coordinates look like ${observed.degrees}° zone ${observed.zone} with prefix (x ≈ ${x}), but the file says ${d.en} (EPSG:${declared.code})${use.en}. The zone number in front of x decides the zone.`,
    zh: `坐标看起来是${observed.degrees}度带第${observed.zone}带（带带号，x ≈ ${x}），但文件声明的是${d.zh}（EPSG:${declared.code}）${use.zh}。x 前面的带号决定了所在的带。`,
  };
}

export function lonLatAsProjected(declared: CrsInfo, e: Extent): Message {
  const label = crsLabel(declared.code);
  return {
    code: 'lonlat-as-projected',
    en: `The coordinates look like longitude/latitude, not metres (${describeExtent(e)}), but the file says ${label.en}, a projected CRS in metres. The likely mistake is a wrong CRS on export: use EPSG:4490 (or EPSG:4326).`,
    zh: `坐标看起来是经纬度而不是米（${describeExtent(e)}），但文件声明的是平面坐标系 ${label.zh}（单位为米）。可能是导出时设错了坐标系：请改用 EPSG:4490（或 EPSG:4326）。`,
  };
}

export function metresAsLonLat(declared: CrsInfo, e: Extent, suggestion: number | undefined): Message {
  const label = crsLabel(declared.code);
  const use = suggestion !== undefined ? crsLabel(suggestion) : undefined;
  return {
    code: 'metres-as-lonlat',
    en: `The coordinates are metres, not degrees (${describeExtent(e)}), but the file says ${label.en}. ${use ? `They look like ${use.en}: use that.` : 'Choose the projected CRS the data was surveyed in (--crs).'}`,
    zh: `坐标是米而不是度（${describeExtent(e)}），但文件声明的是 ${label.zh}。${use ? `看起来是 ${use.zh}：请改用该坐标系。` : '请选择数据所用的平面坐标系（--crs）。'}`,
  };
}

export function axesSwapped(e: Extent, what: 'lonlat' | 'metres'): Message {
  return what === 'lonlat'
    ? {
        code: 'axes-swapped',
        en: `x and y are swapped: x (${span(e.minX, e.maxX, deg)}) looks like a latitude and y (${span(e.minY, e.maxY, deg)}) like a longitude. Export with x = longitude, y = latitude (or swap the columns).`,
        zh: `x 和 y 颠倒了：x（${span(e.minX, e.maxX, deg)}）像纬度，y（${span(e.minY, e.maxY, deg)}）像经度。请按 x = 经度、y = 纬度导出（或交换两列）。`,
      }
    : {
        code: 'axes-swapped',
        en: `x and y are swapped (northing first): x (${span(e.minX, e.maxX, metres)}) looks like a northing and y (${span(e.minY, e.maxY, metres)}) like an easting. Surveyors' X is the northing; export with x = easting (Y), y = northing (X), or swap the columns.`,
        zh: `x 和 y 颠倒了（北坐标在前）：x（${span(e.minX, e.maxX, metres)}）像北坐标，y（${span(e.minY, e.maxY, metres)}）像东坐标。测量中的 X 是北坐标；请按 x = 东坐标（Y）、y = 北坐标（X）导出，或交换两列。`,
      };
}

export function prefixMissing(declared: CrsInfo, e: Extent, suggestion: number | undefined): Message {
  const d = zoneWords(declared);
  const use = suggestion !== undefined ? crsLabel(suggestion) : undefined;
  return {
    code: 'prefix-missing',
    en:
      `The file says ${d.en} (EPSG:${declared.code}), where x starts with the zone number (x ≈ ${metres(declared.falseEasting ?? 0)}), ` +
      `but x (${span(e.minX, e.maxX, metres)}) has no zone prefix.${use ? ` Use ${use.en}: the same zone without prefix.` : ''}`,
    zh:
      `文件声明的是${d.zh}（EPSG:${declared.code}），其 x 以带号开头（x ≈ ${metres(declared.falseEasting ?? 0)}），` +
      `但 x（${span(e.minX, e.maxX, metres)}）不带带号。${use ? `请改用 ${use.zh}：同一带、不带带号。` : ''}`,
  };
}

export function prefixUnexpected(declared: CrsInfo, observedZone: number, e: Extent, suggestion: number | undefined): Message {
  const d = zoneWords(declared);
  const use = suggestion !== undefined ? crsLabel(suggestion) : undefined;
  return {
    code: 'prefix-unexpected',
    en: `x (≈ ${metres(e.minX)}) starts with the zone number ${observedZone}, but the file says ${d.en} (EPSG:${declared.code}).${use ? ` Use ${use.en}.` : ''}`,
    zh: `x（≈ ${metres(e.minX)}）以带号 ${observedZone} 开头，但文件声明的是${d.zh}（EPSG:${declared.code}）。${use ? `请改用 ${use.zh}。` : ''}`,
  };
}

export function mixedZones(e: Extent): Message {
  return {
    code: 'mixed-zones',
    en: `x runs from ${metres(e.minX)} to ${metres(e.maxX)}: the zone prefixes differ, so the file mixes Gauss-Krüger zones. Split it by zone (or reproject it to one CRS) before importing.`,
    zh: `x 从 ${metres(e.minX)} 到 ${metres(e.maxX)}：带号不同，文件混合了多个高斯-克吕格投影带。请按带拆分（或统一转换到一个坐标系）后再导入。`,
  };
}

export function unsupportedCrs(what: { en: string; zh: string }, hint?: number): Message {
  const use = hint !== undefined ? crsLabel(hint) : undefined;
  return {
    code: 'unsupported-crs',
    en:
      `ParkAtlas cannot read the file's CRS (${what.en}). It reads longitude/latitude (EPSG:4490, EPSG:4326) and CGCS2000 Gauss-Krüger zones (EPSG:4491–4554): ` +
      `${use ? `if the data is ${use.en}, pass --crs EPSG:${hint}; otherwise ` : ''}convert first, e.g. ogr2ogr -t_srs EPSG:4490 out.gpkg in.shp.`,
    zh:
      `ParkAtlas 无法读取文件的坐标系（${what.zh}）。支持经纬度（EPSG:4490、EPSG:4326）和 CGCS2000 高斯-克吕格投影（EPSG:4491–4554）：` +
      `${use ? `若数据为 ${use.zh}，请使用 --crs EPSG:${hint}；否则` : ''}请先转换，例如 ogr2ogr -t_srs EPSG:4490 out.gpkg in.shp。`,
  };
}

export function unrecognisedCoordinates(e: Extent): Message {
  return {
    code: 'unrecognised-coordinates',
    en: `The coordinates (${describeExtent(e)}) are neither longitude/latitude in China nor Gauss-Krüger metres (x 100 000–900 000, or a zone prefix 13–45 in front), and the file does not say its CRS. Pass --crs EPSG:nnnn, or re-export with a .prj.`,
    zh: `坐标（${describeExtent(e)}）既不是中国范围内的经纬度，也不是高斯-克吕格平面坐标（x 在 100 000–900 000，或前面带13–45的带号），且文件未说明坐标系。请使用 --crs EPSG:nnnn 指定，或重新导出并附带 .prj。`,
  };
}

export function noCoordinates(): Message {
  return {
    code: 'no-coordinates',
    en: 'The file has no coordinates to tell its CRS from, and does not say it. Pass --crs EPSG:nnnn.',
    zh: '文件没有可用于判断坐标系的坐标，也未说明坐标系。请使用 --crs EPSG:nnnn 指定。',
  };
}

export function outsideChina(lonLat: Extent, code: number | null, likely: { en: string; zh: string }): Message {
  const label = code !== null ? crsLabel(code) : { en: 'the chosen CRS', zh: '所选坐标系' };
  const where = Number.isFinite(lonLat.minX + lonLat.maxX + lonLat.minY + lonLat.maxY)
    ? { en: `lands at longitude ${span(lonLat.minX, lonLat.maxX, deg)}, latitude ${span(lonLat.minY, lonLat.maxY, deg)}`, zh: `落在经度 ${span(lonLat.minX, lonLat.maxX, deg)}、纬度 ${span(lonLat.minY, lonLat.maxY, deg)}` }
    : { en: 'cannot be projected (the numbers do not fit it)', zh: '无法转换（数值与其不符）' };
  return {
    code: 'outside-china',
    en: `Read as ${label.en}, the data ${where.en}, outside China (73–136°E, 3–54°N); nothing was imported. ${likely.en}`,
    zh: `按 ${label.zh} 读取，数据${where.zh}，不在中国范围内（73–136°E，3–54°N），未导入。${likely.zh}`,
  };
}
