// The embedded store's data folder, and the rule that only one process holds it at a
// time (PGlite is one process's database): a lock file with the holder's pid. A lock left
// by a process that died (kill -9) is stale and taken over.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DEFAULT_DATA_DIR = '.parkatlas-data';

export function dataDir(): string {
  return resolve(process.env.PARKATLAS_DATA ?? DEFAULT_DATA_DIR);
}

export class DataFolderBusyError extends Error {
  constructor(
    readonly folder: string,
    readonly pid: number,
  ) {
    super(`the data folder ${folder} is in use by process ${pid} (a running ParkAtlas server?): stop it first, or point PARKATLAS_DATA elsewhere`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock for this process; returns the function that releases it. */
export function lockDataFolder(folder: string): () => void {
  mkdirSync(folder, { recursive: true });
  const lock = join(folder, 'parkatlas.pid');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) throw new DataFolderBusyError(folder, pid);
  }
  writeFileSync(lock, String(process.pid));
  return () => {
    if (existsSync(lock) && readFileSync(lock, 'utf8').trim() === String(process.pid)) rmSync(lock);
  };
}

/** Where PGlite keeps the database inside the data folder. */
export function databaseFolder(folder: string): string {
  return join(folder, 'pgdata');
}
