// The pool's worker threads start here: Node 20 does not carry tsx's loader into a worker
// thread, so register it, then run the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
