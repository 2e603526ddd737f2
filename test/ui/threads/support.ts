// Real threads for the threads-view tests: the threading fixtures (test/mail/threading),
// read from disk as the user's files.
import { commands } from 'vitest/browser';
import { deep, deepAll, must, until } from '../harness.js';

const DIR = 'test/mail/threading/fixtures';

/** A reply chain of five (one with truncated References) from three people. */
export const MIGRATION = [
  '01-root.eml',
  '02-reply.eml',
  '03-reply.eml',
  '04-truncated.eml',
  '05-irt-only-after-truncation.eml',
].map((f) => `truncated-references/${f}`);

/** Same-subject strangers and orphan replies: five threads, one of two. */
export const STRANGERS = [
  '01-meeting-ann.eml',
  '02-meeting-bob.eml',
  '03-re-meeting-orphan.eml',
  '04-hola-carlos.eml',
  '05-re-hola-orphan.eml',
  '06-meeting-bob-again.eml',
].map((f) => `strangers/${f}`);

export async function threadFiles(names: readonly string[]): Promise<File[]> {
  return Promise.all(
    names.map(async (name) => {
      const text = await commands.readFile(`${DIR}/${name}`, 'latin1');
      const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
      return new File([bytes], name.replace('/', '-'), { type: 'message/rfc822' });
    }),
  );
}

export const grid = () => deep('[data-testid="message-list"]');
export const threadRows = () => deepAll('[data-testid="thread-list-item"]');
export const subjectOf = (row: Element) => row.querySelector('.subject')?.textContent ?? '';
export const countOf = (row: Element) =>
  row.querySelector('[data-testid="thread-count"]')?.textContent?.trim() ?? '';

/** The `nth` rendered thread row with this subject (same-subject strangers are apart). */
export function threadRow(subject: string, nth = 0): HTMLElement | undefined {
  return threadRows().filter((r) => subjectOf(r) === subject)[nth];
}

/** The settings dialog's "Threads view" checkbox, as a user reaches it from the toolbar. */
export async function threadsCheckbox(): Promise<HTMLInputElement> {
  must(
    deepAll<HTMLButtonElement>('button', must(deep('bz-toolbar').shadowRoot)).find(
      (b) => b.getAttribute('aria-label') === 'Settings',
    ),
  ).click();
  return until(() => deepAll<HTMLInputElement>('input[name=threadsView]')[0]);
}

export function threadMessages(): HTMLElement[] {
  return deepAll('[data-testid="thread-message"]');
}

export function buttonNamed(root: ParentNode, name: string): HTMLButtonElement | undefined {
  return deepAll<HTMLButtonElement>('button', root).find((b) => b.textContent?.trim() === name);
}
