// Builds the bench's own pages (bench/pages/limits.html, pgp.html, schema-cost.html) into bench/out/limits, served by
// the app's server with BUZON_STATIC_DIR so it runs under the same headers as Buzón.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('./pages', import.meta.url)),
  base: './',
  logLevel: 'warn',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: fileURLToPath(new URL('./out/limits', import.meta.url)),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        limits: fileURLToPath(new URL('./pages/limits.html', import.meta.url)),
        pgp: fileURLToPath(new URL('./pages/pgp.html', import.meta.url)),
        schemaCost: fileURLToPath(new URL('./pages/schema-cost.html', import.meta.url)),
      },
    },
  },
});
