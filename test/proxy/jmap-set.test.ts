// The JMAP facade's write path against a real Dovecot: Email/set (keywords, moves,
// destroy) and Mailbox/set (create, rename, move, destroy). A second IMAP client checks
// what the server really holds after each call, and plays "another device".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { execRaw, imapString } from '../support/dovecot/index.js';
import type { DovecotInstance } from '../support/dovecot/index.js';
import { send } from './support/buzon.js';
import { ALICE, USING, startJmapAccount, type JmapAccount } from './support/jmap-account.js';
import type { Reply, RunningBuzon } from './support/buzon.js';

/** A few IMAP round trips on loopback; generous for a loaded 2-core machine. */
const TEST_TIMEOUT_MS = 20_000;
/** Dovecot starts in well under a second; this bounds a cold first run. */
const START_TIMEOUT_MS = 30_000;

type Call = [string, Record<string, unknown>, string];
type Mailbox = { id: string; name: string; role: string | null; parentId: string | null };

let account: JmapAccount;
let dovecot: DovecotInstance;
let buzon: RunningBuzon;
let cookie: string;
let accountId: string;
let other: ImapFlow;
let counter = 0;

function jmap(methodCalls: unknown[]): Promise<Reply> {
  return send(buzon.origin, 'POST', '/jmap', {
    body: { using: USING, methodCalls },
    headers: { Cookie: cookie },
  });
}

/** The responses of one request, by call id. */
async function call(methodCalls: unknown[]): Promise<Record<string, Call>> {
  const reply = await jmap(methodCalls);
  expect(reply.status).toBe(200);
  const list = (reply.json as { methodResponses: Call[] }).methodResponses;
  return Object.fromEntries(list.map((r) => [r[2], r]));
}

async function emailSet(args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { set } = await call([['Email/set', { accountId, ...args }, 'set']]);
  return set?.[0] === 'Email/set' ? (set[1] as Record<string, unknown>) : { error: set?.[1] };
}

async function mailboxSet(args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { set } = await call([['Mailbox/set', { accountId, ...args }, 'set']]);
  return set?.[0] === 'Mailbox/set' ? (set[1] as Record<string, unknown>) : { error: set?.[1] };
}

async function mailboxes(): Promise<Mailbox[]> {
  const { m } = await call([['Mailbox/get', { accountId, ids: null }, 'm']]);
  return m?.[1]['list'] as Mailbox[];
}

const byRole = async (role: string) => (await mailboxes()).find((m) => m.role === role) as Mailbox;
const byName = async (name: string) => (await mailboxes()).find((m) => m.name === name);

/** Delivers a message with a unique subject and answers its JMAP id. */
async function deliver(label: string): Promise<{ id: string; subject: string }> {
  counter += 1;
  const subject = `${label} ${counter}`;
  await dovecot.deliver(
    ALICE.user,
    [
      'From: Ana <ana@example.test>',
      `To: ${ALICE.user}`,
      `Subject: ${subject}`,
      'Date: Mon, 02 Mar 2026 09:00:00 +0100',
      `Message-ID: <set-${counter}@example.test>`,
      '',
      `Cuerpo ${counter}.`,
      '',
    ].join('\r\n'),
  );
  const inbox = await byRole('inbox');
  const { q, g } = await call([
    ['Email/query', { accountId, filter: { inMailbox: inbox.id } }, 'q'],
    [
      'Email/get',
      {
        accountId,
        '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
        properties: ['subject'],
      },
      'g',
    ],
  ]);
  expect(q?.[0]).toBe('Email/query');
  const found = (g?.[1]['list'] as { id: string; subject: string }[]).find(
    (e) => e.subject === subject,
  );
  if (!found) throw new Error(`${subject} not found through JMAP`);
  return found;
}

