// Degenerate files (a count of 0 with an index, counts and lengths past the end of the
// file, nesting without end) are refused by every reader with a FormatError, at once: never
// handed to a library that would loop, allocate without end or throw something else.
// Each case runs first in a worker with a time budget (a regression fails, it does not hang
// the test run), then in this thread, as the CLI and the browser read files.
import { readFileSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import initSqlJs from 'sql.js';
import { afterAll, describe, expect, it } from 'vitest';
import { readSource } from '../../src/io/formats/readSource';
import { FormatError } from '../../src/io/formats/source';
import { openSqlJs } from '../../src/io/formats/sqlJs';
import { parseWkb } from '../../src/io/formats/wkb';
import { TaskError, WorkerPool } from '../../src/server/workers/pool';

const GDAL = new URL('../fixtures/gdal/', import.meta.url).pathname;
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(`${GDAL}${name}`));

/** The upload that hung the server: FlatGeobuf magic, then a header of 0 bytes (read as 0 features, index node size 16). */
const TWELVE_BYTES = Uint8Array.from([0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62, 0x00, 0x00, 0x00, 0x00, 0x00]);
/** a refusal must come at once; generous for a loaded 2-core machine */
const QUICK_MS = 3_000;

const pool = new WorkerPool({ size: 1, timeoutMs: 10_000 });
afterAll(() => pool.close());

async function readAll(name: string, bytes: Uint8Array): Promise<number> {
  let n = 0;
  for (const layer of await readSource(name, bytes, { sql: () => openSqlJs() })) for await (const _ of layer.features()) n++;
  return n;
}

/** Refused as a FormatError in a worker (within its budget) and in this thread; returns the error. */
async function refused(name: string, bytes: Uint8Array): Promise<FormatError> {
  const inWorker = await pool.run('readFile', { fileName: name, bytes: bytes.slice() }).then(
    (layers) => new Error(`read, not refused: ${JSON.stringify(layers)}`),
    (e: unknown) => e,
  );
  expect(inWorker).toBeInstanceOf(TaskError);
  expect((inWorker as TaskError).errorName).toBe('FormatError');
  const started = Date.now();
  const error = await readAll(name, bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(Date.now() - started).toBeLessThan(QUICK_MS);
  expect(error).toBeInstanceOf(FormatError);
  const formatError = error as FormatError;
  expect(formatError.message.length).toBeGreaterThan(20);
  expect(formatError.messageZh).toMatch(/[\u4e00-\u9fff]/);
  return formatError;
}

const u32 = (bytes: Uint8Array, at: number): number => new DataView(bytes.buffer, bytes.byteOffset).getUint32(at, true);
const setU32 = (bytes: Uint8Array, at: number, value: number): void => new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, value, true);
const setU16 = (bytes: Uint8Array, at: number, value: number): void => new DataView(bytes.buffer, bytes.byteOffset).setUint16(at, value, true);

/** Where field `index` of the FlatGeobuf header table is (the fixture has it). */
function fgbHeaderField(bytes: Uint8Array, index: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const table = 12 + view.getUint32(12, true);
  const vtable = table - view.getInt32(table, true);
  const offset = view.getUint16(vtable + 4 + 2 * index, true);
  expect(offset).toBeGreaterThan(0);
  return table + offset;
}
const FGB_FEATURES_COUNT = 8;
const fgbHeaderEnd = (bytes: Uint8Array): number => 12 + u32(bytes, 8);

