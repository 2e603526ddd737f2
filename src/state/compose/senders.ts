// SEND-7, SEND-16 for the compose service: who the user may send as (the server's
// identities, cached for offline use, else the account's own address) and the text the
// server requires at the end of every message. Building, sending, drafts and replies all
// ask these, so they live apart from each.
import type { MailAddress, ParsedMessage } from '../../mail/types.js';
import type { SenderIdentity } from '../identity-types.js';
import type { ComposeService } from '../types.js';

export interface SenderDeps {
  /** The signed-in account's address; null for the local mailbox (which cannot send). */
  account: { username: string } | null;
  /** SEND-7: the sender identities (the default first), cached for offline use. */
  identities?: () => Promise<SenderIdentity[]>;
  /** SEND-16: the text the server requires at the end of every message; null: none. */
  mandatorySignature?: () => Promise<string | null>;
}

export interface Senders extends Pick<ComposeService, 'senders' | 'requiredSignature'> {
  /** SEND-7: the identity `from` is (its reply-to and automatic Bcc go with it). */
  identityOf(from: MailAddress): Promise<SenderIdentity | undefined>;
  /** The user's identity a saved message was written from, else the default one. */
  senderOf(parsed: ParsedMessage): Promise<MailAddress | null>;
}

export function senderMethods(d: SenderDeps): Senders {
  async function senders(): Promise<SenderIdentity[]> {
    const fromServer = (await d.identities?.().catch(() => [])) ?? [];
    if (fromServer.length > 0) return fromServer;
    if (!d.account) return [];
    const own: SenderIdentity = {
      id: null,
      name: '',
      address: d.account.username,
      replyTo: [],
      bcc: [],
      signature: '',
      htmlSignature: '',
      isDefault: true,
      mayDelete: false,
    };
    return [own];
  }

  return {
    senders,
    async identityOf(from) {
      const all = await senders();
      const same = (i: SenderIdentity) => i.address.toLowerCase() === from.address.toLowerCase();
      return all.find((i) => same(i) && i.name === from.name) ?? all.find(same);
    },
    async senderOf(parsed) {
      const own = await senders();
      const address = parsed.summary.from[0]?.address.toLowerCase();
      return own.find((o) => o.address.toLowerCase() === address) ?? own[0] ?? null;
    },
    /** SEND-16: the operator's signature, or null (none, or not known offline). */
    requiredSignature: async () => (await d.mandatorySignature?.().catch(() => null)) ?? null,
  };
}
