// Bundles src/spam (with postal-mime) into bench/out/spam with Vite, as contacts.js does for
// its module, and imports it: plain Node cannot load the TypeScript sources directly.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { OUT_DIR, REPO_ROOT } from './paths.js';

export async function loadSpamModule() {
  const outDir = join(OUT_DIR, 'spam');
  await build({
    configFile: false,
    logLevel: 'warn',
    root: REPO_ROOT,
    build: {
      target: 'es2022',
      outDir,
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: join(REPO_ROOT, 'src/spam/index.ts'),
        formats: ['es'],
        fileName: () => 'spam.js',
      },
    },
  });
  return import(pathToFileURL(join(outDir, 'spam.js')).href);
}