/** What the server holds, seen by another client: flags of the message with `subject`. */
async function serverFlags(path: string, subject: string): Promise<string[] | null> {
  return withOther(path, async () => {
    const uids = await other.search({ subject }, { uid: true });
    if (!uids || uids.length === 0) return null;
    const message = await other.fetchOne(String(uids[0]), { flags: true }, { uid: true });
    // \Recent only says which session saw the message first.
    return message ? [...(message.flags ?? [])].filter((f) => f !== '\\Recent').sort() : null;
  });
}

/** Runs `work` with `path` selected by the other client, its view synced first (NOOP). */
async function withOther<T>(path: string, work: () => Promise<T>): Promise<T> {
  const lock = await other.getMailboxLock(path);
  try {
    await other.noop();
    return await work();
  } finally {
    lock.release();
  }
}

async function serverFolders(): Promise<string[]> {
  return (await other.list()).map((m) => m.path).sort();
}

async function keywordsOf(id: string): Promise<Record<string, unknown>> {
  const { g } = await call([
    ['Email/get', { accountId, ids: [id], properties: ['keywords'] }, 'g'],
  ]);
  return (g?.[1]['list'] as { keywords: Record<string, unknown> }[])[0]?.keywords ?? {};
}

beforeAll(async () => {
  account = await startJmapAccount();
  ({ dovecot, buzon, cookie, accountId } = account);
  other = await account.imapClient();
}, START_TIMEOUT_MS);

afterAll(async () => {
  await account?.stop();
});

