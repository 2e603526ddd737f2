// What the user reads about sync: conflicts and failures in plain, localised text.
import { msg, str } from '@lit/localize';
import type { Conflict } from '../store/sync/server-types.js';
import { MethodCallError, OfflineError, ServerError, SignedOutError } from './jmap-client.js';
import { tlsRefusalText } from '../state/tls-refusal.js';

function quoted(label: string): string {
  return label ? `“${label}”` : msg('a message', { id: 'sync.aMessage' });
}

/** One notice per conflict: what was not applied and why; the view already shows the truth. */
export function describeConflict(c: Conflict): string {
  const what = quoted(c.label);
  switch (c.kind) {
    case 'deleted-elsewhere':
      return msg(str`Your change to ${what} was not applied: it was deleted on another device.`, {
        id: 'sync.conflict.deleted',
      });
    case 'moved-elsewhere':
      return msg(
        str`${what} was not moved: another device had already moved it. It stays where that device put it.`,
        { id: 'sync.conflict.moved' },
      );
    case 'folder-gone':
      return msg(str`Your change to the folder ${what} was not applied: the folder is gone.`, {
        id: 'sync.conflict.folderGone',
      });
    case 'not-delivered': {
      const who = c.detail ?? '';
      return msg(str`${what} was sent, but not delivered to: ${who}.`, {
        id: 'sync.conflict.notDelivered',
      });
    }
    case 'refused': {
      const why = c.detail ?? '';
      return msg(
        str`The server refused your change to ${what} (${why}). The view shows the server's version again.`,
        {
          id: 'sync.conflict.refused',
        },
      );
    }
  }
}

export function describeSyncError(err: unknown): string {
  if (err instanceof SignedOutError) {
    return msg('The mail server wants you to sign in again. Your changes are kept until then.', {
      id: 'sync.error.signedOut',
    });
  }
  if (err instanceof OfflineError) {
    return msg('You are offline. Changes are kept and sent when the network is back.', {
      id: 'sync.error.offline',
    });
  }
  if (err instanceof ServerError || err instanceof MethodCallError) {
    // ADR 0033: a TLS refusal after sign-in is named (nothing was sent); retried all the same,
    // since the operator may fix the server.
    const tls = err.type === undefined ? null : tlsRefusalText(err.type);
    if (tls !== null) {
      return msg(str`${tls} Buzón tries again by itself.`, { id: 'sync.error.tls' });
    }
    const detail = err.message;
    return msg(str`The mail server could not sync (${detail}). Buzón tries again by itself.`, {
      id: 'sync.error.server',
    });
  }
  const detail = err instanceof Error ? err.message : String(err);
  return msg(str`Sync failed (${detail}). Buzón tries again by itself.`, {
    id: 'sync.error.other',
  });
}

/** EXTERNAL-2: a pass synced everything but other accounts whose servers are down. */
export function unreachableAccountsMessage(names: readonly string[]): string {
  const list = names.join(', ');
  return msg(
    str`Up to date, except ${list}: its server cannot be reached. What you have of it stays, and syncs when it is back.`,
    { id: 'sync.unreachable' },
  );
}

export function otherAccountMessage(): string {
  return msg(
    'This browser is signed in to another account on the server. Sign in again to sync this one.',
    {
      id: 'sync.error.otherAccount',
    },
  );
}

export function bodyOfflineMessage(): string {
  return msg('This message has not been downloaded yet. It will be when you are back online.', {
    id: 'sync.bodyOffline',
  });
}
