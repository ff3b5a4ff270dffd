// What a CRS text in a file says: ESRI .prj (WKT1), OGC WKT1 (GeoPackage), WKT2, and the
// names GeoJSON and others use ("EPSG:4547", "urn:ogc:def:crs:EPSG::4547").
// Only enough is read to name a code of definitions.ts; axis order in the WKT is ignored
// on purpose: files store x = easting whatever EPSG says, and detect.ts checks the numbers.
import { crsInfo, gaussKrugerCode, geographicCode, type Datum } from './definitions';

export interface WktCrs {
  /** the EPSG code the text states, or the one its datum and projection match */
  code?: number;
  datum: Datum | 'unknown';
  /** Transverse Mercator / Gauss-Krüger parameters, in degrees and metres */
  projection?: { centralMeridian: number; falseEasting: number; scaleFactor: number };
  /** the CRS's own name in the text */
  name: string;
  /** the text is a projection other than Transverse Mercator, or in units other than metres */
  unsupported?: string;
}

type WktValue = string | number | WktNode;
interface WktNode {
  keyword: string;
  args: WktValue[];
}

/** Parses the bracket structure of WKT1/WKT2: KEYWORD[arg, …] with "strings", numbers, bare enums. */
function parseWkt(text: string): WktNode | undefined {
  let i = 0;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const node = (): WktNode | undefined => {
    skip();
    const start = i;
    while (i < text.length && /[A-Za-z0-9_]/.test(text[i])) i++;
    const keyword = text.slice(start, i).toUpperCase();
    skip();
    if (!keyword || (text[i] !== '[' && text[i] !== '(')) return undefined;
    const close = text[i] === '[' ? ']' : ')';
    i++;
    const args: WktValue[] = [];
    for (;;) {
      skip();
      if (i >= text.length) return undefined;
      if (text[i] === close) {
        i++;
        return { keyword, args };
      }
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '"') {
        // "" inside a string is a literal quote
        let s = '';
        i++;
        while (i < text.length) {
          if (text[i] === '"' && text[i + 1] === '"') {
            s += '"';
            i += 2;
          } else if (text[i] === '"') break;
          else s += text[i++];
        }
        i++;
        args.push(s);
        continue;
      }
      const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i, i + 40));
      if (m && !/[A-Za-z_]/.test(text[i + m[0].length] ?? '')) {
        args.push(Number(m[0]));
        i += m[0].length;
        continue;
      }
      const save = i;
      const child = node();
      if (child) {
        args.push(child);
        continue;
      }
      // a bare enum such as NORTH or EAST
      i = save;
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
      if (!word) return undefined;
      args.push(word[0]);
      i += word[0].length;
    }
  };
  return node();
}

const children = (n: WktNode, ...keywords: string[]): WktNode[] =>
  n.args.filter((a): a is WktNode => typeof a === 'object' && keywords.includes(a.keyword));
const child = (n: WktNode, ...keywords: string[]): WktNode | undefined => children(n, ...keywords)[0];
const nameOf = (n: WktNode | undefined): string => (typeof n?.args[0] === 'string' ? n.args[0] : '');
const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The node's own EPSG code: AUTHORITY["EPSG","4547"] (WKT1) or ID["EPSG",4547] (WKT2). */
function epsgOf(n: WktNode): number | undefined {
  for (const id of children(n, 'AUTHORITY', 'ID')) {
    if (typeof id.args[0] === 'string' && norm(id.args[0]) === 'epsg') {
      const code = Number(id.args[1]);
      if (Number.isInteger(code) && code > 0) return code;
    }
  }
  return undefined;
}

/** Datum names as ESRI, OGC and EPSG spell them, normalised to lower-case letters and digits. */
const DATUM_NAMES: Record<string, Datum> = {
  china2000: 'cgcs2000',
  dchina2000: 'cgcs2000',
  cgcs2000: 'cgcs2000',
  chinageodeticcoordinatesystem2000: 'cgcs2000',
  gcschinageodeticcoordinatesystem2000: 'cgcs2000',
  wgs84: 'wgs84',
  wgs1984: 'wgs84',
  dwgs1984: 'wgs84',
  gcswgs1984: 'wgs84',
  worldgeodeticsystem1984: 'wgs84',
  worldgeodeticsystem1984ensemble: 'wgs84',
  xian1980: 'xian80',
  dxian1980: 'xian80',
  gcsxian1980: 'xian80',
  beijing1954: 'beijing54',
  dbeijing1954: 'beijing54',
  gcsbeijing1954: 'beijing54',
};

export function datumFromName(name: string): Datum | 'unknown' {
  return DATUM_NAMES[norm(name)] ?? 'unknown';
}

function datumOf(geog: WktNode | undefined): Datum | 'unknown' {
  if (!geog) return 'unknown';
  const datum = child(geog, 'DATUM', 'GEODETICDATUM', 'TRF', 'ENSEMBLE');
  const byDatum = datumFromName(nameOf(datum));
  return byDatum !== 'unknown' ? byDatum : datumFromName(nameOf(geog));
}

/** A parameter's value by any of its WKT1/ESRI/WKT2 names. */
function parameter(nodes: WktNode[], ...names: string[]): number | undefined {
  const wanted = names.map(norm);
  const p = nodes.find((n) => wanted.includes(norm(nameOf(n))));
  return typeof p?.args[1] === 'number' ? p.args[1] : undefined;
}

