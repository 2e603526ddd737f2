// SEND-1, SEND-13: the composer, Undo send and the Outbox in real Chromium over a fake
// ComposeService. The elements are under test; the service only records what it is given
// and answers as each test decides (MIME, storage and sending are tested with the service).
import { ContextProvider } from '@lit/context';
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { composeServiceContext } from '../../../src/state/context.js';
import type { ComposeService, DraftInput } from '../../../src/state/types.js';
import { ANA, ANA_WORK, FAR, FakeCompose } from './support/fake-compose.js';
import '../../../src/ui/compose/bz-composer.js';
import '../../../src/ui/compose/bz-outbox-button.js';
import type { BzComposeEvent } from '../../../src/ui/events/bz-compose.js';
import { deep, deepAll, mountApp, must, until } from '../harness.js';

let host: HTMLElement | undefined;
afterEach(() => {
  host?.remove();
  host = undefined;
});

async function mount<K extends 'bz-composer' | 'bz-outbox-button'>(
  tag: K,
  compose: ComposeService,
): Promise<HTMLElementTagNameMap[K]> {
  host = document.createElement('div');
  new ContextProvider(host, { context: composeServiceContext, initialValue: compose });
  document.body.append(host);
  const el = document.createElement(tag);
  host.append(el);
  await el.updateComplete;
  return el;
}

/** The element with data-testid `id` anywhere below `el` (shadow roots included). */
const part = <E extends Element = HTMLElement>(el: Element, id: string): E =>
  deep<E>(`[data-testid="${id}"]`, must(el.shadowRoot));
const has = (el: Element, id: string) =>
  deepAll(`[data-testid="${id}"]`, must(el.shadowRoot)).length > 0;
