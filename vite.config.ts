import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const DEFAULT_PORT = 8080;
const HOST = '127.0.0.1';

function portFromEnv(value: string | undefined): number {
  const port = Number(value);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : DEFAULT_PORT;
}

const port = portFromEnv(process.env.PORT);

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist' },
  server: { port, host: HOST },
  preview: { port, host: HOST },
  // The compliance evaluator will run in a module Web Worker.
  worker: { format: 'es' },
});
