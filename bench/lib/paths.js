import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = join(BENCH_DIR, '..');
export const OUT_DIR = join(BENCH_DIR, 'out');
export const DIST_DIR = join(REPO_ROOT, 'dist');
