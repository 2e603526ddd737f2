// CONTACTS-5 in the browser: the server's contact lists (SharedList/get, SharedList/set,
// ADR 0034) for the ContactService. Loaded with the address book, never at start-up. Every
// failure becomes a SharedListError whose message is for the user: no network → 'offline',
// the server's SetError → 'forbidden' / 'notFound' / 'invalid', anything else → 'unavailable'.
import type { Session } from '../protocol/jmap-core.js';
import { LISTS_CAPABILITY } from '../protocol/jmap-lists.js';
import type {
  SharedListCreate,
  SharedListGetResponse,
  SharedListSetResponse,
  SharedListUpdate,
} from '../protocol/jmap-lists.js';
import { MAIL_CAPABILITY } from '../protocol/jmap-mail.js';
import { SharedListError } from '../state/contact-types.js';
import type { SharedListFailure, SharedListSource } from '../state/contact-types.js';
import { sharedListError } from '../state/shared-list-errors.js';
import { OfflineError } from './jmap-client.js';
import type { JmapClient } from './jmap-client.js';

/** The creation id of the one list a SharedList/set creates. */
const CREATION_ID = 'list';

type SetError = { type: string; description?: string; properties?: string[] };

/** The user's own account that keeps the lists (the proxy serves them there only), or null. */
export function listsAccountOf(session: Session): string | null {
  if (session.capabilities[LISTS_CAPABILITY] === undefined) return null;
  const personal = Object.entries(session.accounts ?? {}).find(
    ([, a]) => a.isPersonal && a.accountCapabilities[LISTS_CAPABILITY] !== undefined,
  );
  return personal?.[0] ?? session.primaryAccounts[MAIL_CAPABILITY] ?? null;
}

/** Whether the server keeps shared lists: its Session names the capability. */
export async function sharedListsOffered(client: JmapClient): Promise<boolean> {
  return listsAccountOf(await client.session()) !== null;
}

function reasonOf(type: string): SharedListFailure {
  switch (type) {
    case 'forbidden':
      return 'forbidden';
    case 'notFound':
      return 'notFound';
    case 'invalidProperties':
      return 'invalid';
    default:
      return 'unavailable';
  }
}

/** The thrown error as the ContactService expects it; the server's words kept as detail. */
function asListError(err: unknown): SharedListError {
  if (err instanceof SharedListError) return err;
  if (err instanceof OfflineError) return sharedListError('offline');
  return sharedListError('unavailable', err instanceof Error ? err.message : String(err));
}

function refusal(error: SetError | undefined): SharedListError | null {
  if (!error) return null;
  const detail = [error.description, error.properties?.join(', ')].filter(Boolean).join(': ');
  return sharedListError(reasonOf(error.type), detail || undefined);
}

/**
 * The SharedListSource over the proxy. `accountId` is the user's own account; by default
 * the one the Session names for the capability.
 */
export function createSharedListSource(client: JmapClient, accountId?: string): SharedListSource {
  async function account(): Promise<string> {
    if (accountId !== undefined) return accountId;
    const id = listsAccountOf(await client.session());
    if (id === null) throw sharedListError('unavailable');
    return id;
  }

  async function set(args: Record<string, unknown>): Promise<SharedListSetResponse> {
    return client.call<SharedListSetResponse>(
      'SharedList/set',
      { accountId: await account(), ...args },
      undefined,
      [LISTS_CAPABILITY],
    );
  }

  /** Runs `work`, turning every failure into a SharedListError. */
  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw asListError(err);
    }
  }

  return {
    get: () =>
      guarded(async () => {
        const got = await client.call<SharedListGetResponse>(
          'SharedList/get',
          { accountId: await account() },
          undefined,
          [LISTS_CAPABILITY],
        );
        return got.list;
      }),

    create: (input: SharedListCreate) =>
      guarded(async () => {
        const result = await set({ create: { [CREATION_ID]: input } });
        const refused = refusal(result.notCreated?.[CREATION_ID]);
        if (refused) throw refused;
        const created = result.created?.[CREATION_ID];
        if (!created) throw sharedListError('unavailable');
        return created;
      }),

    update: (id: string, patch: SharedListUpdate) =>
      guarded(async () => {
        const result = await set({ update: { [id]: patch } });
        const refused = refusal(result.notUpdated?.[id]);
        if (refused) throw refused;
        const updated = result.updated?.[id];
        if (!updated) throw sharedListError('unavailable');
        return updated;
      }),

    destroy: (id: string) =>
      guarded(async () => {
        const result = await set({ destroy: [id] });
        const refused = refusal(result.notDestroyed?.[id]);
        if (refused) throw refused;
      }),
  };
}
