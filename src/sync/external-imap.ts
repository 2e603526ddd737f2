// EXTERNAL-2, browser side: the proxy's API for the user's other IMAP accounts
// (/imap-accounts, ADR 0016). The password crosses this module only inside the add and
// change bodies and never comes back. The folders of those accounts arrive through the
// ordinary JMAP sync (top-level folders named by address); this is only the list.
import type { Subscribable } from '../state/observable.js';
import { ValueSubject } from '../state/subscribable.js';
import type {
  ExternalImapAccount,
  ExternalImapAccountChange,
  ExternalImapAccountInput,
  ExternalImapService,
  ExternalImapSetup,
  ProviderInfo,
} from '../state/types.js';
import { createJsonCall, type JsonApiOptions } from './json-api.js';

const PATH = '/imap-accounts';

/** The proxy refused (problem details): `code` is the last part of its `type`. */
export class ExternalImapError extends Error {
  override name = 'ExternalImapError';
  constructor(
    readonly code: string,
    readonly status: number,
    detail: string,
  ) {
    super(detail);
  }
}

/** Where the proxy is and how to reach it. */
export type ExternalImapServiceOptions = JsonApiOptions;

interface WireSetup {
  accounts: ExternalImapAccount[];
  providers: { id: string; name: string; custom?: boolean }[];
  passwordsSurviveRestart: boolean;
}

export function createExternalImapService(
  opts: ExternalImapServiceOptions = {},
): ExternalImapService {
  const setup = new ValueSubject<ExternalImapSetup | null>(null);

  const call = createJsonCall(
    opts,
    (code, status, detail) => new ExternalImapError(code, status, detail),
    'You are offline: IMAP accounts need the network.',
  );

  async function load(): Promise<ExternalImapSetup> {
    const wire = await call<WireSetup>('GET', PATH);
    const providers: ProviderInfo[] = wire.providers.map((p) => ({
      id: p.id,
      name: p.name,
      custom: p.custom === true,
    }));
    const next = {
      accounts: wire.accounts,
      providers,
      passwordsSurviveRestart: wire.passwordsSurviveRestart,
    };
    setup.set(next);
    return next;
  }

  /** After a change: the list as the proxy now has it; a failed reread leaves the old one. */
  const refresh = () => load().catch(() => undefined);

  return {
    load,
    observe: (): Subscribable<ExternalImapSetup | null> => setup,

    async add(input: ExternalImapAccountInput): Promise<ExternalImapAccount> {
      const { account } = await call<{ account: ExternalImapAccount }>('POST', PATH, input);
      await refresh();
      return account;
    },

    async update(id: string, change: ExternalImapAccountChange): Promise<ExternalImapAccount> {
      const { account } = await call<{ account: ExternalImapAccount }>('POST', `${PATH}/update`, {
        ...change,
        id,
      });
      await refresh();
      return account;
    },

    async remove(id: string): Promise<void> {
      await call('POST', `${PATH}/delete`, { id });
      await refresh();
    },
  };
}
