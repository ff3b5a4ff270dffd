import { createReadStream, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const DEFAULT_PORT = 8080;
const HOST = '127.0.0.1';

function portFromEnv(value: string | undefined): number {
  const port = Number(value);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : DEFAULT_PORT;
}

const port = portFromEnv(process.env.PORT);

/** The demo city's FlatGeobuf layers, read by the report worker. */
const DEMO_DIR = fileURLToPath(new URL('./data/demo/wuhan/fgb/', import.meta.url));
const DEMO_PATH = 'demo/wuhan/';
const DEMO_FILES: readonly string[] = ['districts.fgb', 'zones.fgb', 'parks.fgb', 'parcels.fgb'];

/**
 * Serves the demo city at <base>demo/wuhan/<layer>.fgb: from data/ in `vite` dev, and as
 * build assets in dist/ (so `vite preview` and any static host serve them as they are).
 * Only these four files: data/ as a whole is not public.
 */
function demoCity(): Plugin {
  let base = '/';
  return {
    name: 'parkatlas-demo-city',
    configResolved(config) {
      base = config.base;
    },
    configureServer(server) {
      server.middlewares.use(`${base}${DEMO_PATH}`, (req, res, next) => {
        const name = (req.url ?? '').split(/[?#]/)[0].replace(/^\//, '');
        if (!DEMO_FILES.includes(name) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
        const path = join(DEMO_DIR, name);
        res.setHeader('Content-Type', 'application/octet-stream');
        res.setHeader('Content-Length', String(statSync(path).size));
        res.setHeader('Cache-Control', 'no-cache');
        if (req.method === 'HEAD') return void res.end();
        createReadStream(path).on('error', next).pipe(res);
      });
    },
    generateBundle() {
      for (const name of DEMO_FILES) {
        this.emitFile({ type: 'asset', fileName: `${DEMO_PATH}${name}`, source: readFileSync(join(DEMO_DIR, name)) });
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), demoCity()],
  build: { outDir: 'dist' },
  server: { port, host: HOST },
  preview: { port, host: HOST },
  // The compliance evaluator runs in a module Web Worker (src/app/worker/reportWorker.ts).
  worker: { format: 'es' },
  // The worker's CommonJS dependencies, pre-bundled up front so that `vite` dev does not
  // discover them when the worker starts and reload the page.
  optimizeDeps: { include: ['ajv', 'flatbush', 'flatgeobuf', 'geojson-validation'] },
});
