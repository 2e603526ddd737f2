// PWA-4: every user-visible string has a Spanish translation, and es.ts holds no stale ids.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templates } from '../../src/locales/es.js';

const SRC = join(import.meta.dirname, '../../src');
/** msg('…', { id }) or msg(str`…`, { id }); the template literal may hold ${…} expressions. */
const MSG =
  /msg\(\s*(str)?(`(?:\\.|[^`\\])*`|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")\s*,\s*\{\s*id:\s*'([^']+)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'proxy' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.includes('/locales/') ? [path] : [];
  });
}

interface Use {
  file: string;
  text: string;
  placeholders: number;
}

function collect(): { uses: Map<string, Use[]>; unmatched: string[] } {
  const uses = new Map<string, Use[]>();
  const unmatched: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const code = readFileSync(file, 'utf8');
    const calls = code.match(/\bmsg\(/g)?.length ?? 0;
    let found = 0;
    for (const m of code.matchAll(MSG)) {
      found++;
      const text = (m[2] ?? '').replace(/\$\{[^}]*\}/g, '${}');
      const list = uses.get(m[3] ?? '') ?? [];
      list.push({ file, text, placeholders: (text.match(/\$\{\}/g) ?? []).length });
      uses.set(m[3] ?? '', list);
    }
    if (found !== calls)
      unmatched.push(`${file}: ${calls - found} msg() call(s) without a literal id`);
  }
  return { uses, unmatched };
}

describe('Spanish translations (PWA-4)', () => {
  const { uses, unmatched } = collect();
  const es = templates as Record<
    string,
    string | { strings: readonly string[]; values: readonly unknown[] }
  >;

  it('PWA-4 every msg() call in src/ has a literal id', () => {
    expect(unmatched).toEqual([]);
    expect(uses.size).toBeGreaterThan(100);
  });

  it('PWA-4 es.ts translates every msg id used in src/', () => {
    const missing = [...uses.keys()].filter((id) => !(id in es));
    expect(missing).toEqual([]);
  });

  it('PWA-4 es.ts holds no stale ids', () => {
    const stale = Object.keys(es).filter((id) => !uses.has(id));
    expect(stale).toEqual([]);
  });

  it('PWA-4 an id always stands for the same English text', () => {
    const clashes = [...uses]
      .filter(([, list]) => new Set(list.map((u) => u.text)).size > 1)
      .map(([id]) => id);
    expect(clashes).toEqual([]);
  });

  it('PWA-4 Spanish templates use exactly the placeholders of the English ones', () => {
    const wrong: string[] = [];
    for (const [id, list] of uses) {
      const t = es[id];
      const expected = list[0]?.placeholders ?? 0;
      const got = typeof t === 'string' || t === undefined ? 0 : t.values.length;
      const indexes = typeof t === 'object' ? [...t.values].map(Number).sort() : [];
      if (got !== expected || indexes.some((v, i) => v !== i))
        wrong.push(`${id}: ${got} vs ${expected}`);
    }
    expect(wrong).toEqual([]);
  });

  it('PWA-4 system folders have their usual Spanish names', () => {
    expect(es['folder.inbox']).toBe('Bandeja de entrada');
    expect(es['folder.sent']).toBe('Enviados');
    expect(es['folder.trash']).toBe('Papelera');
    expect(es['toolbar.import']).toBe('Importar');
  });
});
