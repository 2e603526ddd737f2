// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// TEMPLATE-1…3 through real peers: a template saved in an account lands in the server's
// Templates folder (created when the server has none), a message started from it is
// filled in for its recipient from the address book and leaves the template as it was,
// and a reply can start from one — through the proxy, an SMTP server and Dovecot.
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putContact } from '../../src/store/repos/contacts.js';
import type { ComposeService } from '../../src/state/types.js';
import { imapAs } from '../support/imap-look.js';
import type { Device } from './support/device.js';
import {
  BOB,
  composerFor,
  FROM,
  RIG_START_TIMEOUT_MS,
  startSendingRig,
  type SendingRig,
} from './support/sending-rig.js';
import { ALICE } from '../proxy/support/jmap-account.js';
import { bodyOf } from '../support/bodies.js';

const TEST_TIMEOUT_MS = 30_000;

let rig: SendingRig;

beforeAll(async () => {
  rig = await startSendingRig({ name: 'templates' });
}, RIG_START_TIMEOUT_MS);

afterAll(async () => {
  await rig?.stop();
});

const device = () => rig.device();
const composer = (d: Device): ComposeService => composerFor(d);

/** Subjects in a folder of Alice's, as her IMAP client sees them ([] when it does not exist). */
async function aliceFolder(name: string): Promise<string[]> {
  return imapAs(rig.dovecot, ALICE, async (client) => {
    const exists = (await client.list()).some((m) => m.path === name);
    if (!exists) return [];
    const lock = await client.getMailboxLock(name);
    try {
      if (!client.mailbox || client.mailbox.exists === 0) return [];
      const out: string[] = [];
      for await (const m of client.fetch('1:*', { envelope: true }))
        out.push(m.envelope?.subject ?? '');
      return out;
    } finally {
      lock.release();
    }
  });
}

async function bobsCopy(subject: string) {
  return (await rig.bobsMail()).find((m) => m.parsed.subject === subject)?.parsed;
}

describe('issue 4 templates through real peers', () => {
  it(
    'TEMPLATE-1 TEMPLATE-2 TEMPLATE-3 a template reaches the server’s Templates folder; a message from it is filled in for José and the template stays as it was',
    async () => {
      expect(await aliceFolder('Templates')).toEqual([]);
      const d = await device();
      const c = composer(d);
      await putContact(d.db, {
        id: 'c-jose',
        firstName: 'José',
        lastName: 'Ñúñez',
        organization: '',
        title: '',
        emails: [{ address: 'jose@example.org', label: 'work' }],
        phones: [],
        addresses: [],
        birthday: null,
        urls: [],
        notes: '',
        tags: [],
        updatedAt: 0,
      });
      const templateId = await c.saveTemplate(FROM, {
        to: [],
        cc: [],
        bcc: [],
        subject: 'Confirmación de pedido',
        text: 'Hola {{nombre}},\n\nconfirmamos tu pedido.\n',
        attachments: [
          {
            filename: 'condiciones.txt',
            type: 'text/plain',
            bytes: new TextEncoder().encode('OK'),
          },
        ],
      });
      expect(await c.listTemplates()).toEqual([
        {
          id: templateId,
          subject: 'Confirmación de pedido',
          preview: expect.any(String),
          // Kept by a filter that answers with it, to find it after sync changes its id.
          messageId: expect.stringMatching(/@buzon\.test$/),
        },
      ]);
      const before = await bodyOf(d.db, templateId);
      expect(await d.engine.sync()).toBe('done');
      expect(await aliceFolder('Templates')).toEqual(['Confirmación de pedido']);

      const [stored] = await c.listTemplates();
      const { draft, from } = await c.useTemplate(stored?.id ?? '');
      expect(from?.address).toBe(ALICE.user);
      expect(draft.attachments?.map((a) => a.filename)).toEqual(['condiciones.txt']);
      // Edited as a message: a recipient (a contact) and another line.
      await c.send(FROM, {
        ...draft,
        to: [{ name: '', address: 'bob@buzon.test' }],
        text: `${draft.text}Llegará el lunes.\n`,
      });
      await c.send(FROM, {
        ...draft,
        subject: 'Confirmación de pedido (José)',
        to: [{ name: 'Pepe', address: 'jose@example.org' }],
      });
      expect(await d.engine.sync()).toBe('done');
      const toBob = await bobsCopy('Confirmación de pedido');
      // Bob is no contact and his address came without a name: the greeting goes without one.
      expect(toBob?.text?.replace(/\r\n/g, '\n')).toBe(
        'Hola,\n\nconfirmamos tu pedido.\nLlegará el lunes.\n',
      );
      expect(toBob?.attachments.map((a) => a.filename)).toEqual(['condiciones.txt']);
      const toJose = rig.sink.submissions.find((sub) => sub.rcptTo.includes('jose@example.org'));
      const jose = await PostalMime.parse(new Uint8Array(toJose?.raw ?? []));
      expect(jose.text?.startsWith('Hola José,')).toBe(true);
      // The template is what it was: same bytes, still one in Templates.
      const [again] = await c.listTemplates();
      expect(again?.subject).toBe('Confirmación de pedido');
      const after = await bodyOf(d.db, again?.id ?? '');
      expect(after?.byteLength).toBe(before?.byteLength);
      expect(await aliceFolder('Templates')).toEqual(['Confirmación de pedido']);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'TEMPLATE-3 a reply started from a template: the template’s text above the quote, threaded, with its attachment',
    async () => {
      const id = `question-${Date.now()}@buzon.test`;
      await rig.dovecot.deliver(
        ALICE.user,
        [
          `From: Bob Peña <${BOB.user}>`,
          `To: ${ALICE.user}`,
          'Subject: ¿Tenéis catálogo?',
          `Message-ID: <${id}>`,
          'Date: Mon, 02 Mar 2026 09:00:00 +0100',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Quería ver el catálogo.',
          '',
        ].join('\r\n'),
      );
      const d = await device();
      const c = composer(d);
      const templateId = await c.saveTemplate(FROM, {
        to: [],
        cc: [],
        bcc: [],
        subject: 'Catálogo',
        text: 'Hola {{firstName}}, te adjunto el catálogo.\n',
        attachments: [
          { filename: 'catálogo.pdf', type: 'application/pdf', bytes: new Uint8Array([37, 80]) },
        ],
      });
      const row = (await d.db.emails.toArray()).find((e) => e.messageId === id);
      const opened = await d.services.reader.openMessage(row?.id ?? '');
      if (!('summary' in opened.parsed)) throw new Error('did not parse');
      const { draft } = await c.useTemplate(templateId, {
        id: row?.id ?? '',
        parsed: opened.parsed,
      });
      expect(draft.subject).toBe('Re: ¿Tenéis catálogo?');
      expect(draft.inReplyTo).toBe(id);
      expect(draft.text).toMatch(
        /^Hola \{\{firstName\}\}, te adjunto el catálogo\.\n[\s\S]*> Quería ver el catálogo\./,
      );
      await c.send(FROM, draft);
      expect(await d.engine.sync()).toBe('done');
      const got = await bobsCopy('Re: ¿Tenéis catálogo?');
      expect(got?.text?.startsWith('Hola Bob, te adjunto el catálogo.')).toBe(true);
      expect(got?.inReplyTo).toBe(`<${id}>`);
      expect(got?.attachments.map((a) => a.filename)).toEqual(['catálogo.pdf']);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
});
