// What every importer reads a file into: named layers of raw features in the file's own
// coordinates, with what the file says about its CRS. Nothing here is validated or
// reprojected yet; that comes after (CRS detection, field mapping, checks).
import type { Geometry } from 'geojson';

/** What a file says about its coordinate reference system. */
export type CrsHint =
  | { kind: 'epsg'; code: number }
  /** an OGC WKT (.prj, GeoPackage srs definition) */
  | { kind: 'wkt'; wkt: string }
  /** the file says nothing: detect from the coordinates */
  | { kind: 'none' };

export interface RawFeature {
  /** the file's own feature id, when it has one */
  id?: string | number;
  properties: Record<string, unknown>;
  /** in the file's coordinates; null when the record has no geometry */
  geometry: Geometry | null;
}

export interface SourceLayer {
  name: string;
  crs: CrsHint;
  /** attribute names in file order */
  fields: string[];
  /** number of features when the file's header says it (for progress) */
  count?: number;
  /** the features, read lazily in file order (a file of 100 000 need not sit in memory twice) */
  features(): AsyncIterable<RawFeature>;
  /** how the attribute text was decoded, when the format has a choice (Shapefile DBF) */
  encoding?: { name: string; source: 'cpg' | 'detected' | 'default' };
}

/** A file that cannot be read, with what to do about it (in English and Chinese). */
export class FormatError extends Error {
  constructor(
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
    this.name = 'FormatError';
  }
}
