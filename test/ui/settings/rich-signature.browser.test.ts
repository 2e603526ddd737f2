// SEND-16: a rich signature in Settings, in real Chromium — the identity form's "Rich"
// choice loads the composer's editor, keeps pasted images inside the signature as data:
// URLs (refusing heavy ones in a sentence), keeps the plain signature as its text, and a
// saved rich signature reopens rich. The list shows its text only, never the HTML, which
// comes back from the server. The identity service is the in-memory double.
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { BzRichEditor } from '../../../src/ui/compose/rich/bz-rich-editor.js';
import { deepAll, must, until } from '../harness.js';
import {
  FakeIdentities,
  SIGN_IN,
  find,
  identity,
  inRow,
  mount,
  part,
  row,
  settled,
  unmount,
} from './support/identities-double.js';

afterEach(unmount);

/** A small logo, as a screenshot tool would put it on the clipboard. */
async function logoPng(): Promise<Uint8Array> {
  const canvas = document.createElement('canvas');
  canvas.width = 120;
  canvas.height = 40;
  const g = must(canvas.getContext('2d'));
  g.fillStyle = '#1f4e79';
  g.fillRect(0, 0, 120, 40);
  g.fillStyle = '#ffffff';
  g.font = 'bold 20px sans-serif';
  g.fillText('Buzón', 28, 27);
  const blob = must(await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png')));
  return new Uint8Array(await blob.arrayBuffer());
}

/** Bytes that are not worth compressing: the size of a photo, in a .jpg file. */
function photoBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size; at += 65_536) crypto.getRandomValues(bytes.subarray(at, at + 65_536));
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
}

const base64 = (bytes: Uint8Array): string =>
  btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));

async function openForm(el: HTMLElement, address: string): Promise<void> {
  must(inRow(row(el, address), 'identity-edit')).click();
  await until(() => find(el, 'identity-form'));
}

/** The form's rich editor, once loaded and mounted. */
const richEditor = (el: HTMLElement): Promise<BzRichEditor> =>
  until(() => {
    const editor = find<BzRichEditor>(el, 'signature-rich-editor');
    return editor && find(el, 'rich-body') ? editor : undefined;
  });

/** Clicks into the editor, as a user does, and types at the end of what is there. */
async function typeAtEnd(el: HTMLElement, keys: string): Promise<void> {
  await userEvent.click(part(el, 'rich-body'));
  await userEvent.keyboard(`{Control>}{End}{/Control}${keys}`);
}

/** Pastes files into the editor the way the browser does for a copied picture. */
function paste(el: HTMLElement, files: File[]): void {
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  part(el, 'rich-body').dispatchEvent(
    new ClipboardEvent('paste', {
      clipboardData: dt,
      bubbles: true,
      cancelable: true,
      composed: true,
    }),
  );
}

