// Starts sql.js for the GeoPackage reader. Node finds the wasm beside the package; the
// browser build passes locateFile with the URL its bundler gave the wasm.
import initSqlJs, { type SqlJsStatic } from 'sql.js';

export function openSqlJs(locateFile?: (file: string) => string): Promise<SqlJsStatic> {
  return initSqlJs(locateFile ? { locateFile } : undefined);
}