const TRANSVERSE_MERCATOR = new Set(['transversemercator', 'gausskruger']);

function horizontal(root: WktNode): WktNode {
  // compound CRS: the horizontal part comes first; bound CRS (WKT2): the source CRS
  if (root.keyword === 'COMPD_CS' || root.keyword === 'COMPOUNDCRS') {
    const first = root.args.find((a): a is WktNode => typeof a === 'object');
    return first ? horizontal(first) : root;
  }
  if (root.keyword === 'BOUNDCRS') {
    const source = child(root, 'SOURCECRS');
    const inner = source?.args.find((a): a is WktNode => typeof a === 'object');
    return inner ? horizontal(inner) : root;
  }
  return root;
}

const GEOGRAPHIC_KEYWORDS = ['GEOGCS', 'GEOGCRS', 'GEODCRS', 'GEODETICCRS', 'GEOGRAPHICCRS'];
const PROJECTED_KEYWORDS = ['PROJCS', 'PROJCRS', 'PROJECTEDCRS'];

/** Reads an ESRI .prj / OGC WKT1 / WKT2 text. Returns datum 'unknown' and no code for what it cannot read. */
export function crsFromWkt(wkt: string): WktCrs {
  const parsed = parseWkt(wkt.trim());
  if (!parsed) return { datum: 'unknown', name: wkt.trim().slice(0, 80), unsupported: 'not a WKT text' };
  const root = horizontal(parsed);
  const name = nameOf(root);
  const stated = epsgOf(root);
  const known = stated !== undefined ? crsInfo(stated) : undefined;

  if (GEOGRAPHIC_KEYWORDS.includes(root.keyword)) {
    const datum = known?.datum ?? datumOf(root);
    const code = stated ?? (datum === 'unknown' ? undefined : geographicCode(datum));
    return { ...(code !== undefined ? { code } : {}), datum, name };
  }
  if (!PROJECTED_KEYWORDS.includes(root.keyword)) {
    return { datum: 'unknown', name, unsupported: `${root.keyword} is not a horizontal CRS`, ...(stated ? { code: stated } : {}) };
  }

  const geog = child(root, ...GEOGRAPHIC_KEYWORDS, 'BASEGEOGCRS', 'BASEGEODCRS');
  const datum = known?.datum ?? datumOf(geog);
  // WKT1 keeps PROJECTION and PARAMETERs on PROJCS; WKT2 inside CONVERSION with a METHOD
  const conversion = child(root, 'CONVERSION') ?? root;
  const method = nameOf(child(conversion, 'PROJECTION', 'METHOD'));
  const params = children(conversion, 'PARAMETER');
  const result: WktCrs = { ...(stated !== undefined ? { code: stated } : {}), datum, name };
  if (!TRANSVERSE_MERCATOR.has(norm(method))) return { ...result, unsupported: `projection ${method || 'unknown'}` };

  const projection = {
    centralMeridian: parameter(params, 'central_meridian', 'longitude_of_center', 'Longitude of natural origin') ?? NaN,
    falseEasting: parameter(params, 'false_easting', 'False easting') ?? 0,
    scaleFactor: parameter(params, 'scale_factor', 'Scale factor at natural origin') ?? 1,
  };
  result.projection = projection;
  if (stated !== undefined) return result;

  const falseNorthing = parameter(params, 'false_northing', 'False northing') ?? 0;
  const latitudeOfOrigin = parameter(params, 'latitude_of_origin', 'Latitude of natural origin') ?? 0;
  // WKT1: UNIT directly on PROJCS; WKT2: LENGTHUNIT on PROJCRS or on each AXIS
  const unit = child(root, 'UNIT', 'LENGTHUNIT') ?? children(root, 'AXIS').map((a) => child(a, 'LENGTHUNIT')).find((u) => u !== undefined);
  const metres = unit === undefined || unit.args[1] === 1;
  if (!metres) return { ...result, unsupported: `unit ${nameOf(unit)}` };
  if (projection.scaleFactor !== 1 || falseNorthing !== 0 || latitudeOfOrigin !== 0 || datum === 'unknown' || datum === 'wgs84') {
    return result;
  }
  const code = gaussKrugerCode(datum, projection.centralMeridian, projection.falseEasting);
  return code !== undefined ? { ...result, code } : result;
}

/**
 * The EPSG code in a CRS name: "EPSG:4547", "urn:ogc:def:crs:EPSG::4547", "urn:ogc:def:crs:EPSG:6.6:4547",
 * "urn:x-ogc:def:crs:EPSG:4547" (older GeoServer), "http://www.opengis.net/def/crs/EPSG/0/4547";
 * CRS84 (OGC lon/lat, also bare "CRS84" / "OGC:CRS84") → 4326.
 */
export function crsFromName(name: string): number | undefined {
  const s = name.trim();
  if (/^(?:urn:(?:x-)?ogc:def:crs:OGC:[\d.]*:|OGC:)?CRS84$/i.test(s) || /\/def\/crs\/OGC\/[\d.]+\/CRS84$/i.test(s)) return 4326;
  const m =
    /^EPSG:{1,2}(\d+)$/i.exec(s) ??
    /^urn:(?:x-)?ogc:def:crs:EPSG:(?:[\d.]*:)?(\d+)$/i.exec(s) ??
    /^https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[\d.]+\/(\d+)$/i.exec(s);
  return m ? Number(m[1]) : undefined;
}
