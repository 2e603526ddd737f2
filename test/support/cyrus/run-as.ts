// Which account the test Cyrus runs as. Cyrus's master, started as root, drops to
// `cyrus_user` before it starts anything, and every file it touches must belong to that
// account. The Debian `cyrus` user does not exist here (the packages are unpacked, not
// installed), so under root the unprivileged `mail` user is used, as for the test Dovecot's
// mail processes. Not as root, Cyrus accepts only the current user as its cyrus_user.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface CyrusRunAs {
  user: string;
  group: string;
  uid: number;
  gid: number;
  /** Whether files must be chowned to uid/gid (we are root and they are not). */
  chown: boolean;
}

export class CyrusRunAsError extends Error {
  override name = 'CyrusRunAsError';
}

function table(path: string): string[][] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => line.split(':'));
  } catch {
    return [];
  }
}

function groupName(gid: number): string | undefined {
  return table('/etc/group').find((fields) => Number(fields[2]) === gid)?.[0];
}

// Debian's base system has `mail` for mail spools; nobody/nogroup is the fallback.
const ROOT_CANDIDATES = ['mail', 'nobody'] as const;

export function resolveCyrusRunAs(): CyrusRunAs {
  const uid = process.getuid?.() ?? -1;
  const gid = process.getgid?.() ?? -1;
  if (uid !== 0) {
    const group = groupName(gid);
    if (!group)
      throw new CyrusRunAsError(
        `no name for group ${gid} in /etc/group; Cyrus needs one for cyrus_group`,
      );
    return { user: os.userInfo().username, group, uid, gid, chown: false };
  }
  for (const name of ROOT_CANDIDATES) {
    const row = table('/etc/passwd').find((fields) => fields[0] === name);
    if (!row) continue;
    const entry = { uid: Number(row[2]), gid: Number(row[3]) };
    const group = groupName(entry.gid);
    if (entry.uid !== 0 && entry.gid !== 0 && group)
      return { user: name, group, ...entry, chown: true };
  }
  throw new CyrusRunAsError(
    `running as root, the test Cyrus needs an unprivileged user (${ROOT_CANDIDATES.join(', ')}); none was found in /etc/passwd`,
  );
}
