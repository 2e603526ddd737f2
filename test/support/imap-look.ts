// What a user's mailbox really holds, asked over plain IMAP as that user: the check the
// sending and sync tests make against what Buzón says.
import { ImapFlow } from 'imapflow';

export interface ImapTarget {
  host: string;
  imapPort: number;
}

export interface ImapUser {
  user: string;
  pass: string;
}

/** Runs `work` on a fresh connection logged in as `who`, logged out after. */
export async function imapAs<T>(
  server: ImapTarget,
  who: ImapUser,
  work: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = new ImapFlow({
    host: server.host,
    port: server.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: who.user, pass: who.pass },
    logger: false,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Runs `work` with `folder` selected, on a fresh connection logged in as `who`. */
export function withFolder<T>(
  server: ImapTarget,
  who: ImapUser,
  folder: string,
  work: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  return imapAs(server, who, async (client) => {
    const lock = await client.getMailboxLock(folder);
    try {
      return await work(client);
    } finally {
      lock.release();
    }
  });
}

/** Subjects (as the IMAP server decodes them) and flags of every message in a folder. */
export async function messagesIn(
  server: ImapTarget,
  who: ImapUser,
  folder: string,
): Promise<{ subject: string; flags: string[] }[]> {
  return withFolder(server, who, folder, async (client) => {
    const out: { subject: string; flags: string[] }[] = [];
    if (!client.mailbox || client.mailbox.exists === 0) return out;
    for await (const m of client.fetch('1:*', { envelope: true, flags: true }))
      out.push({ subject: m.envelope?.subject ?? '', flags: [...(m.flags ?? [])] });
    return out;
  });
}

/** The flags of the message with `messageId` (no angle brackets) in a folder, lower-cased. */
export async function flagsOf(
  server: ImapTarget,
  who: ImapUser,
  folder: string,
  messageId: string,
): Promise<string[]> {
  return withFolder(server, who, folder, async (client) => {
    const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
    const uid = (uids || [])[0];
    if (uid === undefined) return [];
    const msg = await client.fetchOne(String(uid), { flags: true }, { uid: true });
    return [...((msg && msg.flags) || [])].map((f) => f.toLowerCase());
  });
}

/** The exact bytes of every message in a folder, as a recipient's client would download them. */
export async function sourcesIn(
  server: ImapTarget,
  who: ImapUser,
  folder: string,
): Promise<Uint8Array[]> {
  return withFolder(server, who, folder, async (client) => {
    const out: Uint8Array[] = [];
    if (!client.mailbox || client.mailbox.exists === 0) return out;
    for await (const m of client.fetch('1:*', { source: true }))
      if (m.source) out.push(new Uint8Array(m.source));
    return out;
  });
}
