// Builds the .zip archives the e2e tests import, from real .eml files: the hand-written
// mailbox under test/e2e/fixtures/mailbox and a sample of the SpamAssassin public corpus.
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import JSZip from 'jszip';
import { REPO_ROOT } from './server.js';

export const FIXTURE_MAILBOX = join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'mailbox');
export const E2E_OUT = join(REPO_ROOT, 'test-output', 'e2e');
const SPAM_ASSASSIN_DATA = join(
  REPO_ROOT,
  'node_modules',
  '@stdlib',
  'datasets-spam-assassin',
  'data',
);

/** Fixtures write remote URLs as http://{{REMOTE}}/…; the recorder's host goes there. */
const REMOTE_PLACEHOLDER = /\{\{REMOTE\}\}/g;

export interface FixtureMessage {
  /** Path inside the zip, e.g. "mail/Bandeja de entrada/02-remote.eml". */
  path: string;
  /** Folder names under mail/, e.g. ["Projects", "Alpha"]. */
  folder: string[];
  /** Message-ID without angle brackets, as the list's data-message-id shows it. */
  messageId: string;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function messageIdOf(raw: string): string {
  const m = /^Message-ID:\s*<([^>]+)>/im.exec(raw);
  return m?.[1] ?? '';
}

/**
 * Zips the fixture mailbox with the recorder's host written into remote URLs.
 * Returns the zip's path and what is in it.
 */
export async function buildFixtureZip(
  remoteHost: string,
  name = 'mailbox.zip',
): Promise<{ path: string; messages: FixtureMessage[] }> {
  const zip = new JSZip();
  const messages: FixtureMessage[] = [];
  for (const file of await listFiles(FIXTURE_MAILBOX)) {
    const path = relative(FIXTURE_MAILBOX, file).split(sep).join('/');
    const raw = (await readFile(file, 'utf8')).replace(REMOTE_PLACEHOLDER, remoteHost);
    zip.file(path, raw);
    const parts = path.split('/');
    messages.push({ path, folder: parts.slice(1, -1), messageId: messageIdOf(raw) });
  }
  return { path: await writeZip(zip, name), messages };
}

export interface SpamSample {
  path: string;
  /** How many .eml files are in the zip. */
  count: number;
}

/**
 * A deterministic sample of the SpamAssassin corpus: every `step`-th message of each
 * group, ham under mail/Inbox and spam under mail/Spam, as raw bytes (some are not UTF-8).
 */
export async function buildSpamAssassinZip(perGroup: number): Promise<SpamSample> {
  const zip = new JSZip();
  let count = 0;
  for (const group of (await readdir(SPAM_ASSASSIN_DATA, { withFileTypes: true })).filter((d) =>
    d.isDirectory(),
  )) {
    const files = (await readdir(join(SPAM_ASSASSIN_DATA, group.name)))
      .filter((f) => f.endsWith('.txt'))
      .sort();
    const step = Math.max(1, Math.floor(files.length / perGroup));
    const folder = group.name.startsWith('spam') ? 'Spam' : 'Inbox';
    for (let i = 0; i < files.length && i / step < perGroup; i += step) {
      const name = files[i] as string;
      zip.file(
        `mail/${folder}/${group.name}-${name.replace(/\.txt$/, '.eml')}`,
        await readFile(join(SPAM_ASSASSIN_DATA, group.name, name)),
      );
      count += 1;
    }
  }
  return { path: await writeZip(zip, 'spam-assassin-sample.zip'), count };
}

async function writeZip(zip: JSZip, name: string): Promise<string> {
  await mkdir(E2E_OUT, { recursive: true });
  const path = join(E2E_OUT, name);
  await writeFile(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return path;
}
