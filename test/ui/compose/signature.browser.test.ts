// SEND-7, SEND-16 in the composer, in real Chromium: the default identity chosen, its
// signature put in (bottom, or above the quote when set so), "Add signature" off taking
// out exactly that block, another sender swapping it, Insert signature at the cursor, and
// the server's own signature shown as text. Settings are the real service over a fresh
// IndexedDB; the ComposeService is the recording fake.
import { ContextProvider } from '@lit/context';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { composeServiceContext, settingsServiceContext } from '../../../src/state/context.js';
import { createSettingsService } from '../../../src/state/settings-service.js';
import { openDb } from '../../../src/store/db.js';
import type { BuzonDb } from '../../../src/store/db.js';
import type { DraftInput, SettingsService } from '../../../src/state/types.js';
import '../../../src/ui/compose/bz-composer.js';
import type { BzComposer } from '../../../src/ui/compose/bz-composer.js';
import { deep, must, until } from '../harness.js';
import { ANA, ANA_WORK, FakeCompose, identity } from './support/fake-compose.js';

let host: HTMLElement | undefined;
let db: BuzonDb | undefined;
afterEach(async () => {
  host?.remove();
  host = undefined;
  await new Promise((r) => setTimeout(r, 50));
  db?.close();
});

const PERSONAL = 'Ana Pérez\nTel. 600 11 22 33';
const WORK = 'Ana Pérez — Compras\nBuzón S.L.';

function fake(): FakeCompose {
  const compose = new FakeCompose();
  compose.senderList = [
    identity(ANA, { signature: PERSONAL }),
    identity(ANA_WORK, { signature: WORK, isDefault: true }),
  ];
  return compose;
}

async function mount(
  compose: FakeCompose,
  draft: DraftInput | null = null,
  settings: Partial<{ autoSignature: boolean; signaturePlacement: 'bottom' | 'cursor' }> = {},
): Promise<{ el: BzComposer; settings: SettingsService }> {
  db = await openDb(`bz-signature-${crypto.randomUUID()}`);
  const service = createSettingsService(db);
  await service.updateSettings(settings);
  host = document.createElement('div');
  new ContextProvider(host, { context: composeServiceContext, initialValue: compose });
  new ContextProvider(host, { context: settingsServiceContext, initialValue: service });
  document.body.append(host);
  const el = document.createElement('bz-composer');
  host.append(el);
  await el.updateComplete;
  await el.open(draft);
  await until(() => el.shadowRoot?.querySelectorAll('#from option').length);
  await el.updateComplete;
  return { el, settings: service };
}

const part = <E extends Element = HTMLElement>(el: Element, id: string): E =>
  deep<E>(`[data-testid="${id}"]`, must(el.shadowRoot));
const body = (el: BzComposer) => part<HTMLTextAreaElement>(el, 'compose-body').value;

describe('signatures in the composer (SEND-16)', () => {
  it('SEND-7 SEND-16 a new message starts from the default identity with its signature at the bottom', async () => {
    const { el } = await mount(fake());
    expect(
      part<HTMLSelectElement>(el, 'compose-from').selectedOptions[0]?.textContent?.trim(),
    ).toBe('"Ana (trabajo)" <ana@work.test>');
    await until(() => body(el).includes('Compras'));
    expect(body(el)).toBe(`\n\n-- \n${WORK}\n`);
  });

  it('SEND-16 "Add signature" off takes out only the signature; another sender swaps it in', async () => {
    const compose = fake();
    const { el } = await mount(compose);
    await until(() => body(el).includes('Compras'));
    const text = part<HTMLTextAreaElement>(el, 'compose-body');
    await userEvent.click(text);
    text.setSelectionRange(0, 0);
    await userEvent.keyboard('Hola equipo,');
    part<HTMLInputElement>(el, 'compose-signature').click();
    await until(() => !body(el).includes('Compras'));
    expect(body(el)).toBe('Hola equipo,');
    part<HTMLInputElement>(el, 'compose-signature').click();
    await until(() => body(el).includes('Compras'));
    await userEvent.selectOptions(part(el, 'compose-from'), '0');
    await until(() => body(el).includes('600 11 22 33'));
    expect(body(el)).toBe(`Hola equipo,\n\n-- \n${PERSONAL}\n`);
    await userEvent.fill(part(el, 'compose-to'), 'bob@buzon.test');
    await userEvent.fill(part(el, 'compose-subject'), 'Pedido');
    part(el, 'compose-send').click();
    await until(() => compose.sent.length === 1);
    expect(compose.sent[0]?.from.address).toBe(ANA.address);
    expect(compose.sent[0]?.draft.text).toBe(`Hola equipo,\n\n-- \n${PERSONAL}\n`);
  });

  it('SEND-16 set to "where the cursor starts", a reply gets the signature above the quote; Insert signature puts one at the cursor', async () => {
    const reply: DraftInput = {
      to: [{ name: 'Bob', address: 'bob@buzon.test' }],
      cc: [],
      bcc: [],
      subject: 'Re: Pedido',
      text: '\n\nEl lunes, Bob escribió:\n> ¿Cuándo llega?\n',
    };
    const { el } = await mount(fake(), reply, { signaturePlacement: 'cursor' });
    await until(() => body(el).includes('Compras'));
    expect(body(el)).toBe(`\n\n-- \n${WORK}\n\n\nEl lunes, Bob escribió:\n> ¿Cuándo llega?\n`);
    part<HTMLInputElement>(el, 'compose-signature').click();
    await until(() => !body(el).includes('Compras'));
    const text = part<HTMLTextAreaElement>(el, 'compose-body');
    text.focus();
    text.setSelectionRange(0, 0);
    part(el, 'compose-insert-signature').click();
    await until(() => body(el).includes('Compras'));
    expect(body(el).startsWith(`\n\n-- \n${WORK}\n`)).toBe(true);
  });

  it('SEND-16 automatic signature off in Settings: none is put in, the button still inserts one', async () => {
    const { el } = await mount(fake(), null, { autoSignature: false });
    expect(body(el)).toBe('');
    expect(part<HTMLInputElement>(el, 'compose-signature').checked).toBe(false);
  });

  it('SEND-16 the server’s own signature is shown under the text, as text', async () => {
    const compose = fake();
    compose.required = 'Buzón S.L. <b>confidencial</b>';
    const { el } = await mount(compose);
    const note = await until(() =>
      el.shadowRoot?.querySelector('[data-testid="compose-required-signature"]'),
    );
    expect(note.textContent).toContain('Buzón S.L. <b>confidencial</b>');
    expect(note.querySelector('b')).toBeNull();
  });
});
