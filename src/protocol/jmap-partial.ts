// Buzón's JMAP extension for a mailbox that spans several servers (EXTERNAL-2, ADR 0016).
// The user's other IMAP accounts live inside their own JMAP account. While one of those
// servers cannot be reached, a listing of the whole mailbox has two honest answers: fail
// (`serverUnavailable`), or answer without that account and say so. Without this
// capability the proxy fails; with it in `using`:
//
// - Email/query over the whole mailbox, and Mailbox/get when the proxy remembers no
//   folder list of that account, answer without it and name it in `unavailableAccounts`
//   (its id: the id of its top-level folder, and the prefix `<id>-` of its other ids);
// - Email/get and Thread/get name it too when their `state` was made without it: that
//   part of the state means "not listed", and /changes from it answers
//   `cannotCalculateChanges` once the server is back (no news while it is still down), so
//   the client lists again and fetches what it missed.
// - Blob/get answers the blobs of such an account neither in `list` nor in `notFound`,
//   and names it: they are to be asked for again later;
// - Email/set, Email/import and Mailbox/set refuse only the items of such an account,
//   each with the SetError `serverUnavailable`, and apply the rest: a change to be sent
//   again later, never a refusal to show the user.
//
// A client must keep what it holds of an account named (its folders and mail are not
// gone), and must not pair a listing that left an account out with a state that did not.

export const PARTIAL_CAPABILITY = 'urn:buzon:params:jmap:partial';

/** The response property that names the accounts left out. */
export const UNAVAILABLE_ACCOUNTS = 'unavailableAccounts';

/** The accounts a response names as left out ([] when none, or from another server). */
export function unavailableAccountsOf(response: unknown): string[] {
  if (typeof response !== 'object' || response === null) return [];
  const value = (response as Record<string, unknown>)[UNAVAILABLE_ACCOUNTS];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Whether `id` (a folder's or a message's) belongs to one of `accounts`. */
export function belongsTo(id: string, accounts: readonly string[]): boolean {
  return accounts.some((a) => id === a || id.startsWith(`${a}-`));
}
