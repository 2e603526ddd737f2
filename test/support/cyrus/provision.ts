// Creates the test users' mailboxes in a fresh Cyrus over plain IMAP: the admin creates each
// user's INBOX (Cyrus has no user until then), then each user creates the special-use
// folders with CREATE … (USE …) (RFC 6154), which is what gives them JMAP roles. A few
// tagged commands, so a hand-written exchange over LineConnection is enough.
import { LineConnection } from '../dovecot/line-connection.js';

export class CyrusProvisionError extends Error {
  override name = 'CyrusProvisionError';
}

export interface ImapTarget {
  host: string;
  port: number;
}

export interface SpecialFolder {
  name: string;
  /** The RFC 6154 attribute, e.g. \Drafts; Cyrus maps it to the JMAP role. */
  use: string;
}

/** The same folders the test Dovecot auto-creates. */
export const DEFAULT_FOLDERS: readonly SpecialFolder[] = [
  { name: 'Drafts', use: '\\Drafts' },
  { name: 'Sent', use: '\\Sent' },
  { name: 'Trash', use: '\\Trash' },
  { name: 'Junk', use: '\\Junk' },
  { name: 'Archive', use: '\\Archive' },
];

/** An IMAP quoted string (RFC 9051 §4.3); only printable ASCII, which is all the tests use. */
export function imapQuoted(value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value)) {
    throw new CyrusProvisionError(
      `${JSON.stringify(value)} cannot be sent as an IMAP quoted string`,
    );
  }
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

class ImapSession {
  #counter = 0;
  constructor(readonly conn: LineConnection) {}

  /** Sends one command and reads up to its tagged reply; anything but OK throws. */
  async run(command: string, what: string): Promise<string[]> {
    const tag = `b${++this.#counter}`;
    this.conn.writeLine(`${tag} ${command}`);
    const lines: string[] = [];
    for (;;) {
      const line = await this.conn.readLine();
      if (!line.startsWith(`${tag} `)) {
        lines.push(line);
        continue;
      }
      if (!line.startsWith(`${tag} OK`))
        throw new CyrusProvisionError(`${what} refused: ${line.slice(tag.length + 1)}`);
      return lines;
    }
  }
}

async function asUser(
  target: ImapTarget,
  user: string,
  pass: string,
  work: (session: ImapSession) => Promise<void>,
): Promise<void> {
  const conn = await LineConnection.open(target.host, target.port);
  try {
    const greeting = await conn.readLine();
    if (!greeting.startsWith('* OK'))
      throw new CyrusProvisionError(`unexpected IMAP greeting: ${greeting}`);
    const session = new ImapSession(conn);
    await session.run(`LOGIN ${imapQuoted(user)} ${imapQuoted(pass)}`, `LOGIN as ${user}`);
    await work(session);
    await session.run('LOGOUT', 'LOGOUT').catch(() => undefined);
  } finally {
    conn.close();
  }
}

/**
 * The admin's name for a user's INBOX under virtdomains: user/alice@buzon.test. (A folder
 * below it would be user/alice/Sent@buzon.test, which is why users create their own.)
 */
const inboxOf = (user: string): string => `user/${user}`;

export async function provisionMailboxes(
  target: ImapTarget,
  admin: { user: string; pass: string },
  users: readonly { user: string; pass: string }[],
  folders: readonly SpecialFolder[] = DEFAULT_FOLDERS,
): Promise<void> {
  await asUser(target, admin.user, admin.pass, async (session) => {
    for (const { user } of users)
      await session.run(`CREATE ${imapQuoted(inboxOf(user))}`, `creating ${user}`);
  });
  for (const { user, pass } of users) {
    await asUser(target, user, pass, async (session) => {
      for (const folder of folders) {
        await session.run(
          `CREATE ${imapQuoted(folder.name)} (USE (${folder.use}))`,
          `creating ${folder.name} for ${user}`,
        );
      }
    });
  }
}
