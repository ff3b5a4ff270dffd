// FlatGeobuf, read as a stream: features come one at a time from the bytes, with the CRS
// and feature count from the header.
import { geojson as fgb } from 'flatgeobuf';
import type { Feature } from 'geojson';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { FormatError, type CrsHint, type RawFeature, type SourceLayer } from './source';

export async function readFlatGeobufLayer(bytes: Uint8Array, name = 'flatgeobuf'): Promise<SourceLayer> {
  let header: HeaderMeta | null = null;
  // The header arrives before the first feature; read it through the same deserializer.
  const first = fgb.deserialize(bytes, { headerMetaFn: (h: HeaderMeta) => void (header = h) }) as AsyncGenerator<Feature>;
  try {
    await first.next();
  } catch (e) {
    throw new FormatError(`${name}: not a readable FlatGeobuf file (${(e as Error).message})`, `${name}：无法读取的 FlatGeobuf 文件（${(e as Error).message}）`);
  }
  await first.return(undefined);
  const h = header as HeaderMeta | null;
  const crs: CrsHint = h?.crs && h.crs.code > 0 && (h.crs.org ?? 'EPSG').toUpperCase() === 'EPSG' ? { kind: 'epsg', code: h.crs.code } : h?.crs?.wkt ? { kind: 'wkt', wkt: h.crs.wkt } : { kind: 'none' };
  return {
    name,
    crs,
    fields: (h?.columns ?? []).map((c) => c.name),
    count: h?.featuresCount || undefined,
    features: async function* (): AsyncGenerator<RawFeature> {
      for await (const f of fgb.deserialize(bytes) as AsyncGenerator<Feature>) {
        // the reader's `id` is the row number, not the feature's identity
        yield { properties: (f.properties ?? {}) as Record<string, unknown>, geometry: f.geometry };
      }
    },
  };
}
