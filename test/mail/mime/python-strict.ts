// Runs inspect_eml.py (Python's email package, strict policy) over built messages: a second,
// unforgiving reader next to postal-mime.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./inspect_eml.py', import.meta.url));
/** Enough for every fixture with its attachments as base64 JSON. */
const MAX_OUTPUT = 256 * 1024 * 1024;

export interface PyPart {
  contentType: string;
  params: Record<string, string>;
  disposition: string | null;
  filename: string | null;
  contentId: string | null;
  transferEncoding: string | null;
  defects: string[];
  children?: PyPart[];
  innerSubject?: string;
  base64?: string;
  text?: string;
}

export interface PyMessage {
  headers: [string, string][];
  addresses: Record<string, [string, string][]>;
  subject: string | null;
  defects: string[];
  body: PyPart;
}

/** Parses each raw message with Python's strict policy; any defect makes this throw. */
export function inspectWithPython(raws: readonly Uint8Array[]): PyMessage[] {
  const dir = mkdtempSync(join(tmpdir(), 'buzon-mime-'));
  try {
    const files = raws.map((raw, i) => {
      const file = join(dir, `m${i}.eml`);
      writeFileSync(file, raw);
      return file;
    });
    let out: string;
    try {
      out = execFileSync('python3', [SCRIPT, ...files], {
        encoding: 'utf8',
        maxBuffer: MAX_OUTPUT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { stderr?: string };
      if (err.code === 'ENOENT') {
        throw new Error(
          'python3 was not found on PATH: the strict-parser check (Python email package) cannot run.',
          { cause: e },
        );
      }
      throw new Error(
        `Python's strict email parser rejected a built message:\n${err.stderr ?? err.message}`,
        { cause: e },
      );
    }
    return JSON.parse(out) as PyMessage[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Depth-first list of the leaf parts. */
export function pyLeaves(part: PyPart): PyPart[] {
  return part.children ? part.children.flatMap(pyLeaves) : [part];
}

/** "multipart/mixed(multipart/alternative(text/plain,text/html),application/pdf)" */
export function pyShape(part: PyPart): string {
  return part.children
    ? `${part.contentType}(${part.children.map(pyShape).join(',')})`
    : part.contentType;
}

export function pyHeader(m: PyMessage, name: string): string[] {
  return m.headers.filter(([k]) => k.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
}
