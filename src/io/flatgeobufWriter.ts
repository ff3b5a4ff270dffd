// FlatGeobuf output with a header built from EVERY feature. flatgeobuf's own
// `geojson.serialize` takes its columns from the first feature's properties alone: an
// attribute absent there is silently dropped from every feature, a first value of null
// makes a numeric column a string one, and an absent value is written as "" or NaN. Here
// the columns are the union over all features (first-seen order) with one type each:
//   only booleans → Bool, only integers within int32 → Int, only numbers → Double
//   (full float64, nothing rounded), only strings → String (no width, nothing truncated),
//   anything else (objects, arrays, mixed kinds) → Json, which round-trips exactly.
// Null and absent values are written as absent, which readers (flatgeobuf, GDAL) read as null.
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { ColumnMeta } from 'flatgeobuf/lib/mjs/column-meta.js';
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { buildFeature, type IProperties, type JsonValue } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { buildHeader } from 'flatgeobuf/lib/mjs/generic/featurecollection.js';
import { parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';

const MAGIC = magicbytes; // 'fgb', version 3

type Kind = 'bool' | 'int' | 'double' | 'string' | 'json';

function kindOf(value: unknown): Kind {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647 ? 'int' : 'double';
  if (typeof value === 'string') return 'string';
  return 'json';
}

/** The narrowest column kind holding both. */
function widen(a: Kind, b: Kind): Kind {
  if (a === b) return a;
  if ((a === 'int' && b === 'double') || (a === 'double' && b === 'int')) return 'double';
  return 'json';
}

const COLUMN_TYPE: Record<Kind, ColumnType> = { bool: ColumnType.Bool, int: ColumnType.Int, double: ColumnType.Double, string: ColumnType.String, json: ColumnType.Json };

/** One column per property name seen in any feature, typed from all its non-null values. */
export function unionColumns(features: readonly Feature[]): ColumnMeta[] {
  const kinds = new Map<string, Kind | null>();
  for (const feature of features) {
    for (const [name, value] of Object.entries(feature.properties ?? {})) {
      const known = kinds.get(name) ?? null;
      if (value === null || value === undefined) {
        if (!kinds.has(name)) kinds.set(name, null);
        continue;
      }
      if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`feature ${String(feature.id ?? '')} field ${name}: ${value} cannot be exported (not a finite number)`);
      kinds.set(name, known === null ? kindOf(value) : widen(known, kindOf(value)));
    }
  }
  return [...kinds].map(([name, kind]) => ({
    name,
    // a column that is null everywhere is still a column (text, as GDAL would make it)
    type: COLUMN_TYPE[kind ?? 'string'],
    title: null,
    description: null,
    width: -1,
    precision: -1,
    scale: -1,
    nullable: true,
    unique: false,
    primary_key: false,
  }));
}

/** Serialises polygon features to FlatGeobuf, `crsCode` an EPSG code (4490 for CGCS2000). */
export function writeFlatGeobuf(features: readonly Feature[], crsCode: number): Uint8Array {
  if (features.length === 0) throw new Error('FlatGeobuf export: there are no features to write');
  const types = new Set(features.map((f) => f.geometry.type));
  for (const type of types) if (type !== 'Polygon' && type !== 'MultiPolygon') throw new Error(`FlatGeobuf export: ${type} geometries are not area features`);
  const header: HeaderMeta = {
    geometryType: types.size === 1 ? (types.has('Polygon') ? GeometryType.Polygon : GeometryType.MultiPolygon) : GeometryType.Unknown,
    columns: unionColumns(features),
    envelope: null,
    featuresCount: features.length,
    indexNodeSize: 0,
    crs: null,
    title: null,
    description: null,
    metadata: null,
  };
  const headerBytes = buildHeader(header, crsCode);
  const parts = features.map((f) => {
    // Nulls become absent values; everything else as it is (columns were typed from it).
    const properties: IProperties = {};
    for (const [name, value] of Object.entries(f.properties ?? {})) if (value !== null && value !== undefined) properties[name] = value as JsonValue;
    for (const column of header.columns ?? []) if (!(column.name in properties)) properties[column.name] = null;
    return buildFeature(parseGeometry(f.geometry as Polygon | MultiPolygon), properties, header);
  });
  const out = new Uint8Array(MAGIC.length + headerBytes.length + parts.reduce((n, p) => n + p.length, 0));
  out.set(MAGIC);
  out.set(headerBytes, MAGIC.length);
  let offset = MAGIC.length + headerBytes.length;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
