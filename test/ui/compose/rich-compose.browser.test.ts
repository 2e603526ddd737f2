// SEND-3, SEND-4 in the composer, in real Chromium: rich text for one message (the editor
// loads when chosen), what Send hands over — the HTML, its faithful plain text, inline
// images as cid: parts — a rich draft reopening rich with its images, and the switch back
// to plain text keeping the words. The ComposeService is the recording fake.
import { ContextProvider } from '@lit/context';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { composeServiceContext } from '../../../src/state/context.js';
import '../../../src/ui/compose/bz-composer.js';
import type { BzComposer } from '../../../src/ui/compose/bz-composer.js';
import type { BzRichEditor } from '../../../src/ui/compose/rich/bz-rich-editor.js';
import { BzRichImageFilesEvent } from '../../../src/ui/compose/rich/bz-rich-image-files.js';
import type { DraftInput } from '../../../src/state/types.js';
import { deep, must, until } from '../harness.js';
import { ANA, FakeCompose, identity } from './support/fake-compose.js';

let host: HTMLElement | undefined;
afterEach(() => {
  host?.remove();
  host = undefined;
});

async function mount(draft: DraftInput | null = null, compose = new FakeCompose()) {
  host = document.createElement('div');
  new ContextProvider(host, { context: composeServiceContext, initialValue: compose });
  document.body.append(host);
  const el = document.createElement('bz-composer');
  host.append(el);
  await el.updateComplete;
  await el.open(draft);
  await until(() => el.shadowRoot?.querySelectorAll('#from option').length);
  return { el, compose };
}

const part = <E extends Element = HTMLElement>(el: Element, id: string): E =>
  deep<E>(`[data-testid="${id}"]`, must(el.shadowRoot));
const editorOf = (el: BzComposer) =>
  until(() =>
    el.shadowRoot?.querySelector<BzRichEditor>('bz-rich-editor')?.editor
      ? el.shadowRoot?.querySelector<BzRichEditor>('bz-rich-editor')
      : null,
  );

/** A 1×1 PNG. */
const PNG = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  ),
  (c) => c.charCodeAt(0),
);