describe('rich signatures in Settings (SEND-16)', () => {
  it('SEND-16 Rich: bold text and a pasted image are saved as HTML with a data: image, and the plain signature is its text', async () => {
    const service = new FakeIdentities();
    const { el } = await mount(service);
    await settled(service, el);
    await openForm(el, SIGN_IN);
    await userEvent.fill(part(el, 'identity-signature'), 'Ana Pérez');
    await userEvent.click(part(el, 'signature-rich'));
    const editor = await richEditor(el);
    expect(editor.editor.getHTML()).toBe('<p>Ana Pérez</p>');
    expect(part(el, 'signature-size').textContent).toMatch(
      /up to 100 KB each.*up to 200,000 characters/s,
    );
    await typeAtEnd(el, '{Enter}{Control>}b{/Control}Buzón S.L.');
    const png = await logoPng();
    paste(el, [new File([png as BlobPart], 'logo.png', { type: 'image/png' })]);
    await until(() => editor.listImages().length === 1);
    expect(find(el, 'signature-error')).toBeUndefined();
    part(el, 'identity-save').click();
    await until(() => !find(el, 'identity-form'));
    expect(service.calls).toEqual([`update id-${SIGN_IN}`]);
    const saved = must(service.inputs[0]);
    expect(saved.htmlSignature).toContain('<p>Ana Pérez</p>');
    expect(saved.htmlSignature).toContain('<strong>Buzón S.L.</strong>');
    expect(saved.htmlSignature).toContain(`src="data:image/png;base64,${base64(png)}"`);
    expect(saved.signature).toBe('Ana Pérez\n\nBuzón S.L.');
    // The list shows the text's first line, as text.
    expect(inRow(row(el, SIGN_IN), 'identity-preview')?.textContent).toBe('Ana Pérez');
    expect(must(inRow(row(el, SIGN_IN), 'identity-preview')).children).toHaveLength(0);
    expect(deepAll('img', row(el, SIGN_IN))).toEqual([]);
  });

  it('SEND-16 an image over 100 KB is refused in a sentence, and one that would take the signature over the server’s limit too', async () => {
    const service = new FakeIdentities();
    const { el } = await mount(service);
    await settled(service, el);
    await openForm(el, SIGN_IN);
    await userEvent.click(part(el, 'signature-rich'));
    const editor = await richEditor(el);
    await typeAtEnd(el, 'Ana');
    const photo = (name: string, kb: number) =>
      new File([photoBytes(kb * 1024) as BlobPart], name, { type: 'image/jpeg' });
    paste(el, [photo('foto de verano.jpg', 350)]);
    const error = await until(() => find(el, 'signature-error'));
    expect(error.textContent?.trim()).toBe(
      '“foto de verano.jpg” is 350 KB: an image in a signature can be at most 100 KB. Use a smaller one.',
    );
    expect(editor.listImages()).toEqual([]);
    // Two images under 100 KB each, but together over 200,000 characters as data: URLs.
    paste(el, [photo('uno.jpg', 90)]);
    await until(() => editor.listImages().length === 1);
    expect(find(el, 'signature-error')).toBeUndefined();
    paste(el, [photo('dos.jpg', 90)]);
    const total = await until(() => find(el, 'signature-error'));
    expect(total.textContent).toMatch(
      /^\s*The signature takes 2\d\d,\d{3} characters; the server keeps at most 200,000\. Remove an image or use a smaller one\.\s*$/,
    );
    expect(editor.listImages()).toHaveLength(1);
    part(el, 'identity-save').click();
    await until(() => !find(el, 'identity-form'));
    const saved = must(service.inputs[0]);
    expect(saved.htmlSignature.length).toBeLessThanOrEqual(200_000);
    expect(saved.htmlSignature.match(/data:image\/jpeg;base64,/g)).toHaveLength(1);
    expect(saved.signature).toBe('Ana');
  });

  it('SEND-16 a saved rich signature reopens rich; its HTML from the server shows only through the editor', async () => {
    const service = new FakeIdentities();
    const png = await logoPng();
    service.list_.push(
      identity('ana+shop@buzon.test', {
        signature: 'Ana — Compras\nBuzón S.L.',
        htmlSignature:
          '<p><strong>Ana — Compras</strong><br>Buzón S.L.</p>' +
          `<p><img src="data:image/png;base64,${base64(png)}" alt=""></p>` +
          '<img src="x" onerror="window.signatureRan = true"><script>window.signatureRan = true</script>',
      }),
    );
    const { el } = await mount(service);
    await settled(service, el);
    const shop = row(el, 'ana+shop@buzon.test');
    expect(inRow(shop, 'identity-preview')?.textContent).toBe('Ana — Compras');
    expect(must(inRow(shop, 'identity-preview')).children).toHaveLength(0);
    expect(deepAll('img, script', must(el.shadowRoot))).toEqual([]);
    await openForm(el, 'ana+shop@buzon.test');
    const editor = await richEditor(el);
    expect(part<HTMLInputElement>(el, 'signature-rich').checked).toBe(true);
    expect(part<HTMLInputElement>(el, 'signature-plain').checked).toBe(false);
    expect(find(el, 'identity-signature')).toBeUndefined();
    expect(editor.editor.getHTML()).toContain('<strong>Ana — Compras</strong>');
    expect(editor.listImages().map((i) => i.src)).toEqual([`data:image/png;base64,${base64(png)}`]);
    expect(deepAll('script, [onerror]', must(el.shadowRoot))).toEqual([]);
    expect((window as { signatureRan?: boolean }).signatureRan).toBeUndefined();
    part(el, 'identity-save').click();
    await until(() => !find(el, 'identity-form'));
    const saved = must(service.inputs[0]);
    expect(saved.htmlSignature).toContain('<strong>Ana — Compras</strong><br>Buzón S.L.');
    expect(saved.htmlSignature).not.toMatch(/onerror|script|src="x"/);
    expect(saved.signature).toBe('Ana — Compras\nBuzón S.L.');
    await openForm(el, 'ana+shop@buzon.test');
    await richEditor(el);
    expect(part<HTMLInputElement>(el, 'signature-rich').checked).toBe(true);
  });

  it('SEND-16 switching a rich signature to Plain text keeps its words and saves no HTML', async () => {
    const service = new FakeIdentities();
    service.list_.push(
      identity('ana+shop@buzon.test', {
        signature: 'Ana\nCompras',
        htmlSignature: '<p><em>Ana</em><br>Compras</p>',
      }),
    );
    const { el } = await mount(service);
    await settled(service, el);
    await openForm(el, 'ana+shop@buzon.test');
    await richEditor(el);
    await userEvent.click(part(el, 'signature-plain'));
    const text = await until(() => find<HTMLTextAreaElement>(el, 'identity-signature'));
    expect(text.value).toBe('Ana\nCompras');
    expect(deepAll('bz-signature-field', must(el.shadowRoot))[0]?.shadowRoot?.textContent).toMatch(
      /Saved as plain text, the signature loses its formatting and images\./,
    );
    part(el, 'identity-save').click();
    await until(() => !find(el, 'identity-form'));
    expect(service.inputs).toEqual([
      { name: '', replyTo: [], bcc: [], signature: 'Ana\nCompras', htmlSignature: '' },
    ]);
  });
});