describe('FlatGeobuf', () => {
  it('regression: the 12-byte upload that hung the server (calcTreeSize(0, 16)) is refused at once', async () => {
    const error = await refused('x.geojson', TWELVE_BYTES);
    expect(error.message).toMatch(/not a readable FlatGeobuf file.*header/);
  });

  it('a well-formed header saying 0 features with a spatial index is refused, naming the index', async () => {
    const bytes = fixture('parcels-4490.fgb');
    const header = bytes.slice(0, fgbHeaderEnd(bytes));
    new DataView(header.buffer).setBigUint64(fgbHeaderField(header, FGB_FEATURES_COUNT), 0n, true);
    const error = await refused('empty.fgb', header);
    expect(error.message).toMatch(/spatial index but 0 features/);
    expect(error.messageZh).toMatch(/要素数为 0/);
  });

  it('a feature count the file cannot hold is refused before the index is sized', async () => {
    const bytes = fixture('parcels-4490.fgb');
    new DataView(bytes.buffer).setBigUint64(fgbHeaderField(bytes, FGB_FEATURES_COUNT), 2n ** 60n, true);
    expect((await refused('huge.fgb', bytes)).message).toMatch(/too small to hold them/);
  });

  it('a header length past the end of the file is refused', async () => {
    const bytes = fixture('parcels-4490.fgb');
    setU32(bytes, 8, 0x7fffffff);
    expect((await refused('header.fgb', bytes)).message).toMatch(/header is 2147483647 bytes/);
  });

  it('a file truncated in the middle of a feature is refused, naming the feature', async () => {
    const bytes = fixture('parcels-4490.fgb');
    expect((await refused('cut.fgb', bytes.slice(0, Math.floor(bytes.length * 0.6)))).message).toMatch(/feature \d+/);
  });

  it('a feature length past the end of the file is refused', async () => {
    const bytes = fixture('parcels-4490.fgb');
    // the index follows the header: 210 items with node size 16 → 210 + 14 + 1 nodes of 40 bytes
    const featuresAt = fgbHeaderEnd(bytes) + (210 + 14 + 1) * 40;
    expect(u32(bytes, featuresAt)).toBeLessThan(10_000);
    setU32(bytes, featuresAt, 0xfffffff0);
    expect((await refused('feature.fgb', bytes)).message).toMatch(/feature 1: it says 4294967280 bytes/);
  });

  it('the fixture itself still reads: 210 parcels', async () => {
    expect(await readAll('parcels-4490.fgb', fixture('parcels-4490.fgb'))).toBe(210);
  });
});

/** The fixture shapefile's parts, to be changed and zipped again. */
const shapefileParts = (): Record<string, Uint8Array> => unzipSync(fixture('parcels-4526-gbk.zip'));
const partName = (parts: Record<string, Uint8Array>, ext: string): string => Object.keys(parts).find((n) => n.toLowerCase().endsWith(ext)) as string;
const endOfDirectory = (zip: Uint8Array): number => {
  for (let at = zip.length - 22; at >= 0; at--) if (u32(zip, at) === 0x06054b50) return at;
  throw new Error('no end of central directory');
};

describe('zipped Shapefile', () => {
  it('a zip whose directory claims 65 535 entries is refused', async () => {
    const zip = fixture('parcels-4526-gbk.zip');
    const end = endOfDirectory(zip);
    setU16(zip, end + 8, 0xffff);
    setU16(zip, end + 10, 0xffff);
    expect((await refused('many.zip', zip)).message).toMatch(/directory lists 65535 files/);
  });

  it('a zip64 directory claiming 4 294 967 295 entries is refused (fflate would walk them all)', async () => {
    const zip = fixture('parcels-4526-gbk.zip');
    const end = endOfDirectory(zip);
    const record = new Uint8Array(56);
    setU32(record, 0, 0x06064b50);
    setU32(record, 32, 0xffffffff);
    setU32(record, 48, u32(zip, end + 16));
    const locator = new Uint8Array(20);
    setU32(locator, 0, 0x07064b50);
    setU32(locator, 8, end);
    const bytes = new Uint8Array([...zip.subarray(0, end), ...record, ...locator, ...zip.subarray(end)]);
    expect((await refused('zip64.zip', bytes)).message).toMatch(/directory lists 4294967295 files/);
  });

  it('an entry claiming to unpack to 3 GB (a zip bomb, or a damaged size) is refused before any allocation', async () => {
    const zip = fixture('parcels-4526-gbk.zip');
    const directory = u32(zip, endOfDirectory(zip) + 16);
    expect(u32(zip, directory)).toBe(0x02014b50);
    setU32(zip, directory + 24, 3_000_000_000);
    expect((await refused('bomb.zip', zip)).message).toMatch(/claims 3000000000 bytes/);
  });

  it('a .shp record with a negative length is refused', async () => {
    const parts = shapefileParts();
    const shp = partName(parts, '.shp');
    new DataView(parts[shp].buffer, parts[shp].byteOffset).setInt32(104, -8, false);
    expect((await refused('negative.zip', zipSync(parts))).message).toMatch(/record 1 runs past the end/);
  });

  it('a .dbf header claiming 4 294 967 295 records is refused', async () => {
    const parts = shapefileParts();
    setU32(parts[partName(parts, '.dbf')], 4, 0xffffffff);
    expect((await refused('records.zip', zipSync(parts))).message).toMatch(/4294967295 records/);
  });

  it('the fixture itself still reads: 210 parcels', async () => {
    expect(await readAll('parcels-4526-gbk.zip', fixture('parcels-4526-gbk.zip'))).toBe(210);
  });
});

