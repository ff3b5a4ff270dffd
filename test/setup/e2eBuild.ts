// Global set-up of the browser tests: one production build for every file (each used to
// build its own), in a folder of its own, named to the files in PARKATLAS_E2E_DIST.
import { rmSync } from 'node:fs';
import { buildApp } from '../e2e/harness';

let outDir = '';

export async function setup(): Promise<void> {
  if (process.env.PARKATLAS_E2E_DIST) return;
  outDir = await buildApp();
  process.env.PARKATLAS_E2E_DIST = outDir;
}

export function teardown(): void {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
}
