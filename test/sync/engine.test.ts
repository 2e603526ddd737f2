// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// The sync engine in Node (fake-indexeddb) against the real proxy and a real Dovecot
// (issue 3): bootstrap, incremental /changes, the op queue, recovery, and every conflict
// rule of ARCHITECTURE.md § Sync. "Another device" is a plain IMAP client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import type { Folder } from '../../src/state/types.js';
import { writeState } from '../../src/store/sync/sync-state.js';
import { ALICE, startJmapAccount, type JmapAccount } from '../proxy/support/jmap-account.js';
import { emlFile, first } from '../state/support/services.js';
import { eml } from '../mail/fixtures.js';
import { isUnparseable } from '../../src/mail/types.js';
import { openDevice, type Device } from './support/device.js';
import { bodyOf } from '../support/bodies.js';

const START_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 30_000;

let account: JmapAccount;
let other: ImapFlow;
let serial = 0;

function message(subject: string, from = 'Bob <bob@buzon.test>'): string {
  serial++;
  return [
    `From: ${from}`,
    `To: ${ALICE.user}`,
    `Subject: ${subject}`,
    `Message-ID: <sync-${serial}-${Date.now()}@buzon.test>`,
    'Date: Mon, 02 Mar 2026 09:00:00 +0100',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Body of ${subject}.`,
    '',
  ].join('\r\n');
}

async function folders(d: Device): Promise<Folder[]> {
  return first(d.services.folders.observeFolders());
}

async function folder(d: Device, path: string): Promise<Folder> {
  const f = (await folders(d)).find((x) => x.path === path);
  if (!f)
    throw new Error(`no folder ${path} in ${(await folders(d)).map((x) => x.path).join(', ')}`);
  return f;
}

/** Subjects in a local folder, newest first. */
async function subjects(d: Device, folderId: string): Promise<string[]> {
  const ids = await first(
    d.services.messages.observeMessageIds({
      folderId,
      sort: 'date',
      descending: true,
      unreadOnly: false,
    }),
  );
  return (await d.services.messages.getRows(ids)).map((r) => r.subject).sort();
}

async function rowBySubject(d: Device, subject: string) {
  const all = await d.db.emails.toArray();
  const row = all.find((e) => e.subject === subject);
  if (!row) throw new Error(`no message "${subject}" on the device`);
  return row;
}

/** What the server holds for a subject: folder path and flags. */
async function onServer(subject: string): Promise<{ path: string; flags: string[] } | null> {
  for (const box of await other.list()) {
    if (box.flags.has('\\Noselect')) continue;
    const lock = await other.getMailboxLock(box.path);
    try {
      // A folder kept selected learns of new messages only after a command: ask now.
      await other.noop();
      const uids = await other.search({ header: { subject } }, { uid: true });
      if (uids && uids.length > 0) {
        const msg = await other.fetchOne(String(uids[0]), { flags: true }, { uid: true });
        return { path: box.path, flags: [...((msg && msg.flags) || [])].sort() };
      }
    } finally {
      lock.release();
    }
  }
  return null;
}

async function deliver(subject: string): Promise<void> {
  await account.dovecot.deliver(ALICE.user, message(subject));
}

beforeAll(async () => {
  account = await startJmapAccount();
  other = await account.imapClient();
}, START_TIMEOUT_MS);

afterAll(async () => {
  await account?.stop();
});

describe('issue 3 sync engine against Dovecot through the proxy', () => {
  it(
    'bootstrap: every folder and message appears, newest first, bodies readable offline',
    async () => {
      await other.mailboxCreate('Work');
      await deliver('Boot one');
      await deliver('Boot two');
      await other.append('Work', message('Boot work'), ['\\Seen']);
      const d = await openDevice(account);
      expect(await d.engine.sync()).toBe('done');
      const inbox = await folder(d, 'Inbox');
      expect(await subjects(d, inbox.id)).toEqual(['Boot one', 'Boot two']);
      expect(inbox.unread).toBe(2);
      const work = await folder(d, 'Work');
      expect(await subjects(d, work.id)).toEqual(['Boot work']);
      expect(work.unread).toBe(0);
      const row = await rowBySubject(d, 'Boot one');
      const raw = new TextDecoder().decode(await d.services.reader.getRawMessage(row.id));
      expect(raw).toContain('Body of Boot one.');
      expect(d.engine.status.value.phase).toBe('idle');
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'bootstrap: the folders, the Email state and the listing come in one request; a later pass catches up in one request too',
    async () => {
      await deliver('One request');
      const requests: string[][] = [];
      const d = await openDevice(account, {
        name: 'buzon-account-one-request',
        wrapFetch: (next) => (input, init) => {
          const body = typeof init?.body === 'string' ? init.body : '';
          if (body.startsWith('{')) {
            const calls = (JSON.parse(body) as { methodCalls?: [string][] }).methodCalls ?? [];
            requests.push(calls.map((c) => c[0]));
          }
          return next(input, init);
        },
      });
      expect(await d.engine.sync()).toBe('done');
      expect(requests[0]).toEqual(['Mailbox/get', 'Email/get', 'Email/query']);
      expect(requests.filter((r) => r.includes('Email/query'))).toHaveLength(1);
      expect(await subjects(d, (await folder(d, 'Inbox')).id)).toContain('One request');
      requests.length = 0;
      expect(await d.engine.sync()).toBe('done');
      const catchUp = ['Mailbox/get', 'Email/changes', 'Email/get', 'Email/get'];
      expect(requests[0]).toEqual(catchUp);
      expect(requests.filter((r) => r.includes('Email/changes'))).toHaveLength(1);
      // A delivery and a flag changed by another client: the folders and the changes, one
      // request, and the device shows both.
      await deliver('Caught up');
      await other.mailboxOpen('INBOX');
      await other.messageFlagsAdd({ header: { subject: 'One request' } }, ['\\Flagged']);
      requests.length = 0;
      expect(await d.engine.sync()).toBe('done');
      expect(requests[0]).toEqual(catchUp);
      expect(requests.filter((r) => r.includes('Email/changes'))).toHaveLength(1);
      expect(await subjects(d, (await folder(d, 'Inbox')).id)).toContain('Caught up');
      expect((await rowBySubject(d, 'One request')).keywords['$flagged']).toBe(true);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SHARED-3 a server that suddenly lists no folder at all (a share being withdrawn) wipes nothing here',
    async () => {
      await deliver('Keep me');
      let empty = false;
      const d = await openDevice(account, {
        wrapFetch: (next) => async (input, init) => {
          const res = await next(input, init);
          const body = typeof init?.body === 'string' ? init.body : '';
          if (!empty || !body.includes('Mailbox/get')) return res;
          // The folder list as a server that can no longer see the mailbox answers it.
          const json = (await res.json()) as {
            methodResponses: [string, Record<string, unknown>, string][];
          };
          for (const r of json.methodResponses)
            if (r[0] === 'Mailbox/get')
              Object.assign(r[1], { list: [], state: `${String(r[1]['state'])}-gone` });
          return new Response(JSON.stringify(json), { status: 200, headers: res.headers });
        },
      });
      expect(await d.engine.sync()).toBe('done');
      const before = await d.db.emails.count();
      expect(before).toBeGreaterThan(0);
      empty = true;
      expect(await d.engine.sync()).toBe('error');
      expect(d.engine.status.value.message).toMatch(/lists no folders/);
      expect(await d.db.emails.count()).toBe(before);
      expect((await folders(d)).map((f) => f.id)).toContain('inbox');
      empty = false;
      expect(await d.engine.sync()).toBe('done');
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'incremental: a delivery, a flag, a move and an expunge by another client arrive',
    async () => {
      const d = await openDevice(account);
      await deliver('Inc flag');
      await deliver('Inc move');
      await deliver('Inc gone');
      await d.engine.sync();
      await other.mailboxOpen('INBOX');
      await other.messageFlagsAdd({ header: { subject: 'Inc flag' } }, ['\\Flagged', '\\Seen']);
      await other.messageMove({ header: { subject: 'Inc move' } }, 'Work');
      await other.messageDelete({ header: { subject: 'Inc gone' } });
      await deliver('Inc new');
      await other.mailboxClose();
      expect(await d.engine.sync()).toBe('done');
      const flagged = await rowBySubject(d, 'Inc flag');
      expect(flagged.keywords).toMatchObject({ $flagged: true, $seen: true });
      expect(await subjects(d, (await folder(d, 'Work')).id)).toContain('Inc move');
      expect((await d.db.emails.toArray()).some((e) => e.subject === 'Inc gone')).toBe(false);
      expect(await subjects(d, 'inbox')).toContain('Inc new');
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'local changes reach the server: read, flag, move, delete to Trash — coalesced into ops',
    async () => {
      const d = await openDevice(account);
      await deliver('Local read');
      await deliver('Local move');
      await deliver('Local trash');
      await d.engine.sync();
      const read = await rowBySubject(d, 'Local read');
      const move = await rowBySubject(d, 'Local move');
      const trash = await rowBySubject(d, 'Local trash');
      const work = await folder(d, 'Work');
      await d.services.messages.setSeen([read.id], true);
      await d.services.messages.setFlagged([read.id], true);
      await d.services.messages.moveMessages([move.id], work.id);
      await d.services.messages.deleteMessages([trash.id]);
      // Two keyword changes to one message are one op.
      expect(await d.db.ops.count()).toBe(3);
      expect(await d.engine.sync()).toBe('done');
      expect(await d.db.ops.count()).toBe(0);
      expect((await onServer('Local read'))?.flags).toEqual(['\\Flagged', '\\Seen']);
      expect((await onServer('Local move'))?.path).toBe('Work');
      expect((await onServer('Local trash'))?.path).toBe('Trash');
      // Ids stayed: the moved row is the same row, now in Work.
      expect((await rowBySubject(d, 'Local move')).id).toBe(move.id);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'offline changes show at once, are queued, survive a reload and reach the server',
    async () => {
      let d = await openDevice(account);
      await deliver('Offline flag');
      await d.engine.sync();
      const row = await rowBySubject(d, 'Offline flag');
      d.setOffline(true);
      await d.services.messages.setFlagged([row.id], true);
      expect((await rowBySubject(d, 'Offline flag')).keywords['$flagged']).toBe(true);
      expect(await d.engine.sync()).toBe('offline');
      expect(d.engine.status.value).toMatchObject({ phase: 'offline', pending: 1 });
      d = await d.reload();
      expect(await d.db.ops.count()).toBe(1);
      expect(await d.engine.sync()).toBe('done');
      expect((await onServer('Offline flag'))?.flags).toContain('\\Flagged');
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'conflict: a delete on the server beats a local flag change, and the user is told',
    async () => {
      const d = await openDevice(account);
      await deliver('Conflict deleted');
      await d.engine.sync();
      const row = await rowBySubject(d, 'Conflict deleted');
      d.setOffline(true);
      await d.services.messages.setFlagged([row.id], true);
      await other.mailboxOpen('INBOX');
      await other.messageDelete({ header: { subject: 'Conflict deleted' } });
      await other.mailboxClose();
      d.setOffline(false);
      expect(await d.engine.sync()).toBe('done');
      expect(await d.db.emails.get(row.id)).toBeUndefined();
      expect(await d.db.ops.count()).toBe(0);
      expect(d.conflicts).toContainEqual(
        expect.objectContaining({ kind: 'deleted-elsewhere', target: row.id }),
      );
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'conflict: an offline move applies only if the message is still where it was',
    async () => {
      const d = await openDevice(account);
      await deliver('Conflict moved');
      await d.engine.sync();
      const row = await rowBySubject(d, 'Conflict moved');
      d.setOffline(true);
      await d.services.messages.moveMessages([row.id], (await folder(d, 'Work')).id);
      await other.mailboxOpen('INBOX');
      await other.messageMove({ header: { subject: 'Conflict moved' } }, 'Trash');
      await other.mailboxClose();
      d.setOffline(false);
      expect(await d.engine.sync()).toBe('done');
      expect((await rowBySubject(d, 'Conflict moved')).mailboxId).toBe('trash');
      expect((await onServer('Conflict moved'))?.path).toBe('Trash');
      expect(d.conflicts).toContainEqual(
        expect.objectContaining({ kind: 'moved-elsewhere', target: row.id }),
      );
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keyword changes are patches: another device flags, this one marks read, both stay',
    async () => {
      const d = await openDevice(account);
      await deliver('Both keywords');
      await d.engine.sync();
      const row = await rowBySubject(d, 'Both keywords');
      d.setOffline(true);
      await d.services.messages.setSeen([row.id], true);
      await other.mailboxOpen('INBOX');
      await other.messageFlagsAdd({ header: { subject: 'Both keywords' } }, ['\\Flagged']);
      await other.mailboxClose();
      d.setOffline(false);
      expect(await d.engine.sync()).toBe('done');
      expect((await onServer('Both keywords'))?.flags).toEqual(['\\Flagged', '\\Seen']);
      expect((await rowBySubject(d, 'Both keywords')).keywords).toMatchObject({
        $flagged: true,
        $seen: true,
      });
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'folders: created offline with a message moved in, renamed, deleted to Trash, Trash emptied',
    async () => {
      const d = await openDevice(account);
      await deliver('Into projects');
      await d.engine.sync();
      const row = await rowBySubject(d, 'Into projects');
      d.setOffline(true);
      const projects = await d.services.folders.createFolder('Projects', null);
      await d.services.messages.moveMessages([row.id], projects.id);
      d.setOffline(false);
      expect(await d.engine.sync()).toBe('done');
      expect((await onServer('Into projects'))?.path).toBe('Projects');
      await d.services.folders.renameFolder(projects.id, 'Proyectos');
      await d.engine.sync();
      expect((await onServer('Into projects'))?.path).toBe('Proyectos');
      await d.services.folders.deleteFolder(projects.id);
      await d.engine.sync();
      expect((await onServer('Into projects'))?.path).toMatch(/^Trash.Proyectos$/);
      await d.services.folders.emptyTrash();
      expect(await d.engine.sync()).toBe('done');
      expect(await onServer('Into projects')).toBeNull();
      expect(await onServer('Local trash')).toBeNull();
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'recovery: an unknown state is rebuilt from the server, keeping pending ops and bodies',
    async () => {
      const d = await openDevice(account);
      await deliver('Recover keep');
      await deliver('Recover gone');
      await d.engine.sync();
      const keep = await rowBySubject(d, 'Recover keep');
      d.setOffline(true);
      await d.services.messages.setFlagged([keep.id], true);
      d.setOffline(false);
      await other.mailboxOpen('INBOX');
      await other.messageDelete({ header: { subject: 'Recover gone' } });
      await other.mailboxClose();
      await writeState(d.db, 'Email', 'not-a-state-the-server-knows');
      expect(await d.engine.sync()).toBe('done');
      expect((await d.db.emails.toArray()).some((e) => e.subject === 'Recover gone')).toBe(false);
      expect(await bodyOf(d.db, keep.id)).toBeDefined();
      expect((await onServer('Recover keep'))?.flags).toContain('\\Flagged');
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the offline window: older messages stay on the server; a longer window brings them, a shorter one lets them go',
    async () => {
      const old = new Date(Date.now() - 100 * 24 * 60 * 60 * 1000);
      await other.append('INBOX', message('Window old'), [], old);
      const d30 = await openDevice(account, { windowDays: 30, name: 'window-30' });
      await d30.engine.sync();
      expect((await d30.db.emails.toArray()).some((e) => e.subject === 'Window old')).toBe(false);
      expect((await d30.db.emails.toArray()).length).toBeGreaterThan(0);
      // A longer window brings the older message (with its body); a shorter one lets it go.
      d30.setWindow(null);
      expect(await d30.engine.sync()).toBe('done');
      const old100 = (await d30.db.emails.toArray()).find((e) => e.subject === 'Window old');
      expect(old100).toBeDefined();
      expect(await bodyOf(d30.db, old100?.id ?? '')).toBeDefined();
      const inboxBefore = (await folder(d30, 'Inbox')).total;
      d30.setWindow(7);
      expect(await d30.engine.sync()).toBe('done');
      expect((await d30.db.emails.toArray()).some((e) => e.subject === 'Window old')).toBe(false);
      expect((await folder(d30, 'Inbox')).total).toBe(inboxBefore - 1);
      expect(await onServer('Window old')).not.toBeNull();
      d30.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "bootstrap: the bytes stored are the server's byte for byte, whatever their charset",
    async () => {
      // Latin-1 (0xE9 is no UTF-8) and 8-bit UTF-8 with a bare LF: the proxy frames both
      // as octets (protocol/jmap-octets.ts), where RFC 9404 `data` would send base64/text.
      const latin1 = Buffer.from(
        'From: Bob <bob@buzon.test>\r\nSubject: Octets latin\r\nMessage-ID: <octets-1@buzon.test>\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nCaf\xe9 ) {3}\r\n',
        'latin1',
      );
      const utf8 = Buffer.from(
        'From: Bob <bob@buzon.test>\r\nSubject: Octets utf8\r\nMessage-ID: <octets-2@buzon.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nÑandú\nbare LF\r\n',
        'utf8',
      );
      await other.mailboxCreate('Octets');
      await other.append('Octets', latin1);
      await other.append('Octets', utf8);
      // What the server holds (Dovecot answers a bare LF as CRLF).
      const onServer = new Map<string, Buffer>();
      const lock = await other.getMailboxLock('Octets');
      try {
        for await (const m of other.fetch('1:*', { envelope: true, source: true }))
          onServer.set(m.envelope?.subject ?? '', m.source as Buffer);
      } finally {
        lock.release();
      }
      expect(onServer.get('Octets latin')?.includes(Buffer.from('Caf\xe9', 'latin1'))).toBe(true);
      const d = await openDevice(account);
      expect(await d.engine.sync()).toBe('done');
      for (const subject of ['Octets latin', 'Octets utf8']) {
        const row = await rowBySubject(d, subject);
        const raw = await d.services.reader.getRawMessage(row.id);
        expect(Buffer.from(raw).equals(onServer.get(subject) as Buffer)).toBe(true);
      }
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'IMPORT-1 in an account: an imported .eml is uploaded, imported on the server once, and keeps its place',
    async () => {
      const d = await openDevice(account);
      await d.engine.sync();
      d.setOffline(true);
      const bytes = new TextEncoder().encode(message('Imported offline'));
      const report = await d.services.importer.importFiles([emlFile('offline.eml', bytes)]);
      expect(report.imported).toBe(1);
      const local = await rowBySubject(d, 'Imported offline');
      await d.services.messages.setFlagged([local.id], true);
      d.setOffline(false);
      expect(await d.engine.sync()).toBe('done');
      expect(await d.db.ops.count()).toBe(0);
      expect(d.conflicts).toEqual([]);
      const server = await onServer('Imported offline');
      expect(server?.path).toBe('INBOX');
      expect(server?.flags).toContain('\\Flagged');
      // One row, now under the server's id, with its bytes.
      const rows = (await d.db.emails.toArray()).filter((e) => e.subject === 'Imported offline');
      expect(rows).toHaveLength(1);
      expect(rows[0]?.id).not.toBe(local.id);
      const raw = await d.services.reader.getRawMessage(rows[0]?.id ?? '');
      expect(new TextDecoder().decode(raw)).toContain('Body of Imported offline.');
      await d.engine.sync();
      expect(
        (await d.db.emails.toArray()).filter((e) => e.subject === 'Imported offline'),
      ).toHaveLength(1);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'ATTACH-4 in an account: deleting an attachment replaces the server copy (one message, without it)',
    async () => {
      const d = await openDevice(account);
      await account.dovecot.deliver(
        ALICE.user,
        new TextDecoder().decode(eml('attachment-only.eml')),
      );
      await d.engine.sync();
      const row = (await d.db.emails.toArray()).find((e) => e.hasAttachment);
      if (!row) throw new Error('no message with an attachment');
      const opened = await d.services.reader.openMessage(row.id);
      if (isUnparseable(opened.parsed)) throw new Error('fixture did not parse');
      const part = opened.parsed.attachments[0];
      if (!part) throw new Error('fixture has no attachment');
      await d.services.reader.deleteAttachment(row.id, part.partId);
      expect(await d.engine.sync()).toBe('done');
      expect(await d.db.ops.count()).toBe(0);
      // One copy on the server, rewritten: the attachment is gone, its name left as a trace.
      const copies: string[] = [];
      for (const box of await other.list()) {
        const lock = await other.getMailboxLock(box.path);
        try {
          await other.noop();
          const uids = await other.search({ header: { subject: row.subject } }, { uid: true });
          for (const uid of uids || []) {
            const m = await other.fetchOne(String(uid), { source: true }, { uid: true });
            if (m && m.source) copies.push(m.source.toString('utf8'));
          }
        } finally {
          lock.release();
        }
      }
      expect(copies).toHaveLength(1);
      expect(copies[0]).toContain(part.filename);
      const original = new TextDecoder().decode(eml('attachment-only.eml'));
      const encoded = Buffer.from(part.content).toString('base64').slice(0, 16);
      expect(original).toContain(encoded);
      expect(copies[0]).not.toContain(encoded);
      const rows = (await d.db.emails.toArray()).filter((e) => e.subject === row.subject);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.id).not.toBe(row.id);
      expect(rows[0]?.hasAttachment).toBe(false);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
});
