// SEND-3, SEND-4, SEND-5, SEND-16: the rich-text editor in real Chromium — typing and
// shortcuts, the toolbar, links (javascript: refused), inline images sent as cid:, hostile
// pasted HTML, quotes and signatures — checked on the HTML and the plain text it hands
// to the composer. The element is loaded with import(), as the composer loads it.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { BzRichEditor } from '../../../src/ui/compose/rich/bz-rich-editor.js';
import type { BzRichInputEvent } from '../../../src/ui/compose/rich/bz-rich-input.js';
import { quoteHtml, signatureHtml } from '../../../src/ui/compose/rich/quote.js';

beforeAll(async () => {
  await import('../../../src/ui/compose/rich/bz-rich-editor.js');
});

const hosts: HTMLElement[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.remove();
});

/** The light theme's custom properties, as index.html sets them on :root. */
const THEME =
  '--bz-bg:#ffffff;--bz-fg:#1b1f24;--bz-muted:#5b6570;--bz-border:#d5dae0;--bz-hover:#eef3f8;' +
  '--bz-accent:#1f4e79;--bz-on-accent:#ffffff;--bz-focus:#2f7bd8;--bz-danger:#c0262d;--bz-button-bg:#f6f8fa;' +
  'display:block;width:720px;font:15px system-ui,sans-serif;padding:8px;background:#fff';

/** Mounts the editor inside a shadow root, as the composer holds it. */
async function mount(props: { html?: string; placeholder?: string } = {}) {
  const host = document.createElement('div');
  host.style.cssText = THEME;
  document.body.append(host);
  hosts.push(host);
  const root = host.attachShadow({ mode: 'open' });
  const el = document.createElement('bz-rich-editor');
  Object.assign(el, props);
  const inputs: BzRichInputEvent[] = [];
  el.addEventListener('bz-rich-input', (e) => inputs.push(e));
  root.append(el);
  await el.updateComplete;
  await el.updateComplete;
  return { el, inputs, root };
}

const shadow = (el: BzRichEditor) => el.shadowRoot ?? document;
const part = <E extends Element = HTMLElement>(el: BzRichEditor, id: string): E => {
  const found = shadow(el).querySelector<E>(`[data-testid="${id}"]`);
  if (!found) throw new Error(`no ${id}`);
  return found;
};
const body = (el: BzRichEditor) => part(el, 'rich-body');

async function typeInto(el: BzRichEditor, keys: string): Promise<void> {
  await userEvent.click(body(el));
  await userEvent.keyboard(keys);
  await el.updateComplete;
}

const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

async function logoBlobUrl(): Promise<string> {
  const canvas = document.createElement('canvas');
  canvas.width = 140;
  canvas.height = 44;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('no 2d context');
  g.fillStyle = '#1f4e79';
  g.fillRect(0, 0, 140, 44);
  g.fillStyle = '#ffffff';
  g.font = 'bold 22px sans-serif';
  g.fillText('Buzón', 34, 30);
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
  if (!blob) throw new Error('no blob');
  return URL.createObjectURL(blob);
}

