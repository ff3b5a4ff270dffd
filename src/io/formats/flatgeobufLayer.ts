// FlatGeobuf, read as a stream: features come one at a time from the bytes, with the CRS
// and feature count from the header. The file's structure is checked first (see
// flatgeobufGuard.ts): the library trusts every count and offset it reads.
import { geojson as fgb } from 'flatgeobuf';
import type { Feature } from 'geojson';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { checkFgbFeatures, checkFgbHeader } from './flatgeobufGuard';
import { FormatError, type CrsHint, type RawFeature, type SourceLayer } from './source';

const libraryError = (name: string, e: unknown, where = ''): FormatError => {
  const detail = e instanceof Error ? e.message : String(e);
  return new FormatError(
    `${name}: not a readable FlatGeobuf file${where ? ` (${where})` : ''} (${detail}); the file is damaged or truncated: export it again`,
    `${name}：无法读取的 FlatGeobuf 文件${where ? `（${where}）` : ''}（${detail}）；文件已损坏或不完整，请重新导出`,
  );
};

export async function readFlatGeobufLayer(input: Uint8Array, name = 'flatgeobuf'): Promise<SourceLayer> {
  // the library views coordinates in place as Float64Arrays, which need 8-byte alignment
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  const layout = checkFgbHeader(bytes, name);
  const count = checkFgbFeatures(bytes, layout, name);
  let header: HeaderMeta | null = null;
  // The header arrives before the first feature; read it through the same deserializer.
  const first = fgb.deserialize(bytes, { headerMetaFn: (h: HeaderMeta) => void (header = h) }) as AsyncGenerator<Feature>;
  try {
    await first.next();
  } catch (e) {
    throw libraryError(name, e);
  }
  await first.return(undefined);
  const h = header as HeaderMeta | null;
  const crs: CrsHint = h?.crs && h.crs.code > 0 && (h.crs.org ?? 'EPSG').toUpperCase() === 'EPSG' ? { kind: 'epsg', code: h.crs.code } : h?.crs?.wkt ? { kind: 'wkt', wkt: h.crs.wkt } : { kind: 'none' };
  return {
    name,
    crs,
    fields: (h?.columns ?? []).map((c) => c.name),
    count: count || undefined,
    features: async function* (): AsyncGenerator<RawFeature> {
      const features = fgb.deserialize(bytes) as AsyncGenerator<Feature>;
      for (let n = 1; ; n++) {
        let next: IteratorResult<Feature>;
        try {
          next = await features.next();
        } catch (e) {
          throw libraryError(name, e, `feature ${n}`);
        }
        if (next.done) return;
        // the reader's `id` is the row number, not the feature's identity
        yield { properties: (next.value.properties ?? {}) as Record<string, unknown>, geometry: next.value.geometry };
      }
    },
  };
}
