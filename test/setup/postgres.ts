// Global set-up: the server tests run against a real PostgreSQL + PostGIS as well as the
// embedded store. Unless PARKATLAS_TEST_DATABASE_URL names one, start a throwaway cluster
// on loopback (scripts/pg-test-server.sh installs Debian's packages when missing; it needs
// root, as CI has). Without one, the PostgreSQL half of those tests says it is skipped.
import { execFileSync, spawnSync } from 'node:child_process';

let started = false;
const script = new URL('../../scripts/pg-test-server.sh', import.meta.url).pathname;

export function setup(): void {
  if (process.env.PARKATLAS_TEST_DATABASE_URL || process.env.PARKATLAS_TEST_NO_POSTGRES) return;
  if (process.getuid?.() !== 0) {
    console.warn('test set-up: not root, so no PostgreSQL test server; set PARKATLAS_TEST_DATABASE_URL to test against one');
    return;
  }
  try {
    const running = spawnSync('bash', [script, 'status']).status === 0;
    const url = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop() ?? '';
    process.env.PARKATLAS_TEST_DATABASE_URL = url;
    started = !running; // stop it afterwards only if this run started it
  } catch (e) {
    console.warn(`test set-up: could not start PostgreSQL (${(e as Error).message}); its tests are skipped`);
  }
}

export function teardown(): void {
  if (started) execFileSync('bash', [script, 'stop'], { stdio: 'ignore' });
}