describe('bz-rich-editor (SEND-3, SEND-4, SEND-16)', () => {
  it('SEND-3 typing and Ctrl+B gives <strong>, and the Bold button says it is on', async () => {
    const { el, inputs } = await mount();
    await typeInto(el, 'Hola {Control>}b{/Control}mundo');
    expect(el.editor.getHTML()).toBe('<p>Hola <strong>mundo</strong></p>');
    expect(part(el, 'rich-bold').getAttribute('aria-pressed')).toBe('true');
    await userEvent.keyboard('{Control>}b{/Control}{Control>}i{/Control} y más');
    expect(el.editor.getHTML()).toBe('<p>Hola <strong>mundo</strong><em> y más</em></p>');
    expect(inputs.at(-1)?.text).toBe('Hola mundo y más');
    await userEvent.keyboard('{Control>}i{/Control}{Control>}u{/Control}!');
    expect(el.editor.getHTML()).toBe('<p>Hola <strong>mundo</strong><em> y más</em><u>!</u></p>');
  });

  it('SEND-3 every toolbar control has a name, toggles say their state, and arrow keys move along', async () => {
    const { el } = await mount();
    const toolbar = shadow(el).querySelector('[role="toolbar"]');
    expect(toolbar?.getAttribute('aria-label')).toBe('Formatting');
    const controls = [...(toolbar?.querySelectorAll('button, select, input') ?? [])];
    expect(controls.length).toBeGreaterThan(15);
    for (const c of controls) expect(c.getAttribute('aria-label'), c.outerHTML).toBeTruthy();
    const toggles = controls.filter((c) => c.hasAttribute('aria-pressed'));
    expect(toggles.map((c) => c.getAttribute('aria-label'))).toEqual([
      'Bold',
      'Italic',
      'Underline',
      'Strikethrough',
      'Align left',
      'Centre',
      'Align right',
      'Justify',
      'Bulleted list',
      'Numbered list',
      'Quote',
      'Link',
    ]);
    part(el, 'rich-bold').focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(shadow(el).activeElement?.getAttribute('aria-label')).toBe('Italic');
    await userEvent.keyboard('{End}');
    // Undo and Redo are disabled with no history, so End lands on the last enabled control.
    expect(shadow(el).activeElement?.getAttribute('aria-label')).toBe('Clear formatting');
    await userEvent.keyboard('{Home}');
    expect(shadow(el).activeElement?.getAttribute('aria-label')).toBe('Font');
  });

  it('SEND-3 the toolbar sets a colour, a font, a size, an alignment and a list', async () => {
    const { el, inputs } = await mount();
    await typeInto(el, 'Importante{Control>}a{/Control}');
    const color = part<HTMLInputElement>(el, 'rich-color');
    color.value = '#c00000';
    color.dispatchEvent(new Event('change', { bubbles: true }));
    const font = part<HTMLSelectElement>(el, 'rich-font');
    font.value = 'Georgia, serif';
    font.dispatchEvent(new Event('change', { bubbles: true }));
    await userEvent.selectOptions(part(el, 'rich-size'), 'large');
    await userEvent.click(part(el, 'rich-align-center'));
    await el.updateComplete;
    expect(part(el, 'rich-align-center').getAttribute('aria-pressed')).toBe('true');
    expect(part(el, 'rich-align-left').getAttribute('aria-pressed')).toBe('false');
    await userEvent.click(part(el, 'rich-bullet-list'));
    // The controls show the state of the text under the cursor.
    el.editor.commands.focus('start');
    await el.updateComplete;
    expect(part(el, 'rich-bullet-list').getAttribute('aria-pressed')).toBe('true');
    expect(part(el, 'rich-align-center').getAttribute('aria-pressed')).toBe('true');
    const out = el.editor.getHTML();
    // The editor keeps an empty paragraph after a list, so the cursor can leave it.
    expect(out).toMatch(
      /^<ul><li><p style="text-align: center;?"><span style="[^"]+">Importante<\/span><\/p><\/li><\/ul><p><\/p>$/,
    );
    const span = new DOMParser().parseFromString(out, 'text/html').querySelector('span');
    expect(span?.style.color).toBe('rgb(192, 0, 0)');
    expect(span?.style.fontFamily).toBe('Georgia, serif');
    expect(span?.style.fontSize).toBe('18px');
    expect(inputs.at(-1)?.text).toBe('- Importante');
    expect(part<HTMLSelectElement>(el, 'rich-font').value).toBe('Georgia, serif');
    expect(part<HTMLSelectElement>(el, 'rich-size').value).toBe('large');
  });

  it('SEND-3 a link is set from the toolbar; javascript: is refused with a message', async () => {
    const { el, inputs } = await mount({ html: '<p>Ver la agenda</p>' });
    await userEvent.click(body(el));
    await userEvent.keyboard('{End}{Shift>}{Control>}{ArrowLeft}{/Control}{/Shift}');
    await userEvent.click(part(el, 'rich-link'));
    await el.updateComplete;
    const input = part<HTMLInputElement>(el, 'rich-link-input');
    await userEvent.fill(input, 'javascript:alert(document.cookie)');
    await userEvent.keyboard('{Enter}');
    await el.updateComplete;
    expect(part(el, 'rich-link-error').textContent).toMatch(/http, https\) and mailto:/);
    expect(el.editor.getHTML()).not.toContain('href');
    await userEvent.fill(input, 'buzon.example/agenda');
    await userEvent.keyboard('{Enter}');
    await el.updateComplete;
    expect(shadow(el).querySelector('[data-testid="rich-link-form"]')).toBeNull();
    expect(el.editor.getHTML()).toMatch(
      /^<p>Ver la <a [^>]*href="https:\/\/buzon\.example\/agenda"[^>]*>agenda<\/a><\/p>$/,
    );
    expect(inputs.at(-1)?.text).toBe('Ver la agenda <https://buzon.example/agenda>');
    // The Link mark refuses a javascript: href from code too.
    el.editor.chain().selectAll().setLink({ href: 'javascript:alert(1)' }).run();
    expect(el.editor.getHTML()).not.toContain('javascript:');
  });

  it('SEND-3 hostile pasted HTML leaves no handler, script or javascript: link, and nothing runs', async () => {
    const { el } = await mount();
    const w = window as unknown as Record<string, unknown>;
    delete w.bzPwned;
    await userEvent.click(body(el));
    const hostile =
      '<p>Hola</p><img src=x onerror="window.bzPwned=1"><script>window.bzPwned=2</script>' +
      '<a href="javascript:window.bzPwned=3">pincha</a> <a href="https://ok.example" onclick="window.bzPwned=4">bien</a>' +
      '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name=p></form>' +
      '<img src="https://tracker.example/p.gif"><p style="background:url(https://evil.example/x)" onmouseover="window.bzPwned=5">fin</p>';
    const dt = new DataTransfer();
    dt.setData('text/html', hostile);
    dt.setData('text/plain', 'Hola pincha bien fin');
    body(el).dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
    );
    await new Promise((r) => setTimeout(r, 100));
    const out = el.editor.getHTML();
    expect(out).toContain('pincha');
    expect(out).toContain('href="https://ok.example"');
    expect(out).not.toMatch(/\son\w+=/i);
    expect(out).not.toMatch(
      /<script|<iframe|<form|<input|javascript:|tracker\.example|evil\.example/i,
    );
    // The live editor DOM is just as clean, and nothing ran.
    const live = body(el);
    expect(
      live.querySelectorAll('script, iframe, form, [onerror], [onclick], [onmouseover]').length,
    ).toBe(0);
    expect(w.bzPwned).toBeUndefined();
  });

  it('SEND-4 an inserted image shows its blob: URL and is sent as cid:', async () => {
    const { el } = await mount({ html: '<p>Logo:</p>' });
    el.editor.commands.focus('end');
    const src = await logoBlobUrl();
    el.insertImage({ src, alt: 'Logo de Buzón', contentId: 'logo.1@buzon.example' });
    await el.updateComplete;
    expect(body(el).querySelector('img')?.getAttribute('src')).toBe(src);
    expect(el.editor.getHTML()).toContain(`src="${src}"`);
    expect(el.getHtmlForSending()).toBe(
      '<p>Logo:<img src="cid:logo.1@buzon.example" alt="Logo de Buzón" data-content-id="logo.1@buzon.example"></p>',
    );
    expect(el.listImages()).toEqual([
      { src, alt: 'Logo de Buzón', contentId: 'logo.1@buzon.example' },
    ]);
    // A reopened draft names its images by cid: and gets fresh blob: URLs for them.
    const { el: reopened } = await mount({ html: el.getHtmlForSending() });
    reopened.setImageSources((cid) => (cid === 'logo.1@buzon.example' ? src : null));
    expect(reopened.editor.getHTML()).toContain(`src="${src}"`);
    URL.revokeObjectURL(src);
  });

  it('SEND-4 pasted or dropped image files go to the composer as bz-rich-image-files, not into the HTML', async () => {
    const { el, root } = await mount();
    const got: File[][] = [];
    const reachedComposer: string[] = [];
    el.addEventListener('bz-rich-image-files', (e) => got.push([...e.files]));
    root.addEventListener('paste', () => reachedComposer.push('paste'));
    root.addEventListener('drop', () => reachedComposer.push('drop'));
    const png = Uint8Array.from(atob(PNG_1PX), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([png], 'captura.png', { type: 'image/png' }));
    await userEvent.click(body(el));
    body(el).dispatchEvent(
      new ClipboardEvent('paste', {
        clipboardData: dt,
        bubbles: true,
        cancelable: true,
        composed: true,
      }),
    );
    const r = body(el).getBoundingClientRect();
    body(el).dispatchEvent(
      new DragEvent('drop', {
        dataTransfer: dt,
        bubbles: true,
        cancelable: true,
        clientX: r.left + 20,
        clientY: r.top + 10,
      }),
    );
    expect(got.map((files) => files.map((f) => f.name))).toEqual([
      ['captura.png'],
      ['captura.png'],
    ]);
    expect(reachedComposer).toEqual([]);
    expect(el.editor.getHTML()).toBe('<p></p>');
  });

  it('SEND-3 bz-rich-input carries the HTML and its faithful plain text', async () => {
    const { el, inputs } = await mount();
    await typeInto(
      el,
      'Hola Ana,{Enter}La lista:{Enter}- uno{Enter}dos{Enter}{Enter}Un saludo{Shift>}{Enter}{/Shift}Luis',
    );
    const last = inputs.at(-1);
    expect(last?.html).toBe(el.editor.getHTML());
    expect(last?.html).toBe(
      '<p>Hola Ana,</p><p>La lista:</p><ul><li><p>uno</p></li><li><p>dos</p></li></ul><p>Un saludo<br>Luis</p><p></p>',
    );
    expect(last?.text).toBe('Hola Ana,\n\nLa lista:\n\n- uno\n- dos\n\nUn saludo\nLuis');
  });

  it('SEND-16 a rich signature with an image goes in at the cursor; its separator survives in the text', async () => {
    const { el, inputs } = await mount({ html: '<p>Cuerpo</p>' });
    el.editor.commands.focus('end');
    el.insertHtmlAtCursor(
      signatureHtml('Luis Pérez\nBuzón & Cía') +
        `<p><img src="data:image/png;base64,${PNG_1PX}" alt="firma" onload="window.bzPwned=6"></p>`,
    );
    const out = el.editor.getHTML();
    expect(out).toContain('Luis Pérez<br>Buzón &amp; Cía');
    expect(out).toContain(`src="data:image/png;base64,${PNG_1PX}"`);
    expect(out).not.toContain('onload');
    expect(inputs.at(-1)?.text).toBe('Cuerpo\n\n-- \nLuis Pérez\nBuzón & Cía\n\n[firma]');
    // Its data: image becomes a part of its own when the composer gives it a Content-ID.
    el.setImageContentIds((src) => (src.startsWith('data:') ? 'firma.1@buzon.example' : null));
    expect(el.getHtmlForSending()).toContain('<img src="cid:firma.1@buzon.example" alt="firma"');
  });

  it('SEND-5 a quoted HTML original is sanitized and kept as <blockquote type="cite">', async () => {
    const original =
      '<html><head><style>p{color:red}</style></head><body><p onclick="x()">¿Nos vemos <b>el lunes</b>?</p>' +
      '<script>alert(1)</script><img src="https://tracker.example/p.gif" alt=""><a href="javascript:x()">aquí</a></body></html>';
    const html = quoteHtml(
      { kind: 'html', html: original },
      'El 3 de marzo, Ana <ana@buzon.example> escribió:',
    );
    const { el, inputs } = await mount({ html: `<p></p>${html}` });
    const out = el.editor.getHTML();
    expect(out).toBe(
      '<p></p><p>El 3 de marzo, Ana &lt;ana@buzon.example&gt; escribió:</p>' +
        '<blockquote type="cite"><p>¿Nos vemos <strong>el lunes</strong>?</p><p>aquí</p></blockquote><p></p>',
    );
    el.editor.commands.focus('start');
    await userEvent.keyboard('De acuerdo.');
    expect(inputs.at(-1)?.text).toBe(
      'De acuerdo.\n\nEl 3 de marzo, Ana <ana@buzon.example> escribió:\n\n> ¿Nos vemos el lunes?\n>\n> aquí',
    );
    const plain = quoteHtml(
      { kind: 'text', text: '<b>no es HTML</b>\nsegunda línea' },
      'Ana escribió:',
    );
    expect(plain).toBe(
      '<p>Ana escribió:</p><blockquote type="cite"><p>&#60;b&#62;no es HTML&#60;/b&#62;<br>segunda línea</p></blockquote>',
    );
  });

  it('SEND-3 a screenshot of the editor with formatting, a list, a quote, a link and an image', async () => {
    await page.viewport(900, 700);
    const src = await logoBlobUrl();
    const { el } = await mount({
      placeholder: 'Escribe tu mensaje',
      html:
        '<p>Hola <strong>Ana</strong>, te paso la <a href="https://buzon.example/agenda">agenda</a> de la <em>reunión</em>:</p>' +
        '<ul><li><p><span style="color: #c00000">Presupuesto</span></p></li><li><p><u>Calendario</u></p></li></ul>' +
        '<p style="text-align: center"><span style="font-family: Georgia, serif; font-size: 18px">Importante</span></p>' +
        `<blockquote type="cite"><p>¿Nos vemos el lunes?</p></blockquote><p><img src="${src}" alt="Logo" data-content-id="logo@b"></p>`,
    });
    el.editor.commands.setTextSelection({ from: 1, to: 5 });
    el.editor.commands.focus();
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 200));
    const path = await page.screenshot({
      element: el,
      path: '../../../test-output/rich-editor.png',
    });
    expect(path).toMatch(/rich-editor\.png$/);
    URL.revokeObjectURL(src);
  });
});
