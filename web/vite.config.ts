// The demo page and the portable benchmark (npm run web / npm run build:web → web/dist).
// Cross-origin isolation headers (COOP same-origin + COEP require-corp) in dev and preview:
// with them the page is crossOriginIsolated (SharedArrayBuffer and precise timers); the page
// runs its Web Workers either way.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  root: here,
  base: './',
  server: { headers: isolation, fs: { allow: [resolve(here, '..')] } },
  preview: { headers: isolation },
  worker: { format: 'es' },
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: { index: resolve(here, 'index.html'), bench: resolve(here, 'bench.html') } },
  },
});
