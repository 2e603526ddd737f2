// Real .eml threads read through the app's own parser, as the store would see them.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseMessage } from '../../../src/mail/parse.js';
import { isUnparseable } from '../../../src/mail/types.js';
import type { MessageSummary } from '../../../src/mail/types.js';
import type { ThreadInput } from '../../../src/mail/threading/types.js';

export interface FixtureMessage {
  input: ThreadInput;
  summary: MessageSummary;
}

function dir(scenario: string): string {
  return fileURLToPath(new URL(`./fixtures/${scenario}/`, import.meta.url));
}

/** The scenario's messages; each record id is the file name without ".eml". */
export async function loadScenario(scenario: string): Promise<FixtureMessage[]> {
  const names = readdirSync(dir(scenario))
    .filter((n) => n.endsWith('.eml'))
    .sort();
  const out: FixtureMessage[] = [];
  for (const name of names) {
    const parsed = await parseMessage(new Uint8Array(readFileSync(dir(scenario) + name)));
    if (isUnparseable(parsed)) throw new Error(`${scenario}/${name}: ${parsed.error}`);
    const s = parsed.summary;
    out.push({
      summary: s,
      input: {
        id: name.replace(/\.eml$/, ''),
        messageId: s.messageId ?? '',
        inReplyTo: s.inReplyTo,
        references: s.references,
        subject: s.subject,
        date: s.sentAt ?? 0,
      },
    });
  }
  return out;
}

export async function loadInputs(scenario: string): Promise<ThreadInput[]> {
  return (await loadScenario(scenario)).map((m) => m.input);
}

export const SCENARIOS = [
  'list-missing-middle',
  'outlook-irt',
  'truncated-references',
  'copies',
  'impostor',
  'cycle',
  'forwards',
  'strangers',
] as const;
