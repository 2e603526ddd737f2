// Raw IMAP commands through imapflow, for what it has no helper for (ACL, RFC 4314;
// METADATA). imapflow's `exec` is internal and untyped, so this narrow view names only what
// is used. The one rule: a successful command's response must be released with `next()`,
// or imapflow's reader stays parked and the next command on the connection hangs. A NO or
// BAD rejects and needs no release.
import type { ImapFlow } from 'imapflow';

/** One parsed token of an untagged response, as imapflow's parser hands it over. */
export interface ImapToken {
  type: string;
  value?: unknown;
}

export interface UntaggedResponse {
  command: string;
  attributes: ImapToken[];
}

type UntaggedHandler = (untagged: UntaggedResponse) => void | Promise<void>;

interface RawExec {
  exec(
    command: string,
    attributes: ImapToken[],
    options?: { untagged?: Record<string, UntaggedHandler> },
  ): Promise<{ next: () => void }>;
}

/** An IMAP string argument: quoted or literal as imapflow decides, so any name is safe. */
export const imapString = (value: string): ImapToken => ({ type: 'STRING', value });
export const imapAtom = (value: string): ImapToken => ({ type: 'ATOM', value });

/**
 * Runs one command and collects the untagged responses named in `collect` (upper case,
 * e.g. 'ACL', 'MYRIGHTS'). Rejects with imapflow's error on NO or BAD.
 */
export async function execRaw(
  client: ImapFlow,
  command: string,
  args: ImapToken[],
  collect: readonly string[] = [],
): Promise<UntaggedResponse[]> {
  const seen: UntaggedResponse[] = [];
  const untagged: Record<string, UntaggedHandler> = {};
  for (const name of collect) untagged[name] = (response) => void seen.push(response);
  const raw = client as unknown as RawExec;
  const response = await raw.exec(command, args, { untagged });
  response.next();
  return seen;
}

/** The string values of an untagged response's tokens, e.g. ['INBOX', 'bob', 'lr', …]. */
export function tokenStrings(untagged: UntaggedResponse): string[] {
  return untagged.attributes.map((token) => (typeof token.value === 'string' ? token.value : String(token.value)));
}
