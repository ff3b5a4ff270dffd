// Format adapters: bytes in, raw GeoJSON features out. No file system here; the caller
// passes the bytes (the CLI reads files, the server request bodies).
import { geojson as fgb } from 'flatgeobuf';
import type { Feature } from 'geojson';

export type LayerFormat = 'geojson' | 'fgb';

export class ParseError extends Error {}

export interface ParsedLayer {
  /** features as found, not yet validated */
  features: unknown[];
  /** a pre-RFC 7946 `crs` member, when the file has one */
  crs?: string;
}

export function parseGeoJson(text: string): ParsedLayer {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new ParseError(`not valid JSON: ${(e as Error).message}`);
  }
  if (typeof json !== 'object' || json === null) throw new ParseError('not a GeoJSON object');
  const obj = json as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  if (obj.type !== 'FeatureCollection') throw new ParseError(`expected a GeoJSON FeatureCollection, found type ${JSON.stringify(obj.type)}`);
  if (!Array.isArray(obj.features)) throw new ParseError('the FeatureCollection has no "features" array');
  const crs = obj.crs?.properties?.name;
  return { features: obj.features, ...(typeof crs === 'string' ? { crs } : {}) };
}

/** Array-valued attributes come back from FlatGeobuf as JSON text; restore them. */
function restoreJsonColumns(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (typeof v === 'string' && (v.startsWith('[') || v.startsWith('{'))) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // not JSON after all: keep the text
      }
    }
    out[k] = v;
  }
  return out;
}

export async function parseFlatGeobuf(bytes: Uint8Array): Promise<ParsedLayer> {
  const features: unknown[] = [];
  try {
    for await (const f of fgb.deserialize(bytes) as AsyncGenerator<Feature>) {
      // FlatGeobuf stores no feature id: the reader's `id` is the row number, never the
      // feature's identity. Ids come from the attributes (id, or DKBH … via fieldAliases).
      const { id: _row, ...rest } = f;
      features.push({ ...rest, properties: restoreJsonColumns((f.properties ?? {}) as Record<string, unknown>) });
    }
  } catch (e) {
    throw new ParseError(`not a readable FlatGeobuf file: ${(e as Error).message}`);
  }
  return { features };
}

export async function parseLayer(format: LayerFormat, bytes: Uint8Array): Promise<ParsedLayer> {
  if (format === 'fgb') return parseFlatGeobuf(bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ParseError('the text is not UTF-8 (RFC 7946 requires it); re-save the file as UTF-8');
  }
  return parseGeoJson(text);
}
