// Which system users the test Dovecot's processes run as. Dovecot refuses two things as
// root: a login process running as root ("This process must not be run as root") and mail
// access as uid 0 or gid 0 ("Mail access not allowed for root"). So under root the mail
// processes get an unprivileged uid that owns the temp mail folder, the login processes
// get the unprivileged login user, and only the internal services stay root. Not as root,
// everything runs as the current user, which Dovecot allows when all users share that uid.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface RunAs {
  /** default_internal_user / default_internal_group: auth, config, log, stats, anvil. */
  internalUser: string;
  internalGroup: string;
  /** default_login_user: the pre-login processes that parse untrusted input. */
  loginUser: string;
  /** mail_uid / mail_gid: every process that touches a mailbox (imap, pop3, lmtp, sieve). */
  mailUid: number;
  mailGid: number;
}

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
}

function readTable(path: string): string[][] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => line.split(':'));
  } catch {
    return [];
  }
}

function findUser(name: string): PasswdEntry | undefined {
  const row = readTable('/etc/passwd').find((fields) => fields[0] === name);
  if (!row) return undefined;
  return { name, uid: Number(row[2]), gid: Number(row[3]) };
}

function groupName(gid: number): string {
  const row = readTable('/etc/group').find((fields) => Number(fields[2]) === gid);
  return row?.[0] ?? String(gid);
}

/** First user of the list that exists on this machine. */
function firstUser(names: readonly string[]): PasswdEntry | undefined {
  for (const name of names) {
    const entry = findUser(name);
    if (entry && entry.uid !== 0 && entry.gid !== 0) return entry;
  }
  return undefined;
}

// Debian's dovecot-core creates dovenull for login processes; nobody exists everywhere.
const LOGIN_USER_CANDIDATES = ['dovenull', 'nobody'] as const;
// Debian's base system has the `mail` user for mail spools; nobody is the fallback.
const MAIL_USER_CANDIDATES = ['mail', 'nobody'] as const;

export class RunAsError extends Error {
  override name = 'RunAsError';
}

export function resolveRunAs(): RunAs {
  const uid = process.getuid?.() ?? -1;
  const gid = process.getgid?.() ?? -1;
  if (uid !== 0) {
    const me = os.userInfo().username;
    const group = groupName(gid);
    return { internalUser: me, internalGroup: group, loginUser: me, mailUid: uid, mailGid: gid };
  }
  const login = firstUser(LOGIN_USER_CANDIDATES);
  const mail = firstUser(MAIL_USER_CANDIDATES);
  if (!login || !mail) {
    throw new RunAsError(
      `running as root, the test Dovecot needs an unprivileged user for logins (${LOGIN_USER_CANDIDATES.join(', ')}) ` +
        `and one for mail (${MAIL_USER_CANDIDATES.join(', ')}); none was found in /etc/passwd`,
    );
  }
  return { internalUser: 'root', internalGroup: 'root', loginUser: login.name, mailUid: mail.uid, mailGid: mail.gid };
}