describe('Email/set over IMAP (RFC 8621 §4.6)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('TAG-1 keywords/$seen and keywords/$flagged become \\Seen and \\Flagged on the server', async () => {
    const { id, subject } = await deliver('Leer');
    const result = await emailSet({
      update: { [id]: { 'keywords/$seen': true, 'keywords/$flagged': true } },
    });
    expect(result).toMatchObject({ updated: { [id]: null }, notUpdated: null });
    expect(result['newState']).not.toBe(result['oldState']);
    expect(await serverFlags('INBOX', subject)).toEqual(['\\Flagged', '\\Seen']);
    expect(await keywordsOf(id)).toEqual({ $seen: true, $flagged: true });
  });

  it('TAG-1 a custom keyword is stored as an IMAP keyword, and null removes it again', async () => {
    const { id, subject } = await deliver('Etiqueta');
    await emailSet({ update: { [id]: { 'keywords/proyecto-x': true, 'keywords/$seen': true } } });
    expect(await serverFlags('INBOX', subject)).toEqual(['\\Seen', 'proyecto-x']);
    const removed = await emailSet({ update: { [id]: { 'keywords/proyecto-x': null } } });
    expect(removed['updated']).toEqual({ [id]: null });
    expect(await serverFlags('INBOX', subject)).toEqual(['\\Seen']);
    expect(await keywordsOf(id)).toEqual({ $seen: true });
  });

  it('TAG-1 a patch changes only the keywords it names: another client’s keyword stays', async () => {
    const { id, subject } = await deliver('Parche');
    await withOther('INBOX', () => other.messageFlagsAdd({ subject }, ['\\Flagged']));
    await emailSet({ update: { [id]: { 'keywords/$seen': true } } });
    expect(await serverFlags('INBOX', subject)).toEqual(['\\Flagged', '\\Seen']);
  });

  it('FOLDER-6 a mailboxIds patch MOVEs the message on the server and it keeps its id', async () => {
    const { id, subject } = await deliver('Mover');
    const [inbox, archive] = [await byRole('inbox'), await byRole('archive')];
    const { set, g } = await call([
      [
        'Email/set',
        {
          accountId,
          update: {
            [id]: { [`mailboxIds/${inbox.id}`]: null, [`mailboxIds/${archive.id}`]: true },
          },
        },
        'set',
      ],
      ['Email/get', { accountId, ids: [id], properties: ['subject', 'mailboxIds'] }, 'g'],
    ]);
    expect(set?.[1]['updated']).toEqual({ [id]: null });
    expect(g?.[1]['list']).toEqual([{ id, subject, mailboxIds: { [archive.id]: true } }]);
    expect(g?.[1]['state']).toBe(set?.[1]['newState']);
    expect(await serverFlags('INBOX', subject)).toBeNull();
    expect(await serverFlags('Archive', subject)).toEqual([]);

    // A whole mailboxIds with one entry moves it back.
    const back = await emailSet({ update: { [id]: { mailboxIds: { [inbox.id]: true } } } });
    expect(back['updated']).toEqual({ [id]: null });
    expect(await serverFlags('INBOX', subject)).toEqual([]);
  });

  it('RFC 8620 §5.2 Email/changes from oldState names what Email/set changed, moved and destroyed', async () => {
    const [seen, moved, gone] = [
      await deliver('Cambio'),
      await deliver('Traslado'),
      await deliver('Fuera'),
    ];
    const archive = await byRole('archive');
    const result = await emailSet({
      update: {
        [seen.id]: { 'keywords/$seen': true },
        [moved.id]: { mailboxIds: { [archive.id]: true } },
      },
      destroy: [gone.id],
    });
    const { c } = await call([
      ['Email/changes', { accountId, sinceState: result['oldState'] }, 'c'],
    ]);
    expect(c?.[0]).toBe('Email/changes');
    expect(c?.[1]['newState']).toBe(result['newState']);
    expect([...(c?.[1]['updated'] as string[])].sort()).toEqual([seen.id, moved.id].sort());
    expect(c?.[1]['destroyed']).toEqual([gone.id]);
  });

  it('ACCESS-1 an offline move of a message moved elsewhere meanwhile is refused (tooManyMailboxes)', async () => {
    const { id, subject } = await deliver('Movido');
    const [inbox, trash] = [await byRole('inbox'), await byRole('trash')];
    await keywordsOf(id); // the proxy has seen it in INBOX
    await withOther('INBOX', () => other.messageMove({ subject }, 'Archive'));
    const result = await emailSet({
      update: { [id]: { [`mailboxIds/${inbox.id}`]: null, [`mailboxIds/${trash.id}`]: true } },
    });
    expect(result['notUpdated']).toEqual({
      [id]: expect.objectContaining({ type: 'tooManyMailboxes' }),
    });
    expect(await serverFlags('Archive', subject)).toEqual([]);
  });

  it('DELETE-1 destroy expunges exactly that message (UID EXPUNGE), not others marked \\Deleted', async () => {
    const gone = await deliver('Borrar');
    const kept = await deliver('Marcado');
    await withOther('INBOX', () => other.messageFlagsAdd({ subject: kept.subject }, ['\\Deleted']));
    const result = await emailSet({ destroy: [gone.id] });
    expect(result).toMatchObject({ destroyed: [gone.id], notDestroyed: null });
    expect(await serverFlags('INBOX', gone.subject)).toBeNull();
    expect(await serverFlags('INBOX', kept.subject)).toEqual(['\\Deleted']);
    const { g } = await call([['Email/get', { accountId, ids: [gone.id] }, 'g']]);
    expect(g?.[1]['notFound']).toEqual([gone.id]);
  });

  it('ACCESS-1 an email deleted on the server by another client is notFound; the rest of the batch succeeds', async () => {
    const vanished = await deliver('Desaparece');
    const fine = await deliver('Sigue');
    await withOther('INBOX', () => other.messageDelete({ subject: vanished.subject }));
    const result = await emailSet({
      update: {
        [vanished.id]: { 'keywords/$flagged': true },
        [fine.id]: { 'keywords/$flagged': true },
      },
      destroy: [vanished.id + 'x'],
    });
    expect(result['updated']).toEqual({ [fine.id]: null });
    expect(result['notUpdated']).toEqual({
      [vanished.id]: expect.objectContaining({ type: 'notFound' }),
    });
    expect(result['notDestroyed']).toEqual({
      [vanished.id + 'x']: expect.objectContaining({ type: 'notFound' }),
    });
    expect(await serverFlags('INBOX', fine.subject)).toEqual(['\\Flagged']);
  });

  it('RFC 8620 §5.3 bad patches are refused per item and write nothing', async () => {
    const { id, subject } = await deliver('Invalido');
    const [inbox, archive] = [await byRole('inbox'), await byRole('archive')];
    const cases: Record<string, [unknown, string]> = {
      notObject: [['keywords/$seen'], 'invalidPatch'],
      prefix: [{ keywords: {}, 'keywords/$seen': true }, 'invalidPatch'],
      subject: [{ subject: 'Otro' }, 'invalidProperties'],
      falseKeyword: [{ 'keywords/$seen': false }, 'invalidProperties'],
      badKeyword: [{ 'keywords/a(b': true }, 'invalidProperties'],
      noFolder: [{ [`mailboxIds/${inbox.id}`]: null }, 'invalidProperties'],
      unknownFolder: [{ mailboxIds: { Mnope: true } }, 'invalidProperties'],
      twoFolders: [{ [`mailboxIds/${archive.id}`]: true }, 'tooManyMailboxes'],
    };
    for (const [name, [patch, type]] of Object.entries(cases)) {
      const result = await emailSet({ update: { [id]: patch } });
      expect(result['notUpdated'], name).toEqual({ [id]: expect.objectContaining({ type }) });
    }
    expect(await serverFlags('INBOX', subject)).toEqual([]);
  });

  it('RFC 8620 §5.3 ifInState that is not the current state is stateMismatch and changes nothing', async () => {
    const { id, subject } = await deliver('Estado');
    const result = await emailSet({
      ifInState: 'e-stale',
      update: { [id]: { 'keywords/$seen': true } },
    });
    expect(result['error']).toMatchObject({ type: 'stateMismatch' });
    expect(await serverFlags('INBOX', subject)).toEqual([]);
    const { g } = await call([['Email/get', { accountId, ids: [id], properties: ['id'] }, 'g']]);
    const current = await emailSet({
      ifInState: g?.[1]['state'],
      update: { [id]: { 'keywords/$seen': true } },
    });
    expect(current['updated']).toEqual({ [id]: null });
    expect(current['oldState']).toBe(g?.[1]['state']);
  });

  it('security: a keyword holding CR/LF is refused and reaches no IMAP line', async () => {
    const { id, subject } = await deliver('Inyeccion');
    const result = await emailSet({
      update: { [id]: { 'keywords/x\r\nA1 DELETE INBOX': true } },
    });
    expect(result['notUpdated']).toEqual({
      [id]: expect.objectContaining({ type: 'invalidProperties' }),
    });
    expect(await serverFlags('INBOX', subject)).toEqual([]);
    expect(await serverFolders()).toContain('INBOX');
  });

  it('ACCESS-1 a MOVE the server refuses with [NOPERM] is forbidden for that item only (RFC 4314)', async () => {
    const refused = await deliver('Sin permiso');
    const allowed = await deliver('Con permiso');
    const made = await mailboxSet({ create: { c: { name: 'Solo lectura' } } });
    const target = (made['created'] as Record<string, { id: string }>)['c']?.id as string;
    // The owner keeps lookup/read/admin but gives up insert on the folder.
    await execRaw(other, 'SETACL', [
      imapString('Solo lectura'),
      imapString(ALICE.user),
      imapString('lra'),
    ]);
    const archive = await byRole('archive');
    const result = await emailSet({
      update: {
        [refused.id]: { mailboxIds: { [target]: true } },
        [allowed.id]: { mailboxIds: { [archive.id]: true } },
      },
    });
    expect(result['notUpdated']).toEqual({
      [refused.id]: expect.objectContaining({
        type: 'forbidden',
        description: expect.stringContaining('NOPERM'),
      }),
    });
    expect(result['updated']).toEqual({ [allowed.id]: null });
    expect(await serverFlags('INBOX', refused.subject)).toEqual([]);
    expect(await serverFlags('Archive', allowed.subject)).toEqual([]);
  });

  it('RFC 8621 §4.6 create is refused per item: mail is created through Email/import', async () => {
    const result = await emailSet({ create: { c1: { subject: 'Nuevo' } } });
    expect(result['notCreated']).toEqual({ c1: expect.objectContaining({ type: 'forbidden' }) });
  });
});

