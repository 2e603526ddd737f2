// SEND-7, SEND-16 in the browser: the sender identities through Identity/get|set (RFC 8621
// §6, with Buzón's `isDefault` where the Session's policy capability says so), cached in
// the account's database for offline composing, and the operator's mandatory signature
// from the Session. Loaded on first use (start-up budget).
import { POLICY_CAPABILITY } from '../protocol/jmap-policy.js';
import type { PolicyCapability } from '../protocol/jmap-policy.js';
import type { EmailAddress } from '../protocol/jmap-mail.js';
import { SUBMISSION_CAPABILITY } from '../protocol/jmap-submission.js';
import type { GetResponse, SetResponse } from '../protocol/jmap-methods.js';
import type { MailAddress } from '../mail/types.js';
import { IdentityRefusedError } from '../state/identity-types.js';
import type { IdentityInput, IdentityService, SenderIdentity } from '../state/identity-types.js';
import { mapSubscribable } from '../state/subscribable.js';
import type { BuzonDb } from '../store/db.js';
import type { IdentityRecord } from '../store/records.js';
import { listIdentities, observeIdentities, replaceIdentities } from '../store/repos/identities.js';
import { OfflineError } from './jmap-client.js';
import type { JmapClient } from './jmap-client.js';

/** Identity as the proxy serves it (RFC 8621 §6 plus `isDefault`). */
interface WireIdentity {
  id: string;
  name: string;
  email: string;
  replyTo: EmailAddress[] | null;
  bcc: EmailAddress[] | null;
  textSignature: string;
  /** SEND-16: null from a server that keeps none. */
  htmlSignature?: string | null;
  mayDelete: boolean;
  isDefault?: boolean;
}

const toAddresses = (list: EmailAddress[] | null): MailAddress[] =>
  (list ?? []).map((a) => ({ name: a.name ?? '', address: a.email }));
const toWire = (list: readonly MailAddress[]): EmailAddress[] | null =>
  list.length === 0 ? null : list.map((a) => ({ name: a.name || null, email: a.address }));

function toRecord(w: WireIdentity, order: number, isDefault: boolean): IdentityRecord {
  return {
    id: w.id,
    name: w.name,
    address: w.email,
    replyTo: toAddresses(w.replyTo),
    bcc: toAddresses(w.bcc),
    signature: w.textSignature ?? '',
    htmlSignature: w.htmlSignature ?? '',
    isDefault,
    mayDelete: w.mayDelete,
    order,
  };
}

function toSender(r: IdentityRecord): SenderIdentity {
  return {
    id: r.id,
    name: r.name,
    address: r.address,
    replyTo: r.replyTo,
    bcc: r.bcc,
    signature: r.signature,
    htmlSignature: r.htmlSignature ?? '',
    isDefault: r.isDefault,
    mayDelete: r.mayDelete,
  };
}

export interface IdentityServiceDeps {
  db: BuzonDb;
  client: JmapClient;
  /** The sign-in address: what the composer offers before the server ever answered. */
  username: string;
}

export function createIdentityService(deps: IdentityServiceDeps): IdentityService {
  const { db, client } = deps;
  let refreshing: Promise<void> | null = null;

  async function policy(): Promise<PolicyCapability | null> {
    const session = await client.session();
    return (session.capabilities[POLICY_CAPABILITY] as PolicyCapability | undefined) ?? null;
  }

  async function canSubmit(): Promise<boolean> {
    return SUBMISSION_CAPABILITY in (await client.session()).capabilities;
  }

  async function fetchAll(): Promise<void> {
    if (!(await canSubmit())) return;
    const got = await client.call<GetResponse<WireIdentity>>(
      'Identity/get',
      { accountId: await client.accountId(), ids: null },
      undefined,
      [SUBMISSION_CAPABILITY],
    );
    // Without Buzón's extension (a real JMAP server), the first identity is the default.
    const marked = got.list.some((w) => w.isDefault === true);
    await replaceIdentities(
      db,
      got.list.map((w, i) => toRecord(w, i, marked ? w.isDefault === true : i === 0)),
    );
  }

  function refresh(): Promise<void> {
    refreshing ??= fetchAll().finally(() => (refreshing = null));
    return refreshing;
  }

  /** One Identity/set; a refusal becomes IdentityRefusedError with the server's words. */
  async function set(args: Record<string, unknown>): Promise<void> {
    let res: SetResponse<WireIdentity>;
    try {
      res = await client.call<SetResponse<WireIdentity>>(
        'Identity/set',
        { accountId: await client.accountId(), ...args },
        undefined,
        [SUBMISSION_CAPABILITY],
      );
    } catch (err) {
      if (err instanceof OfflineError)
        throw new IdentityRefusedError('offline', 'Identities can be changed only online.');
      throw err;
    }
    const refused = [
      ...Object.values(res.notCreated ?? {}),
      ...Object.values(res.notUpdated ?? {}),
      ...Object.values(res.notDestroyed ?? {}),
    ][0];
    if (refused) {
      const kind =
        refused.type === 'forbiddenFrom'
          ? 'forbiddenFrom'
          : refused.type === 'invalidProperties'
            ? 'invalid'
            : 'forbidden';
      throw new IdentityRefusedError(kind, refused.description ?? refused.type);
    }
    // A fetch of its own: one already running may have read the list before this write.
    await fetchAll();
  }

  const fields = (input: IdentityInput) => ({
    name: input.name.trim(),
    replyTo: toWire(input.replyTo),
    bcc: toWire(input.bcc),
    textSignature: input.signature,
    htmlSignature: input.htmlSignature,
  });

  return {
    async list() {
      // Known ones at once; a refresh runs behind (offline it simply fails).
      const known = await listIdentities(db);
      const fresh = refresh().catch(() => undefined);
      if (known.length > 0) return known.map(toSender);
      await fresh;
      const now = await listIdentities(db);
      if (now.length > 0) return now.map(toSender);
      const fallback: SenderIdentity = {
        id: null,
        name: '',
        address: deps.username,
        replyTo: [],
        bcc: [],
        signature: '',
        htmlSignature: '',
        isDefault: true,
        mayDelete: false,
      };
      return [fallback];
    },
    observe: () => mapSubscribable(observeIdentities(db), (rows) => rows.map(toSender)),
    refresh,
    async canEdit() {
      return (await canSubmit()) && (await policy())?.identityDefault === true;
    },
    create: (address, input) => set({ create: { n: { email: address, ...fields(input) } } }),
    update: (id, input) => set({ update: { [id]: fields(input) } }),
    makeDefault: (id) => set({ update: { [id]: { isDefault: true } } }),
    remove: (id) => set({ destroy: [id] }),
    async mandatorySignature() {
      try {
        return (await policy())?.mandatorySignature ?? null;
      } catch {
        // Offline before the Session was ever read: the proxy still checks at sending.
        return null;
      }
    },
  };
}