describe('rich text in the composer (SEND-3, SEND-4)', () => {
  it('SEND-3 Rich text turns the typed text into formatted text; Send carries the HTML and its plain alternative', async () => {
    const { el, compose } = await mount();
    await userEvent.fill(part(el, 'compose-body'), 'Hola Bob,\n\n> lo que dijiste\n\nUn saludo');
    part(el, 'compose-rich-toggle').click();
    const editor = await editorOf(el);
    expect(part(el, 'compose-rich-toggle').getAttribute('aria-pressed')).toBe('true');
    expect(editor.html).toContain('<blockquote');
    editor.editor?.commands.focus('end');
    // Typing starts once the editor really holds the focus (under load it takes a frame).
    await until(() => editor.editor?.isFocused);
    await userEvent.keyboard('{Control>}b{/Control} y gracias');
    await until(() => editor.html.includes('y gracias'));
    await userEvent.fill(part(el, 'compose-to'), 'bob@buzon.test');
    await userEvent.fill(part(el, 'compose-subject'), 'Formato');
    part(el, 'compose-send').click();
    await until(() => compose.sent.length === 1);
    const sent = compose.sent[0]?.draft;
    expect(sent?.html).toMatch(/<strong>\s*y gracias<\/strong>/);
    expect(sent?.html).toContain('<blockquote');
    expect(sent?.text).toContain('> lo que dijiste');
    expect(sent?.text).toContain('Un saludo y gracias');
  });

  it('SEND-4 an image pasted into the rich text goes as an inline cid: part; one taken out again does not', async () => {
    const { el, compose } = await mount();
    part(el, 'compose-rich-toggle').click();
    const editor = await editorOf(el);
    const file = new File([PNG], 'plano.png', { type: 'image/png' });
    editor.dispatchEvent(new BzRichImageFilesEvent([file]));
    await until(() => editor.listImages().length === 1);
    editor.dispatchEvent(
      new BzRichImageFilesEvent([new File([PNG], 'otro.png', { type: 'image/png' })]),
    );
    await until(() => editor.listImages().length === 2);
    // The second one is deleted again (the last node, before the cursor).
    editor.editor?.commands.focus('end');
    await until(() => editor.editor?.isFocused);
    await userEvent.keyboard('{Backspace}');
    await until(() => editor.listImages().length === 1);
    await userEvent.fill(part(el, 'compose-to'), 'bob@buzon.test');
    await userEvent.fill(part(el, 'compose-subject'), 'Plano');
    part(el, 'compose-send').click();
    await until(() => compose.sent.length === 1);
    const sent = compose.sent[0]?.draft;
    const inline = sent?.attachments?.filter((a) => a.contentId) ?? [];
    expect(inline.map((a) => a.filename)).toEqual(['plano.png']);
    expect(sent?.html).toContain(`src="cid:${inline[0]?.contentId}"`);
    expect([...(inline[0]?.bytes ?? [])]).toEqual([...PNG]);
  });

  it('SEND-16 Insert signature in rich text puts the identity’s rich signature in; its picture goes as a cid: part', async () => {
    const compose = new FakeCompose();
    const pngData = `data:image/png;base64,${btoa(String.fromCharCode(...PNG))}`;
    compose.senderList = [
      identity(ANA, {
        isDefault: true,
        signature: 'Ana Pérez\nBuzón S.L.',
        htmlSignature: `<p><strong>Ana Pérez</strong></p><p><img src="${pngData}" alt="logo"></p>`,
      }),
    ];
    const { el } = await mount(null, compose);
    part(el, 'compose-rich-toggle').click();
    const editor = await editorOf(el);
    part(el, 'compose-insert-signature').click();
    await until(() => editor.html.includes('<strong>Ana Pérez</strong>'));
    await userEvent.fill(part(el, 'compose-to'), 'bob@buzon.test');
    await userEvent.fill(part(el, 'compose-subject'), 'Firma');
    part(el, 'compose-send').click();
    await until(() => compose.sent.length === 1);
    const sent = compose.sent[0]?.draft;
    const logo = sent?.attachments?.find((a) => a.contentId);
    expect(logo?.type).toBe('image/png');
    expect([...(logo?.bytes ?? [])]).toEqual([...PNG]);
    expect(sent?.html).toContain(`src="cid:${logo?.contentId}"`);
    expect(sent?.html).not.toContain('data:image');
    expect(sent?.html).toMatch(/--(&nbsp;|\u00a0)/);
  });

  it('SEND-5 a reply switched to rich text quotes the original as it looked, sanitized: no script, no remote picture', async () => {
    const attribution = 'On 2 Mar 2026, Bob wrote:';
    const { el, compose } = await mount({
      to: [{ name: 'Bob', address: 'bob@buzon.test' }],
      cc: [],
      bcc: [],
      subject: 'Re: Menú',
      text: `\n\n${attribution}\n> Hola Ana\n`,
      quotedHtml: {
        html: '<p>Hola <b>Ana</b></p><img src="http://tracker.example/x.png"><script>alert(1)</script>',
        attribution,
      },
    });
    part(el, 'compose-rich-toggle').click();
    const editor = await editorOf(el);
    // What the editor holds after its schema rebuilt the sanitized quote.
    const shown = await until(() => editor.editor?.getHTML());
    expect(shown).toMatch(/<blockquote[^>]*><p>Hola <strong>Ana<\/strong><\/p>/);
    expect(shown).toContain(attribution);
    expect(shown).not.toContain('tracker.example');
    expect(shown).not.toContain('script');
    part(el, 'compose-send').click();
    await until(() => compose.sent.length === 1);
    expect(compose.sent[0]?.draft.html).toContain('<blockquote');
    expect(compose.sent[0]?.draft.text).toContain('> Hola Ana');
    // The original's HTML is only for the editor: it is not sent as a field of its own.
    expect(compose.sent[0]?.draft.quotedHtml).toBeUndefined();
  });

  it('SEND-3 SEND-2 a rich draft reopens rich with its images; Plain text keeps the words', async () => {
    const { el } = await mount({
      to: [],
      cc: [],
      bcc: [],
      subject: 'Borrador',
      text: 'Hola',
      html: '<p>Hola <em>mundo</em></p><p><img src="cid:img1@buzon" alt="foto"></p>',
      attachments: [
        { filename: 'foto.png', type: 'image/png', bytes: PNG, contentId: 'img1@buzon' },
      ],
      draftId: 'd1@buzon',
    });
    const editor = await editorOf(el);
    await until(() => editor.listImages()[0]?.src.startsWith('blob:'));
    expect(editor.html).toContain('<em>mundo</em>');
    // Inline images are the text's, not files in the attachment list.
    expect(el.shadowRoot?.querySelectorAll('[data-testid="compose-attachment"]').length).toBe(0);
    part(el, 'compose-rich-toggle').click();
    await until(() => el.shadowRoot?.querySelector('[data-testid="compose-body"]'));
    expect(part<HTMLTextAreaElement>(el, 'compose-body').value).toContain('Hola mundo');
  });
});
