// ATTACH-1, SEND-12: attaching in the composer, in real Chromium — the file picker, a drop,
// a paste and Documents (the real DocumentService over a fresh IndexedDB) — what the
// composer hands to Send, and the too-big warning. The ComposeService is the recording
// fake (MIME and sending are tested with the real service against real servers).
import { ContextProvider } from '@lit/context';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { createInlineParser } from '../../../src/mail/parse.js';
import { renderMail, renderPrintDocument } from '../../../src/mail/render.js';
import { composeServiceContext, documentServiceContext } from '../../../src/state/context.js';
import { createServices } from '../../../src/state/services.js';
import { openDb } from '../../../src/store/db.js';
import type { BuzonDb } from '../../../src/store/db.js';
import type { DocumentService } from '../../../src/state/types.js';
import '../../../src/ui/compose/bz-composer.js';
import type { BzComposer } from '../../../src/ui/compose/bz-composer.js';
import { deep, deepAll, must, until } from '../harness.js';
import { FakeCompose } from './support/fake-compose.js';

let host: HTMLElement | undefined;
let db: BuzonDb | undefined;
afterEach(async () => {
  host?.remove();
  host = undefined;
  await new Promise((r) => setTimeout(r, 50));
  db?.close();
  db = undefined;
});

async function openComposer(compose = new FakeCompose()) {
  db = await openDb(`bz-attach-${crypto.randomUUID()}`);
  const documents: DocumentService = createServices(db, {
    parser: createInlineParser(),
    render: { renderMail, renderPrintDocument },
  }).documents;
  host = document.createElement('div');
  new ContextProvider(host, { context: composeServiceContext, initialValue: compose });
  new ContextProvider(host, { context: documentServiceContext, initialValue: documents });
  document.body.append(host);
  const el = document.createElement('bz-composer');
  host.append(el);
  await el.updateComplete;
  await el.open();
  await until(() => el.shadowRoot?.querySelectorAll('#from option').length);
  return { el, compose, documents };
}

const part = <E extends Element = HTMLElement>(el: Element, id: string): E =>
  deep<E>(`[data-testid="${id}"]`, must(el.shadowRoot));
const chips = (el: BzComposer) =>
  deepAll('[data-testid="compose-attachment"]', must(el.shadowRoot)).map((li) =>
    [...li.querySelectorAll('.name, .size')].map((s) => s.textContent?.trim()).join(' · '),
  );

const PDF = new TextEncoder().encode('%PDF-1.4\n% presupuesto\n');
const pdfFile = () => new File([PDF], 'Presupuesto año 2026.pdf', { type: 'application/pdf' });

async function fillAndSend(el: BzComposer): Promise<void> {
  await userEvent.fill(part(el, 'compose-to'), 'bob@buzon.test');
  await userEvent.fill(part(el, 'compose-subject'), 'Adjuntos');
  part(el, 'compose-send').click();
}

