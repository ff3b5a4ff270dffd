import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const DEFAULT_PORT = 8080;
const HOST = '127.0.0.1';

function portFromEnv(value: string | undefined): number {
  const port = Number(value);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : DEFAULT_PORT;
}

const port = portFromEnv(process.env.PORT);

/** `npm run dev` serves the app alone: the API comes from a server started apart (`PORT=8081 npm run server`). */
const API_TARGET = process.env.PARKATLAS_API ?? 'http://127.0.0.1:8081';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist' },
  server: { port, host: HOST, proxy: { '/api': API_TARGET } },
  preview: { port, host: HOST },
  // The compliance evaluator runs in a module Web Worker (src/app/worker/reportWorker.ts).
  worker: { format: 'es' },
  // The worker's CommonJS dependencies, pre-bundled up front so that `vite` dev does not
  // discover them when the worker starts and reload the page.
  optimizeDeps: { include: ['ajv', 'flatbush', 'flatgeobuf', 'geojson-validation'] },
});
