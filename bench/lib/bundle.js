// (d) The JS index.html loads at startup: its module entry, every modulepreload, and what
// those import statically, gzipped with zlib (what a server would send compressed).
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname, posix } from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { DIST_DIR } from './paths.js';

const STATIC_IMPORT = /(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g;
const EXPORT_FROM = /export\s*(?:\*|\{[^}]*\})\s*from\s*["']([^"']+\.js)["']/g;

export function measureStartupJs() {
  const html = readFileSync(join(DIST_DIR, 'index.html'), 'utf8');
  const queue = [];
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) queue.push(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g))
    queue.push(m[1]);
  const seen = new Set();
  const files = [];
  while (queue.length) {
    const url = posix.normalize('/' + queue.shift().replace(/^\.?\//, ''));
    if (seen.has(url)) continue;
    seen.add(url);
    const path = join(DIST_DIR, url);
    if (!existsSync(path)) continue;
    const src = readFileSync(path);
    files.push({
      file: url,
      bytes: src.length,
      gzip: gzipSync(src, { level: constants.Z_BEST_COMPRESSION }).length,
    });
    const text = src.toString('utf8');
    for (const re of [STATIC_IMPORT, EXPORT_FROM]) {
      for (const m of text.matchAll(re)) {
        if (m[1].startsWith('.')) queue.push(posix.join(dirname(url), m[1]));
        else if (m[1].startsWith('/')) queue.push(m[1]);
      }
    }
  }
  return {
    files,
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    gzip: files.reduce((s, f) => s + f.gzip, 0),
  };
}
