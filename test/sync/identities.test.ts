// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// SEND-7, SEND-16 end to end in Node: the identity service against the real proxy and
// Dovecot (identities kept on the server, cached for offline), and what a recipient gets
// when the compose service sends as one — its address, Reply-To, automatic Bcc — with the
// operator's mandatory signature appended, through an SMTP server delivering to Dovecot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityService } from '../../src/sync/identity-service.js';
import { IdentityRefusedError } from '../../src/state/identity-types.js';
import { ALICE } from '../proxy/support/jmap-account.js';
import {
  BOB,
  composerFor,
  RIG_START_TIMEOUT_MS,
  startSendingRig,
  type SendingRig,
} from './support/sending-rig.js';

const TEST_TIMEOUT_MS = 30_000;
const MANDATORY = 'Buzón S.L. — Este mensaje y sus adjuntos son confidenciales.';
const PLUS = ALICE.user.replace('@', '+compras@');
/** A 1×1 PNG: a rich signature's logo travels inside the identity as a data: URL. */
const LOGO =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

let rig: SendingRig;
let serial = 0;

beforeAll(async () => {
  // The test device signs in to provider "test": that one carries the operator's signature.
  rig = await startSendingRig({ name: 'identities', provider: { mandatorySignature: MANDATORY } });
}, RIG_START_TIMEOUT_MS);

afterAll(async () => {
  await rig?.stop();
});

const device = () => rig.device();

describe('issue 4 identities and signatures through real peers', () => {
  it(
    'SEND-7 SEND-16 sent as a plus-address identity: Bob sees its name, Reply-To and the server’s signature; the automatic Bcc gets a copy',
    async () => {
      const d = await device();
      const identities = createIdentityService({
        db: d.db,
        client: d.client,
        username: ALICE.user,
      });
      expect(await identities.canEdit()).toBe(true);
      await identities.create(PLUS, {
        name: 'Alice — Compras',
        replyTo: [{ name: 'Compras', address: 'compras@example.org' }],
        bcc: [{ name: '', address: 'archivo@example.org' }],
        signature: 'Alice Muñoz\nCompras',
        htmlSignature: '',
      });
      const listed = await identities.list();
      const plus = listed.find((i) => i.address === PLUS);
      expect(plus?.signature).toBe('Alice Muñoz\nCompras');
      await identities.makeDefault(plus?.id ?? '');
      expect((await identities.list())[0]?.address).toBe(PLUS);
      expect(await identities.mandatorySignature()).toBe(MANDATORY);

      // Offline, the composer still has them.
      d.setOffline(true);
      expect((await identities.list()).map((i) => i.address)).toEqual([PLUS, ALICE.user]);
      await expect(identities.remove(plus?.id ?? '')).rejects.toBeInstanceOf(IdentityRefusedError);
      d.setOffline(false);

      const compose = composerFor(d, {
        identities: () => identities.list(),
        mandatorySignature: () => identities.mandatorySignature(),
      });
      const subject = `Pedido ${++serial} de material`;
      await compose.send(
        { name: 'Alice — Compras', address: PLUS },
        {
          to: [{ name: 'Bob Peña', address: BOB.user }],
          cc: [],
          bcc: [],
          subject,
          text: 'Hola Bob,\n\nnecesitamos 20 sillas.\n\n-- \nAlice Muñoz\nCompras\n',
        },
      );
      expect(await d.engine.sync()).toBe('done');
      const got = (await rig.bobsMail()).find((m) => m.parsed.subject === subject)?.parsed;
      expect(got?.from).toEqual({ name: 'Alice — Compras', address: PLUS });
      expect(got?.replyTo).toEqual([{ name: 'Compras', address: 'compras@example.org' }]);
      expect(got?.text?.replace(/\r\n/g, '\n')).toBe(
        `Hola Bob,\n\nnecesitamos 20 sillas.\n\n-- \nAlice Muñoz\nCompras\n\n${MANDATORY}\n`,
      );
      // The Bcc went as an envelope recipient only: no header tells Bob.
      expect(got?.headers.some((h) => h.key === 'bcc')).toBe(false);
      const submission = rig.sink.submissions.find((s) => s.raw.toString('utf8').includes(subject));
      expect(submission?.rcptTo.sort()).toEqual(['archivo@example.org', BOB.user].sort());
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-16 a rich signature with a data: image round-trips through Identity/set and reaches another device',
    async () => {
      const d = await device();
      const identities = createIdentityService({
        db: d.db,
        client: d.client,
        username: ALICE.user,
      });
      const address = ALICE.user.replace('@', '+firma@');
      const html =
        '<p><strong>Alice Muñoz</strong><br>Compras — Buzón S.L.</p>' +
        `<p><img src="${LOGO}" alt=""></p>`;
      await identities.create(address, {
        name: 'Alice',
        replyTo: [],
        bcc: [],
        signature: 'Alice Muñoz\nCompras — Buzón S.L.',
        htmlSignature: html,
      });
      const mine = (await identities.list()).find((i) => i.address === address);
      expect(mine?.htmlSignature).toBe(html);
      expect(mine?.signature).toBe('Alice Muñoz\nCompras — Buzón S.L.');

      // Another device (its own, empty cache) gets it from the server, and offline still has it.
      const other = await device();
      const there = createIdentityService({
        db: other.db,
        client: other.client,
        username: ALICE.user,
      });
      await there.refresh();
      other.setOffline(true);
      const seen = (await there.list()).find((i) => i.address === address);
      expect(seen?.htmlSignature).toBe(html);
      other.setOffline(false);

      // Back to plain text: the HTML goes on the server too.
      await there.update(seen?.id ?? '', {
        name: 'Alice',
        replyTo: [],
        bcc: [],
        signature: 'Alice',
        htmlSignature: '',
      });
      await identities.refresh();
      const plain = (await identities.list()).find((i) => i.address === address);
      expect(plain).toMatchObject({ signature: 'Alice', htmlSignature: '' });
      await identities.remove(plain?.id ?? '');
      other.close();
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-7 another person’s address is refused as an identity, with the server’s reason',
    async () => {
      const d = await device();
      const identities = createIdentityService({
        db: d.db,
        client: d.client,
        username: ALICE.user,
      });
      const made = identities.create(BOB.user, {
        name: 'Bob',
        replyTo: [],
        bcc: [],
        signature: '',
        htmlSignature: '',
      });
      await expect(made).rejects.toMatchObject({ kind: 'forbiddenFrom' });
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
});