const dialogOf = (el: Element) => part<HTMLDialogElement>(el, 'composer');
const buttonNamed = (el: Element, name: string) =>
  until(() =>
    deepAll<HTMLButtonElement>('button', must(el.shadowRoot)).find(
      (b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name,
    ),
  );

async function openComposer(compose = new FakeCompose()) {
  const el = await mount('bz-composer', compose);
  await el.open();
  await until(() => el.shadowRoot?.querySelectorAll('#from option').length);
  return { el, compose };
}

describe('composer (SEND-1)', () => {
  it('SEND-1 New message in the toolbar opens the composer with the first sender chosen; the Outbox then counts the message', async () => {
    const app = await mountApp('en');
    try {
      const compose = new FakeCompose();
      app.app.composeService = compose;
      deep('[data-testid="compose-button"]').click();
      // Loaded on this first click (it is not in the start-up bundle).
      const composer = await until(() => deepAll('bz-composer')[0]);
      await until(() => dialogOf(composer).open);
      await until(() => composer.shadowRoot?.querySelectorAll('#from option').length === 2);
      const from = part<HTMLSelectElement>(composer, 'compose-from');
      expect(from.selectedOptions[0]?.textContent?.trim()).toBe('Ana Pérez <ana@buzon.test>');
      expect(composer.shadowRoot?.activeElement).toBe(part(composer, 'compose-to'));
      const root = must(composer.shadowRoot);
      const names = [...root.querySelectorAll('input:not([hidden]), select, textarea')].map((c) =>
        [...((c as HTMLInputElement).labels ?? [])].map((l) => l.textContent?.trim()).join(),
      );
      expect(names).toEqual([
        'From',
        'To',
        'Subject',
        'Message text',
        'Priority',
        'Request a read receipt',
      ]);
      const buttons = [...root.querySelectorAll('button')].map(
        (b) => b.getAttribute('aria-label') ?? b.textContent?.trim(),
      );
      expect(buttons).toEqual([
        'Choose To recipients from the address book',
        'Add Cc recipients',
        'Add Bcc recipients',
        'Rich text',
        'Attach files',
        'From Documents',
        'Attach my card',
        'Discard',
        'Save draft',
        'Save as template',
        'Send',
      ]);
      // Once sent, the Outbox under the folder tree counts it.
      await userEvent.fill(part(composer, 'compose-to'), 'bob@example.org');
      await userEvent.fill(part(composer, 'compose-subject'), 'Hola');
      part(composer, 'compose-send').click();
      await until(() => !dialogOf(composer).open);
      expect(deep('bz-outbox-button').parentElement?.tagName).toBe('NAV');
      const outbox = await until(() => deepAll('[data-testid="outbox-button"]')[0]);
      expect(outbox.textContent?.trim()).toBe('Outbox (1)');
    } finally {
      await app.close();
    }
  });

  it('SEND-1 sends the parsed To, Cc, Bcc, subject and text exactly, from the chosen sender', async () => {
    const { el, compose } = await openComposer();
    await userEvent.fill(part(el, 'compose-to'), 'Bob <bob@example.org>, carla@example.org');
    (await buttonNamed(el, 'Add Cc recipients')).click();
    await until(() => has(el, 'compose-cc'));
    await userEvent.fill(part(el, 'compose-cc'), '"Dani, el de arriba" <dani@example.org>');
    (await buttonNamed(el, 'Add Bcc recipients')).click();
    await until(() => has(el, 'compose-bcc'));
    await userEvent.fill(part(el, 'compose-bcc'), 'eva@example.org');
    await userEvent.selectOptions(part(el, 'compose-from'), '1');
    await userEvent.fill(part(el, 'compose-subject'), 'Cena del sábado');
    const text = 'Hola:\n\n  ¿Vamos a las 9?  \n<b>no es HTML</b>\n';
    await userEvent.fill(part(el, 'compose-body'), text);
    part(el, 'compose-send').click();
    await until(() => compose.sent.length === 1);
    expect(compose.sent[0]).toEqual({
      id: 'm1',
      from: ANA_WORK,
      draft: {
        to: [
          { name: 'Bob', address: 'bob@example.org' },
          { name: '', address: 'carla@example.org' },
        ],
        cc: [{ name: 'Dani, el de arriba', address: 'dani@example.org' }],
        bcc: [{ name: '', address: 'eva@example.org' }],
        subject: 'Cena del sábado',
        text,
        // A new message continues no saved draft.
        draftId: null,
      },
    });
    await until(() => !dialogOf(el).open);
    expect(part(el, 'undo-send').textContent).toMatch(/Sending…\s*Undo/);
  });

  it('SEND-1 shows what is not an address as text under its field and refuses to send until fixed', async () => {
    const { el, compose } = await openComposer();
    const to = part<HTMLInputElement>(el, 'compose-to');
    await userEvent.fill(to, 'bob@example.org; <img src=x onerror=alert(1)>, carla@');
    await userEvent.fill(part(el, 'compose-subject'), 'Hola');
    part(el, 'compose-send').click();
    await until(() => has(el, 'to-error'));
    expect(part(el, 'to-error').textContent?.trim()).toBe(
      'Not an e-mail address: “<img src=x onerror=alert(1)>”, “carla@”',
    );
    expect(deepAll('img', must(el.shadowRoot))).toEqual([]);
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(el.shadowRoot?.activeElement).toBe(to);
    expect(compose.sent).toEqual([]);
    await userEvent.fill(to, 'bob@example.org; carla@example.org');
    await until(() => !has(el, 'to-error'));
    part(el, 'compose-send').click();
    await until(() => compose.sent.length === 1);
    expect(compose.sent[0]?.draft.to.map((a) => a.address)).toEqual([
      'bob@example.org',
      'carla@example.org',
    ]);
  });

  it('SEND-1 with no recipient at all it says so and sends nothing', async () => {
    const { el, compose } = await openComposer();
    await userEvent.fill(part(el, 'compose-subject'), 'Hola');
    part(el, 'compose-send').click();
    await until(() => has(el, 'to-error'));
    expect(part(el, 'to-error').textContent?.trim()).toBe('Add at least one recipient.');
    expect(compose.sent).toEqual([]);
    expect(dialogOf(el).open).toBe(true);
  });

  it('SEND-1 an empty subject asks "Send without a subject?" before sending', async () => {
    const { el, compose } = await openComposer();
    await userEvent.fill(part(el, 'compose-to'), 'bob@example.org');
    await userEvent.fill(part(el, 'compose-subject'), '   ');
    part(el, 'compose-send').click();
    await until(() => el.shadowRoot?.textContent?.includes('Send without a subject?'));
    expect(compose.sent).toEqual([]);
    (await buttonNamed(el, 'Keep editing')).click();
    await until(() => has(el, 'compose-send'));
    expect(compose.sent).toEqual([]);
    part(el, 'compose-send').click();
    await until(() => has(el, 'question-confirm'));
    expect(part(el, 'question-confirm').textContent?.trim()).toBe('Send anyway');
    part(el, 'question-confirm').click();
    await until(() => compose.sent.length === 1);
    expect(compose.sent[0]?.draft.subject).toBe('');
  });

  it('SEND-1 without a sending account the composer opens, says why, and Send is disabled', async () => {
    const compose = new FakeCompose();
    compose.sendable = false;
    const { el } = await openComposer(compose);
    expect(dialogOf(el).open).toBe(true);
    expect(part(el, 'compose-cannot-send').textContent).toMatch(/needs a signed-in account/);
    expect(part<HTMLButtonElement>(el, 'compose-send').disabled).toBe(true);
  });

  it('SEND-1 Escape and Discard ask before throwing typed text away', async () => {
    const { el } = await openComposer();
    await userEvent.fill(part(el, 'compose-body'), 'Un borrador');
    await userEvent.keyboard('{Escape}');
    await until(() => has(el, 'question-confirm'));
    expect(dialogOf(el).open).toBe(true);
    expect(el.shadowRoot?.textContent).toMatch(/Discard this message\?/);
    (await buttonNamed(el, 'Keep editing')).click();
    await until(() => has(el, 'compose-discard'));
    expect(part<HTMLTextAreaElement>(el, 'compose-body').value).toBe('Un borrador');
    part(el, 'compose-discard').click();
    await until(() => has(el, 'question-confirm'));
    part(el, 'question-confirm').click();
    await until(() => !dialogOf(el).open);
    await el.open();
    expect(part<HTMLTextAreaElement>(el, 'compose-body').value).toBe('');
    // Nothing typed: Escape just closes.
    await userEvent.keyboard('{Escape}');
    await until(() => !dialogOf(el).open);
  });

  it('SEND-2 Save draft keeps what is written in Drafts; saving again names the same draft; Discard drops it', async () => {
    const { el, compose } = await openComposer();
    await userEvent.fill(part(el, 'compose-to'), 'Bob <bob@example.org>');
    await userEvent.fill(part(el, 'compose-subject'), 'A medias');
    await userEvent.fill(part(el, 'compose-body'), 'Primera parte');
    part(el, 'compose-save').click();
    await until(() => !dialogOf(el).open);
    expect(compose.saved).toHaveLength(1);
    expect(compose.saved[0]?.from).toEqual(ANA);
    expect(compose.saved[0]?.draft).toMatchObject({
      to: [{ name: 'Bob', address: 'bob@example.org' }],
      subject: 'A medias',
      text: 'Primera parte',
      draftId: null,
    });
    // Reopened (as Edit draft does), saved again: the same draft is named.
    await el.open({ ...(compose.saved[0]?.draft as DraftInput), draftId: 'd1' });
    await userEvent.fill(part(el, 'compose-body'), 'Primera y segunda parte');
    part(el, 'compose-save').click();
    await until(() => compose.saved.length === 2);
    expect(compose.saved[1]?.draft.draftId).toBe('d1');
    await el.open({ ...(compose.saved[1]?.draft as DraftInput), draftId: 'd1' });
    part(el, 'compose-discard').click();
    await until(() => has(el, 'question-confirm'));
    part(el, 'question-confirm').click();
    await until(() => compose.droppedDrafts.includes('d1'));
  });

  it('SEND-10 SEND-11 the priority and a read-receipt request go with the message', async () => {
    const { el, compose } = await openComposer();
    await userEvent.fill(part(el, 'compose-to'), 'bob@example.org');
    await userEvent.fill(part(el, 'compose-subject'), 'Urgente');
    await userEvent.selectOptions(part<HTMLSelectElement>(el, 'compose-priority'), 'highest');
    await userEvent.click(part(el, 'compose-receipt'));
    part(el, 'compose-send').click();
    await until(() => compose.sent.length === 1);
    expect(compose.sent[0]?.draft).toMatchObject({ priority: 'highest', requestReceipt: true });
  });

  it('SEND-1 on a phone (390 px wide) the composer fills the screen', async () => {
    const before = { width: window.innerWidth, height: window.innerHeight };
    await page.viewport(390, 844);
    try {
      const { el } = await openComposer();
      const box = dialogOf(el).getBoundingClientRect();
      expect([box.left, box.top, box.width, box.height]).toEqual([
        0,
        0,
        window.innerWidth,
        window.innerHeight,
      ]);
    } finally {
      await page.viewport(before.width, before.height);
    }
  });
});

describe('Undo send and the Outbox (SEND-13)', () => {
  it('SEND-13 Undo gives the message back in the composer as written, sender included', async () => {
    const { el, compose } = await openComposer();
    await userEvent.selectOptions(part(el, 'compose-from'), '1');
    await userEvent.fill(part(el, 'compose-to'), 'Bob <bob@example.org>');
    (await buttonNamed(el, 'Add Cc recipients')).click();
    await until(() => has(el, 'compose-cc'));
    await userEvent.fill(part(el, 'compose-cc'), 'carla@example.org');
    await userEvent.fill(part(el, 'compose-subject'), 'Presupuesto');
    await userEvent.fill(part(el, 'compose-body'), 'Línea 1\nLínea 2');
    part(el, 'compose-send').click();
    await until(() => has(el, 'undo-send-button'));
    expect(dialogOf(el).open).toBe(false);
    part(el, 'undo-send-button').click();
    await until(() => dialogOf(el).open);
    expect(compose.undone).toEqual(['m1']);
    await until(() => part<HTMLSelectElement>(el, 'compose-from').value === '1');
    expect(part<HTMLInputElement>(el, 'compose-to').value).toBe('Bob <bob@example.org>');
    expect(part<HTMLInputElement>(el, 'compose-cc').value).toBe('carla@example.org');
    expect(part<HTMLInputElement>(el, 'compose-subject').value).toBe('Presupuesto');
    expect(part<HTMLTextAreaElement>(el, 'compose-body').value).toBe('Línea 1\nLínea 2');
    expect(has(el, 'undo-send')).toBe(false);
  });

  it('SEND-13 the Outbox lists each message with its state in words; Retry and Discard (asked first) call the service', async () => {
    const compose = new FakeCompose();
    const base = { error: null, createdAt: 1, sendAt: Date.now() + FAR };
    compose.items = [
      { ...base, id: 'w', subject: 'Esperando', recipients: ['Bob'], state: 'waiting' },
      { ...base, id: 'q', subject: '', recipients: ['c@x.org'], state: 'queued' },
      { ...base, id: 's', subject: 'En marcha', recipients: ['Dani'], state: 'sending' },
      {
        ...base,
        id: 'f',
        subject: '<img src=x onerror=alert(1)>',
        recipients: ['Eva <b>', 'f@x.org'],
        state: 'failed',
        error: 'The server refused the recipient.',
      },
      { ...base, id: 'd', subject: 'Hecho', recipients: ['Gil'], state: 'sent' },
    ];
    const el = await mount('bz-outbox-button', compose);
    await until(() => has(el, 'outbox-button'));
    expect(part(el, 'outbox-button').textContent?.trim()).toBe('Outbox (4)');
    part(el, 'outbox-button').click();
    // Loaded on this first opening.
    const dialog = await until(
      () => has(el, 'outbox-dialog') && part<HTMLDialogElement>(el, 'outbox-dialog'),
    );
    await until(() => dialog.open);
    const rows = deepAll('[data-testid="outbox-item"]', must(el.shadowRoot));
    const cell = (row: HTMLElement | undefined, id: string) =>
      row?.querySelector(`[data-testid="${id}"]`)?.textContent?.trim();
    expect(rows.map((r) => cell(r, 'outbox-state'))).toEqual([
      'Waiting to send',
      'Waiting for the network',
      'Sending…',
      'Failed: The server refused the recipient.',
      'Sent',
    ]);
    expect(rows.map((r) => cell(r, 'outbox-subject'))).toEqual([
      'Esperando',
      '(no subject)',
      'En marcha',
      '<img src=x onerror=alert(1)>',
      'Hecho',
    ]);
    expect(cell(rows[3], 'outbox-recipients')).toBe('To: Eva <b>, f@x.org');
    expect(deepAll('img, b', must(el.shadowRoot))).toEqual([]);

    part(el, 'outbox-retry').click();
    await until(() => compose.retried.length === 1);
    expect(compose.retried).toEqual(['f']);
    part(el, 'outbox-discard').click();
    await until(() => has(el, 'outbox-discard-confirm'));
    expect(dialog.textContent).toMatch(/Discard this message\? It will not be sent\./);
    expect(compose.discarded).toEqual([]);
    part(el, 'outbox-discard-confirm').click();
    await until(() => compose.discarded.length === 1);
    expect(compose.discarded).toEqual(['f']);
    await until(() => part(el, 'outbox-button').textContent?.trim() === 'Outbox (3)');
  });

  it('SEND-13 Undo in the Outbox asks for the composer with the draft', async () => {
    const compose = new FakeCompose();
    const el = await mount('bz-outbox-button', compose);
    const draft: DraftInput = {
      to: [{ name: 'Bob', address: 'bob@example.org' }],
      cc: [],
      bcc: [],
      subject: 'Vuelve',
      text: 'Texto',
    };
    const id = await compose.send(ANA, draft);
    await until(() => has(el, 'outbox-button'));
    part(el, 'outbox-button').click();
    const asked = new Promise<BzComposeEvent>((r) =>
      el.addEventListener('bz-compose', r, { once: true }),
    );
    await until(() => has(el, 'outbox-undo'));
    part(el, 'outbox-undo').click();
    const e = await asked;
    expect(compose.undone).toEqual([id]);
    expect(e.draft).toEqual(draft);
    expect(e.outboxId).toBe(id);
    await until(() => !part<HTMLDialogElement>(el, 'outbox-dialog').open);
    expect(has(el, 'outbox-button')).toBe(false);
  });
});