describe('attachments in the composer (ATTACH-1)', () => {
  it('ATTACH-1 a file chosen with Attach files shows by name and size, and goes with Send byte for byte', async () => {
    const { el, compose } = await openComposer();
    await userEvent.upload(part(el, 'compose-file-input'), [pdfFile()]);
    await until(() => chips(el).length === 1);
    expect(chips(el)).toEqual([`Presupuesto año 2026.pdf · ${PDF.byteLength} B`]);
    await fillAndSend(el);
    await until(() => compose.sent.length === 1);
    const sent = compose.sent[0]?.draft.attachments ?? [];
    expect(sent.map((a) => [a.filename, a.type])).toEqual([
      ['Presupuesto año 2026.pdf', 'application/pdf'],
    ]);
    expect([...(sent[0]?.bytes ?? [])]).toEqual([...PDF]);
  });

  it('ATTACH-1 files dropped on the composer are attached; Remove takes one out again', async () => {
    const { el, compose } = await openComposer();
    const data = new DataTransfer();
    data.items.add(pdfFile());
    data.items.add(new File(['hola'], 'nota.txt', { type: 'text/plain' }));
    const dialog = part(el, 'composer');
    const over = new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true });
    dialog.dispatchEvent(over);
    // Accepted: the browser does not open the files instead.
    expect(over.defaultPrevented).toBe(true);
    dialog.dispatchEvent(
      new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }),
    );
    await until(() => chips(el).length === 2);
    deepAll<HTMLButtonElement>(
      '[data-testid="compose-attachment-remove"]',
      must(el.shadowRoot),
    )[0]?.click();
    await until(() => chips(el).length === 1);
    expect(chips(el)[0]).toMatch(/^nota\.txt/);
    await fillAndSend(el);
    await until(() => compose.sent.length === 1);
    expect(compose.sent[0]?.draft.attachments?.map((a) => a.filename)).toEqual(['nota.txt']);
  });

  it('ATTACH-1 a pasted file is attached, pasted text stays text in the body', async () => {
    const { el } = await openComposer();
    const body = part<HTMLTextAreaElement>(el, 'compose-body');
    const files = new DataTransfer();
    files.items.add(
      new File([new Uint8Array([137, 80, 78, 71])], 'captura.png', { type: 'image/png' }),
    );
    const pasteFile = new ClipboardEvent('paste', {
      clipboardData: files,
      bubbles: true,
      cancelable: true,
      composed: true,
    });
    body.dispatchEvent(pasteFile);
    expect(pasteFile.defaultPrevented).toBe(true);
    await until(() => chips(el).length === 1);
    const text = new DataTransfer();
    text.setData('text/plain', 'solo texto');
    const pasteText = new ClipboardEvent('paste', {
      clipboardData: text,
      bubbles: true,
      cancelable: true,
      composed: true,
    });
    body.dispatchEvent(pasteText);
    expect(pasteText.defaultPrevented).toBe(false);
    expect(chips(el)).toHaveLength(1);
  });

  it('ATTACH-1 From Documents lists the documents by name and attaches the chosen one', async () => {
    const { el, compose, documents } = await openComposer();
    const bytes = new TextEncoder().encode('contrato firmado');
    await documents.saveDocument(
      'Contrato <b>firmado & anexo.txt',
      'text/plain',
      bytes,
      'attachments',
    );
    part(el, 'compose-attach-documents').click();
    const picker = must(el.shadowRoot?.querySelector('bz-document-picker'));
    const choice = await until(
      () => deepAll('[data-testid="document-choice"]', must(picker.shadowRoot))[0],
    );
    // The name is text (Documents cleaned it for a file system): no markup is parsed.
    const shown = must(choice.querySelector('span')?.textContent);
    expect(choice.querySelector('b')).toBeNull();
    choice.querySelector('input')?.click();
    await until(() => !part<HTMLButtonElement>(picker, 'document-attach').disabled);
    part(picker, 'document-attach').click();
    await until(() => chips(el).length === 1);
    await fillAndSend(el);
    await until(() => compose.sent.length === 1);
    const sent = compose.sent[0]?.draft.attachments?.[0];
    expect(sent?.filename).toBe(shown);
    expect(shown).toMatch(/^Contrato .*firmado.* & anexo\.txt$/);
    expect(new TextDecoder().decode(sent?.bytes)).toBe('contrato firmado');
  });
});

describe('files as links and SMS recipients (SEND-15, SEND-8)', () => {
  it('SEND-15 with a file and a server that keeps links, "Send the files as links" is offered, says whether downloads are told, and goes with Send', async () => {
    const compose = new FakeCompose();
    compose.links = { days: 7, notices: false };
    const { el } = await openComposer(compose);
    expect(el.shadowRoot?.querySelector('[data-testid="compose-as-links"]')).toBeNull();
    await userEvent.upload(part(el, 'compose-file-input'), [pdfFile()]);
    const box = await until(() =>
      el.shadowRoot?.querySelector<HTMLInputElement>('[data-testid="compose-as-links"]'),
    );
    expect(box.labels?.[0]?.textContent).toContain('valid 7 days');
    box.click();
    await until(() => el.shadowRoot?.querySelector('.links-option .note'));
    expect(el.shadowRoot?.querySelector('.links-option .note')?.textContent).toMatch(
      /does not tell you/,
    );
    await fillAndSend(el);
    await until(() => compose.sent.length === 1);
    expect(compose.sent[0]?.draft.sendAsLinks).toBe(true);
  });

  it('SEND-8 with files and an SMS recipient, the composer says the SMS recipient gets the text only', async () => {
    const { el } = await openComposer();
    await userEvent.fill(part(el, 'compose-to'), 'bob@buzon.test, 32475123456@SMS');
    await userEvent.upload(part(el, 'compose-file-input'), [pdfFile()]);
    const note = await until(() =>
      el.shadowRoot?.querySelector('[data-testid="compose-sms-note"]'),
    );
    expect(note.textContent).toContain('32475123456@SMS');
    expect(note.textContent).not.toContain('bob@buzon.test');
  });
});

describe('message size (SEND-12)', () => {
  it('SEND-12 attachments over the account limit are flagged at once with the limit, before Send', async () => {
    const compose = new FakeCompose();
    compose.limit = 1_000;
    const { el } = await openComposer(compose);
    await userEvent.upload(part(el, 'compose-file-input'), [
      new File([new Uint8Array(2_000)], 'grande.bin'),
    ]);
    const alert = await until(
      () => deepAll('[data-testid="compose-too-big"]', must(el.shadowRoot))[0],
    );
    expect(alert.textContent).toMatch(/this account sends at most 1,000 B/);
  });
});