describe('Mailbox/set over IMAP (RFC 8621 §2.5)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('FOLDER-2 creates a folder at the root and one inside it (#creationId), ids from X-GUID', async () => {
    const result = await mailboxSet({
      create: {
        a: { name: 'Clientes', parentId: null },
        n: { name: 'España ✉' },
        b: { name: 'Acme', parentId: '#a' },
      },
    });
    const created = result['created'] as Record<string, { id: string; totalEmails: number }>;
    expect(created['a']?.id).toMatch(/^M[0-9a-f]{32}$/);
    expect(created['b']).toMatchObject({ totalEmails: 0, role: null, isSubscribed: true });
    expect(await serverFolders()).toEqual(
      expect.arrayContaining(['Clientes', 'Clientes/Acme', 'España ✉']),
    );
    // Non-ASCII names travel as modified UTF-7 (RFC 3501 §5.1.3) and come back intact,
    // with an id from the server's GUID like any other folder (stable across renames).
    expect(created['n']?.id).toMatch(/^M[0-9a-f]{32}$/);
    expect((await byName('España ✉'))?.id).toBe(created['n']?.id);
    const acme = await byName('Acme');
    expect(acme).toMatchObject({ id: created['b']?.id, parentId: created['a']?.id });
  });

  it('FOLDER-3 renames a folder and moves it under another; its id is unchanged', async () => {
    const made = await mailboxSet({
      create: { p: { name: 'Viajes' }, q: { name: 'Personal' } },
    });
    const created = made['created'] as Record<string, { id: string }>;
    const [viajes, personal] = [created['p']?.id as string, created['q']?.id as string];
    const renamed = await mailboxSet({ update: { [viajes]: { name: 'Viajes 2026' } } });
    expect(renamed['updated']).toEqual({ [viajes]: null });
    const moved = await mailboxSet({ update: { [viajes]: { parentId: personal } } });
    expect(moved['notUpdated']).toBeNull();
    expect(moved['updated']).toEqual({ [viajes]: null });
    expect(await serverFolders()).toContain('Personal/Viajes 2026');
    expect(await serverFolders()).not.toContain('Viajes');
    expect(await byName('Viajes 2026')).toMatchObject({
      id: viajes,
      parentId: personal,
      isSubscribed: true,
    });
    expect((await other.list()).find((m) => m.path === 'Viajes')).toBeUndefined();
  });

  it('FOLDER-4 destroy: an empty folder goes, one with mail is mailboxHasEmail unless onDestroyRemoveEmails', async () => {
    const made = await mailboxSet({ create: { e: { name: 'Vacia' }, f: { name: 'Llena' } } });
    const created = made['created'] as Record<string, { id: string }>;
    const [empty, full] = [created['e']?.id as string, created['f']?.id as string];
    const { subject } = await deliver('Para carpeta');
    await withOther('INBOX', () => other.messageMove({ subject }, 'Llena'));
    const first = await mailboxSet({ destroy: [empty, full] });
    expect(first['destroyed']).toEqual([empty]);
    expect(first['notDestroyed']).toEqual({
      [full]: expect.objectContaining({ type: 'mailboxHasEmail' }),
    });
    expect(await serverFolders()).not.toContain('Vacia');
    const second = await mailboxSet({ destroy: [full], onDestroyRemoveEmails: true });
    expect(second['destroyed']).toEqual([full]);
    expect(await serverFolders()).not.toContain('Llena');
  });

  it('FOLDER-4 a folder with subfolders is mailboxHasChild, unless they go in the same call', async () => {
    const made = await mailboxSet({
      create: { r: { name: 'Raiz' }, h: { name: 'Hija', parentId: '#r' } },
    });
    const created = made['created'] as Record<string, { id: string }>;
    const [root, child] = [created['r']?.id as string, created['h']?.id as string];
    const alone = await mailboxSet({ destroy: [root] });
    expect(alone['notDestroyed']).toEqual({
      [root]: expect.objectContaining({ type: 'mailboxHasChild' }),
    });
    const both = await mailboxSet({ destroy: [root, child] });
    expect([...(both['destroyed'] as string[])].sort()).toEqual([child, root].sort());
    expect(await serverFolders()).not.toContain('Raiz');
  });

  it('FOLDER-1 Inbox and Sent cannot be renamed, moved or destroyed: forbidden', async () => {
    const [inbox, sent, archive] = [
      await byRole('inbox'),
      await byRole('sent'),
      await byRole('archive'),
    ];
    const result = await mailboxSet({
      update: { [inbox.id]: { name: 'Entrada' }, [sent.id]: { parentId: archive.id } },
      destroy: [sent.id],
    });
    expect(result['notUpdated']).toEqual({
      [inbox.id]: expect.objectContaining({ type: 'forbidden' }),
      [sent.id]: expect.objectContaining({ type: 'forbidden' }),
    });
    expect(result['notDestroyed']).toEqual({
      [sent.id]: expect.objectContaining({ type: 'forbidden' }),
    });
    expect(await serverFolders()).toEqual(expect.arrayContaining(['INBOX', 'Sent']));
  });

  it('FOLDER-2 no subfolders in Sent or Junk; roles cannot be set: invalidProperties', async () => {
    const [sent, junk] = [await byRole('sent'), await byRole('junk')];
    const result = await mailboxSet({
      create: {
        s: { name: 'Dentro', parentId: sent.id },
        j: { name: 'Dentro', parentId: junk.id },
        r: { name: 'Papelera 2', role: 'trash' },
      },
    });
    expect(result['created']).toBeNull();
    expect(result['notCreated']).toEqual({
      s: expect.objectContaining({ type: 'invalidProperties', properties: ['parentId'] }),
      j: expect.objectContaining({ type: 'invalidProperties', properties: ['parentId'] }),
      r: expect.objectContaining({ type: 'invalidProperties', properties: ['role'] }),
    });
    expect((await serverFolders()).some((p) => p.includes('Dentro'))).toBe(false);
  });

  it('security: names with the delimiter, CR/LF or LIST wildcards are refused; a duplicate too', async () => {
    const result = await mailboxSet({
      create: {
        slash: { name: 'a/b' },
        crlf: { name: 'x\r\nA1 DELETE INBOX' },
        star: { name: 'todo*' },
        empty: { name: ' ' },
        dup: { name: 'Archive' },
      },
    });
    for (const key of ['slash', 'crlf', 'star', 'empty', 'dup']) {
      expect((result['notCreated'] as Record<string, unknown>)[key], key).toMatchObject({
        type: 'invalidProperties',
        properties: ['name'],
      });
    }
    expect(await serverFolders()).toContain('INBOX');
  });

  it('RFC 8620 §5.3 ifInState mismatch is stateMismatch; newState matches Mailbox/get', async () => {
    const stale = await mailboxSet({ ifInState: 'm-stale', create: { x: { name: 'Nunca' } } });
    expect(stale['error']).toMatchObject({ type: 'stateMismatch' });
    expect(await byName('Nunca')).toBeUndefined();
    const { set, m } = await call([
      ['Mailbox/set', { accountId, create: { y: { name: 'Luego' } } }, 'set'],
      ['Mailbox/get', { accountId, ids: null, properties: ['name'] }, 'm'],
    ]);
    expect(m?.[1]['state']).toBe(set?.[1]['newState']);
  });
});
