// The sending tests' world: a real Dovecot, an SMTP server that delivers to it over LMTP,
// and Buzón's proxy in front (providers as each test file needs), plus what those tests
// keep asking — a fresh synced device, a compose service whose messages leave at the next
// sync, and what Bob's mailbox holds.
import PostalMime from 'postal-mime';
import type { Email } from 'postal-mime';
import { expect } from 'vitest';
import { createInlineParser } from '../../../src/mail/parse.js';
import type { ComposeDeps } from '../../../src/state/compose-service.js';
import { createComposeService, UNDO_SEND_MS } from '../../../src/state/compose-service.js';
import type { ComposeService } from '../../../src/state/types.js';
import type { ProviderConfig } from '../../../src/proxy/config/types.js';
import { startDovecot, type DovecotInstance } from '../../support/dovecot/index.js';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from '../../support/smtp-sink.js';
import { sourcesIn } from '../../support/imap-look.js';
import { dovecotProvider, startBuzon, type RunningBuzon } from '../../proxy/support/buzon.js';
import type { JmapAccount } from '../../proxy/support/jmap-account.js';
import { ALICE } from '../../proxy/support/jmap-account.js';
import { openDevice, type Device } from './device.js';

/** Dovecot, the SMTP server and the proxy start in a few seconds; this bounds a cold run. */
export const RIG_START_TIMEOUT_MS = 30_000;
export const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };
export const FROM = { name: 'Alice Muñoz', address: ALICE.user };
/** The operator's notice account (SEND-15 download notices) on the SMTP server. */
export const NOTICES = { user: 'notices@example.org', pass: 'notice-secret' };

export interface SendingRig {
  dovecot: DovecotInstance;
  sink: SmtpSink;
  buzon: RunningBuzon;
  /** A new device signed in as Alice, synced once (its own database). */
  device(): Promise<Device>;
  /** Bob's INBOX, parsed as a recipient's client would (postal-mime). */
  bobsMail(): Promise<{ raw: Uint8Array; parsed: Email }[]>;
  stop(): Promise<void>;
}

export async function startSendingRig(opts: {
  /** Changes to the test provider (gateways, a mandatory signature). */
  provider?: Partial<ProviderConfig>;
  sink?: Partial<Pick<SmtpSinkOptions, 'maxSize'>>;
  /** SEND-15: a link store (and the SMTP server as its notice server, as NOTICES). */
  links?: { dataDir: string };
  name: string;
}): Promise<SendingRig> {
  const dovecot = await startDovecot();
  const sink = await startSmtpSink({
    users: [...dovecot.users, NOTICES],
    lmtp: { host: dovecot.host, port: dovecot.lmtpPort },
    ...opts.sink,
  });
  const buzon = await startBuzon({
    providers: [{ ...dovecotProvider(dovecot, sink), ...opts.provider }],
    ...(opts.links
      ? {
          links: {
            dataDir: opts.links.dataDir,
            days: 7,
            notice: {
              endpoint: { host: sink.host, port: sink.port, tls: 'none' as const },
              ...NOTICES,
              from: NOTICES.user,
            },
          },
        }
      : {}),
  });
  let serial = 0;
  return {
    dovecot,
    sink,
    buzon,
    async device() {
      serial++;
      const d = await openDevice({ buzon } as unknown as JmapAccount, {
        name: `buzon-account-${opts.name}-${serial}`,
      });
      expect(await d.engine.sync()).toBe('done');
      return d;
    },
    async bobsMail() {
      const raws = await sourcesIn(dovecot, BOB, 'INBOX');
      return Promise.all(raws.map(async (raw) => ({ raw, parsed: await PostalMime.parse(raw) })));
    },
    async stop() {
      await buzon.stop();
      await sink.stop();
      await dovecot.stop();
    },
  };
}

/** A compose service for `d` whose messages are past their undo window at once. */
export function composerFor(d: Device, extra: Partial<ComposeDeps> = {}): ComposeService {
  return createComposeService({
    db: d.db,
    account: { username: ALICE.user },
    parser: createInlineParser(),
    now: () => Date.now() - UNDO_SEND_MS - 1,
    ...extra,
  });
}