describe('GeoPackage', () => {
  it('a file truncated to its first pages is refused as damaged', async () => {
    const bytes = fixture('parcels-4547.gpkg');
    expect((await refused('cut.gpkg', bytes.slice(0, 8192))).message).toMatch(/GeoPackage|SQLite/);
  });

  it('a layer that is a recursive view (it would never end) is refused', async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database(fixture('parcels-4547.gpkg'));
    db.run(`CREATE VIEW endless AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n AS fid, NULL AS geom FROM r`);
    db.run(`INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('endless', 'features', 'endless', 4547)`);
    db.run(`INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES ('endless', 'geom', 'POLYGON', 4547, 0, 0)`);
    const bytes = db.export();
    db.close();
    expect((await refused('endless.gpkg', bytes)).message).toMatch(/"endless" is a view with a recursive query/);
  });
});

describe('WKB and WKT (GeoPackage blobs, CSV cells)', () => {
  it('a WKB GeometryCollection nested 100 000 deep is refused, not a stack overflow', () => {
    const one = [1, 7, 0, 0, 0, 1, 0, 0, 0]; // little-endian GeometryCollection of 1
    const bytes = new Uint8Array(one.length * 100_000);
    for (let i = 0; i < 100_000; i++) bytes.set(one, i * one.length);
    expect(() => parseWkb(bytes)).toThrow(/nests more than 32 deep/);
  });

  it('a WKB point count of 4 294 967 295 is refused before any allocation', () => {
    expect(() => parseWkb(Uint8Array.from([1, 2, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]))).toThrow(FormatError);
  });

  it('a CSV whose WKT nests 100 000 GEOMETRYCOLLECTIONs deep is refused', async () => {
    const wkt = 'GEOMETRYCOLLECTION('.repeat(100_000) + 'POINT(1 2)' + ')'.repeat(100_000);
    const error = await refused('deep.csv', new TextEncoder().encode(`id,wkt\n1,"${wkt}"\n`));
    expect(error.message).toMatch(/row 2, column wkt: parentheses nest more than 32 deep/);
  });
});

describe('GeoJSON and CSV', () => {
  it('a GeoJSON file cut in half is refused as incomplete JSON', async () => {
    const bytes = fixture('parcels-wgs84.geojson');
    expect((await refused('cut.geojson', bytes.slice(0, bytes.length >> 1))).message).toMatch(/not valid JSON/);
  });

  it('GeoJSON that is not UTF-8 is refused', async () => {
    expect((await refused('gbk.geojson', Uint8Array.from([0x7b, 0xb5, 0xd8, 0xbf, 0xe9, 0x7d]))).message).toMatch(/not UTF-8/);
  });

  it('GeoJSON whose coordinates are not nested as the type says is refused, naming the feature (not a TypeError in the checks)', async () => {
    const cases = [
      '{"type": "Polygon", "coordinates": [null]}',
      '{"type": "MultiPolygon", "coordinates": {"a": 1}}',
      '{"type": "Feature", "properties": {}, "geometry": {"type": "GeometryCollection"}}',
      `{"type": "Polygon", "coordinates": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`,
      '{"type": "FeatureCollection", "features": [{"type": "Feature", "id": "P7", "properties": {}, "geometry": "POLYGON"}]}',
    ];
    for (const text of cases) expect((await refused('shape.geojson', new TextEncoder().encode(text))).message).toMatch(/feature 1.*not valid GeoJSON/);
  });

  it('a CSV header of 150 000 columns is refused at once (each row would carry them all)', async () => {
    const header = Array.from({ length: 150_000 }, (_, i) => `c${i}`).join(',');
    expect((await refused('wide.csv', new TextEncoder().encode(`${header},wkt\n`))).message).toMatch(/150001 columns, more than a spreadsheet holds/);
  });

  it('a CSV with a quote never closed is refused, naming the row', async () => {
    expect((await refused('open.csv', new TextEncoder().encode('id,wkt\n1,"POLYGON((0 0, 1 0, 1 1, 0 0))\n'))).message).toMatch(/row 2/);
  });
});
