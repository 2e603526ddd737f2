// Contact lists kept on the server and shared with named people (CONTACTS-5, ADR 0034),
// through the JMAP facade against the real Dovecot: Alice keeps a list in a folder of her
// own account, Bob may use it, Carol may edit it. What each one's SharedList/get answers is
// checked, and what the server itself holds and refuses (ACL, a raw APPEND as Bob).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import { execRaw, imapString, tokenStrings } from '../support/dovecot/index.js';
import { cookiePair, send, jmapRequest, type Call } from './support/buzon.js';
import { ALICE, USING, startJmapAccount, type JmapAccount } from './support/jmap-account.js';
import type { SharedList } from '../../src/protocol/jmap-lists.js';

/** A few IMAP round trips (and one reconnect) on loopback; generous for a loaded machine. */
const TEST_TIMEOUT_MS = 30_000;
/** Dovecot starts in well under a second; this bounds a cold first run. */
const START_TIMEOUT_MS = 30_000;

const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };
const CAROL = { user: 'carol@buzon.test', pass: 'carol-secret' };
const LISTS = 'urn:buzon:params:jmap:lists';
const SHARE = 'urn:buzon:params:jmap:share';
const MAIL = 'urn:ietf:params:jmap:mail';
/** The lists root as Dovecot stores it (modified UTF-7 of "Buzón lists"). */
const ROOT_WIRE = 'Buz&APM-n lists';

const MEMBERS = [
  { name: 'José Ñúñez, hijo', address: 'jose@example.test' },
  { name: 'Smith; Anne', address: 'anne@example.test' },
  { name: 'Móvil de Ana', address: '32475123456@SMS' },
  { name: 'Fax oficina', address: '322123456@FAX' },
];

let account: JmapAccount;
let alice: ImapFlow;
const cookies: Record<string, string> = {};
let listId = '';
/** The folder of `listId` in Alice's account. */
let listFolder = '';

async function signIn(user: { user: string; pass: string }): Promise<string> {
  const login = await send(account.buzon.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: user.user, password: user.pass },
  });
  return cookiePair(login);
}

async function sessionOf(cookie: string): Promise<{
  accounts: Record<string, { name: string; isPersonal: boolean; accountCapabilities: object }>;
  primaryAccounts: Record<string, string>;
  capabilities: Record<string, unknown>;
}> {
  const reply = await send(account.buzon.origin, 'GET', '/jmap/session', {
    headers: { Cookie: cookie },
  });
  expect(reply.status).toBe(200);
  return reply.json as Awaited<ReturnType<typeof sessionOf>>;
}

async function own(cookie: string): Promise<string> {
  return (await sessionOf(cookie)).primaryAccounts[MAIL] ?? '';
}

async function call(who: string, name: string, args: Record<string, unknown>): Promise<Call> {
  const cookie = cookies[who] ?? '';
  const accountId = args['accountId'] ?? (await own(cookie));
  const r = await jmapRequest(
    account.buzon.origin,
    cookie,
    [[name, { ...args, accountId }, 'c']],
    [...USING, LISTS, SHARE],
  );
  return r['c'] as Call;
}

async function lists(who: string): Promise<SharedList[]> {
  const [name, result] = await call(who, 'SharedList/get', {});
  expect(name, JSON.stringify(result)).toBe('SharedList/get');
  return result['list'] as SharedList[];
}

async function set(who: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const [name, result] = await call(who, 'SharedList/set', args);
  expect(name, JSON.stringify(result)).toBe('SharedList/set');
  return result;
}

/** Alice's list folders as her own IMAP client sees them. */
async function aliceListFolders(): Promise<string[]> {
  return (await alice.list()).map((m) => m.path).filter((p) => p.startsWith('Buzón lists/'));
}

/** identifier → rights on one of Alice's folders, as GETACL answers. */
async function aclOf(path: string): Promise<Map<string, string>> {
  const encoded = path.replace('Buzón lists', ROOT_WIRE);
  const [acl] = await execRaw(alice, 'GETACL', [imapString(encoded)], ['ACL']);
  const words = acl ? tokenStrings(acl).slice(1) : [];
  const out = new Map<string, string>();
  for (let i = 0; i + 1 < words.length; i += 2) out.set(words[i] ?? '', words[i + 1] ?? '');
  return out;
}

/**
 * The edit right as stored: `lrswite` exactly, plus the `d` that Dovecot adds by itself
 * (RFC 4314 §2.1.1: the obsolete RFC 2086 right, reported when `t` and `e` are both set).
 * Never `a` (share), `x` (delete the folder), `k`/`c` (make folders under it).
 */
function expectEditRight(rights: string | undefined): void {
  expect(
    [...(rights ?? '')]
      .filter((r) => r !== 'd')
      .sort()
      .join(''),
  ).toBe('eilrstw');
}

beforeAll(async () => {
  account = await startJmapAccount();
  cookies['alice'] = account.cookie;
  cookies['bob'] = await signIn(BOB);
  cookies['carol'] = await signIn(CAROL);
  alice = await account.imapClient();
}, START_TIMEOUT_MS);

afterAll(async () => {
  await account?.stop();
});

describe('server-kept contact lists', () => {
  it(
    'CONTACTS-5 the Session offers lists on the personal account, where the server has ACL',
    async () => {
      const session = await sessionOf(cookies['alice'] ?? '');
      expect(session.capabilities[LISTS]).toEqual({});
      const personal = session.accounts[session.primaryAccounts[MAIL] ?? ''];
      expect(personal?.accountCapabilities).toHaveProperty([LISTS]);
      // Bob has none yet; his connection is open before Alice shares anything.
      expect(await lists('bob')).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'CONTACTS-5 Alice creates a list shared with Bob (use) and Carol (edit); the ACL holds it',
    async () => {
      const result = await set('alice', {
        create: {
          n: {
            name: 'Equipo, «Málaga»; 2026',
            members: MEMBERS,
            sharedWith: [
              { address: BOB.user, mayEdit: false },
              { address: CAROL.user, mayEdit: true },
            ],
          },
        },
      });
      const created = (result['created'] as Record<string, SharedList>)['n'];
      expect(created, JSON.stringify(result)).toMatchObject({
        name: 'Equipo, «Málaga»; 2026',
        owner: ALICE.user,
        isMine: true,
        mayEdit: true,
        members: MEMBERS,
        sharedWith: [
          { address: BOB.user, mayEdit: false },
          { address: CAROL.user, mayEdit: true },
        ],
      });
      listId = created?.id ?? '';
      const folders = await aliceListFolders();
      expect(folders).toHaveLength(1);
      listFolder = folders[0] ?? '';
      const acl = await aclOf(listFolder);
      expect(acl.get(BOB.user)).toBe('lr');
      expectEditRight(acl.get(CAROL.user));
      const [mine] = await lists('alice');
      expect(mine).toEqual(created);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'CONTACTS-5 Bob sees the list shared after his session began: usable, not editable',
    async () => {
      const seen = await lists('bob');
      expect(seen).toEqual([
        expect.objectContaining({
          id: listId,
          name: 'Equipo, «Málaga»; 2026',
          owner: ALICE.user,
          isMine: false,
          mayEdit: false,
          members: MEMBERS,
          sharedWith: [],
        }),
      ]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'CONTACTS-5 Bob can neither change nor delete it, through Buzón or a raw IMAP APPEND',
    async () => {
      const before = await lists('alice');
      const result = await set('bob', {
        update: { [listId]: { members: [{ name: 'Intruso', address: 'evil@example.test' }] } },
        destroy: [listId],
      });
      expect((result['notUpdated'] as Record<string, { type: string }>)[listId]?.type).toBe(
        'forbidden',
      );
      expect((result['notDestroyed'] as Record<string, { type: string }>)[listId]?.type).toBe(
        'forbidden',
      );
      // The ACL is the real guard: Dovecot refuses Bob's own client too.
      const bob = new ImapFlow({
        host: account.dovecot.host,
        port: account.dovecot.imapPort,
        secure: false,
        doSTARTTLS: false,
        auth: { user: BOB.user, pass: BOB.pass },
        logger: false,
      });
      await bob.connect();
      try {
        await expect(
          bob.append(
            `shared/${ALICE.user}/${listFolder}`,
            'Subject: x\r\nX-Buzon-List: 1\r\n\r\nx\r\n',
          ),
        ).rejects.toMatchObject({ responseStatus: 'NO' });
      } finally {
        await bob.logout();
      }
      expect(await lists('alice')).toEqual(before);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'CONTACTS-5 Carol edits the members; Alice and Bob see the change; one message remains',
    async () => {
      const members = [...MEMBERS.slice(1), { name: 'Carmen', address: 'carmen@example.test' }];
      const result = await set('carol', { update: { [listId]: { members } } });
      const updated = (result['updated'] as Record<string, SharedList>)[listId];
      expect(updated, JSON.stringify(result)).toMatchObject({
        isMine: false,
        mayEdit: true,
        members,
      });
      expect((await lists('alice'))[0]?.members).toEqual(members);
      expect((await lists('bob'))[0]?.members).toEqual(members);
      const status = await alice.status(listFolder, { messages: true });
      expect(status && status.messages).toBe(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'CONTACTS-5 Carol can neither share nor delete Alice’s list',
    async () => {
      const result = await set('carol', {
        update: { [listId]: { sharedWith: [{ address: 'dave@buzon.test', mayEdit: true }] } },
        destroy: [listId],
      });
      expect((result['notUpdated'] as Record<string, { type: string }>)[listId]?.type).toBe(
        'forbidden',
      );
      expect((result['notDestroyed'] as Record<string, { type: string }>)[listId]?.type).toBe(
        'forbidden',
      );
      expect((await lists('alice'))[0]?.sharedWith).toHaveLength(2);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'CONTACTS-5 lists are not mail: no folder in Mailbox/get, no shared mailbox, no Share',
    async () => {
      const [, boxes] = await call('alice', 'Mailbox/get', { ids: null });
      const names = (boxes['list'] as { name: string }[]).map((b) => b.name);
      expect(names).toContain('Sent');
      expect(names.some((n) => n.startsWith('Buzón') || /^[0-9a-f]{24}$/.test(n))).toBe(false);
      // Alice shares only lists with Bob: his Session lists no mailbox of hers.
      const bobSession = await sessionOf(cookies['bob'] ?? '');
      expect(Object.values(bobSession.accounts).filter((a) => !a.isPersonal)).toEqual([]);
      // Whole-mailbox shares (SHARED-1) do not name list grantees.
      const [, shares] = await call('alice', 'Share/get', {});
      expect(shares['list']).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'CONTACTS-5 refuses invalid lists and grants: oneself, anyone, CR/LF, bad members',
    async () => {
      const valid = { name: 'Ok', members: [], sharedWith: [] };
      const bad: Record<string, unknown> = {
        self: { ...valid, sharedWith: [{ address: ALICE.user, mayEdit: false }] },
        anyone: { ...valid, sharedWith: [{ address: 'anyone', mayEdit: true }] },
        crlfName: { ...valid, name: 'Lista\r\nBcc: x@example.test' },
        crlfMember: { ...valid, members: [{ name: 'A\r\n', address: 'a@example.test' }] },
        crlfGrant: {
          ...valid,
          sharedWith: [{ address: 'bob@buzon.test\r\nA1 LOGOUT', mayEdit: false }],
        },
        notAnAddress: { ...valid, members: [{ name: 'B', address: 'not an address' }] },
        emptyName: { ...valid, name: '  ' },
        missing: { name: 'No members' },
        extra: { ...valid, color: 'red' },
        twice: {
          ...valid,
          sharedWith: [
            { address: BOB.user, mayEdit: false },
            { address: 'BOB@buzon.test', mayEdit: true },
          ],
        },
      };
      const result = await set('alice', { create: bad });
      const refused = result['notCreated'] as Record<
        string,
        { type: string; properties: string[] }
      >;
      expect(Object.keys(refused).sort()).toEqual(Object.keys(bad).sort());
      for (const error of Object.values(refused)) expect(error.type).toBe('invalidProperties');
      expect(refused['self']?.properties).toEqual(['sharedWith']);
      expect(refused['crlfName']?.properties).toEqual(['name']);
      expect(result['created']).toBeNull();
      expect(await aliceListFolders()).toHaveLength(1);
      // An update is checked the same way.
      const update = await set('alice', { update: { [listId]: { name: 'x\ny' } } });
      expect((update['notUpdated'] as Record<string, { type: string }>)[listId]?.type).toBe(
        'invalidProperties',
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'CONTACTS-5 a whole-mailbox share neither shows the lists as mail nor ends a list grant',
    async () => {
      const [, shared] = await call('alice', 'Share/set', {
        create: { c: { address: CAROL.user } },
      });
      expect(shared['created']).not.toBeNull();
      const session = await sessionOf(cookies['carol'] ?? '');
      const aliceAccount = Object.entries(session.accounts).find(([, a]) => !a.isPersonal)?.[0];
      expect(aliceAccount).toBeDefined();
      const [, boxes] = await call('carol', 'Mailbox/get', { accountId: aliceAccount, ids: null });
      const names = (boxes['list'] as { name: string }[]).map((b) => b.name);
      expect(names).toContain('INBOX');
      expect(names.some((n) => n.startsWith('Buzón'))).toBe(false);
      const [error, body] = await call('carol', 'SharedList/get', { accountId: aliceAccount });
      expect(error).toBe('error');
      expect(body['type']).toBe('accountNotSupportedByMethod');
      // Dovecot's acl_defaults_from_inbox gives her the owner's rights on every list
      // folder too, even one shared with nobody: she may use and edit Alice's lists.
      const [, made] = await call('alice', 'SharedList/set', {
        create: { p: { name: 'Privada', members: [], sharedWith: [] } },
      });
      const privateId = (made['created'] as Record<string, SharedList>)['p']?.id;
      const whileShared = await lists('carol');
      expect(whileShared.find((l) => l.id === privateId)).toMatchObject({
        isMine: false,
        mayEdit: true,
        sharedWith: [],
      });
      // …and Alice's list of grants names only whom she chose.
      expect((await lists('alice')).find((l) => l.id === privateId)?.sharedWith).toEqual([]);
      // Stopping the mailbox share leaves Carol's explicit right on the list.
      const [, current] = await call('alice', 'Share/get', {});
      const id = (current['list'] as { id: string; address: string }[])[0]?.id;
      const [, stopped] = await call('alice', 'Share/set', { destroy: [id] });
      expect(stopped['destroyed']).toEqual([id]);
      expectEditRight((await aclOf(listFolder)).get(CAROL.user));
      expect((await lists('carol')).map((l) => [l.id, l.mayEdit])).toEqual([[listId, true]]);
      const [, removed] = await call('alice', 'SharedList/set', { destroy: [privateId] });
      expect(removed['destroyed']).toEqual([privateId]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'CONTACTS-5 Alice stops sharing with Bob: his next get no longer lists it',
    async () => {
      const result = await set('alice', {
        update: { [listId]: { sharedWith: [{ address: CAROL.user, mayEdit: true }] } },
      });
      expect((result['updated'] as Record<string, SharedList>)[listId]?.sharedWith).toEqual([
        { address: CAROL.user, mayEdit: true },
      ]);
      expect(await lists('bob')).toEqual([]);
      expect((await aclOf(listFolder)).has(BOB.user)).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'CONTACTS-5 Alice deletes the list: gone for Carol, and its folder is gone',
    async () => {
      const result = await set('alice', { destroy: [listId] });
      expect(result['destroyed']).toEqual([listId]);
      expect(await lists('carol')).toEqual([]);
      expect(await lists('alice')).toEqual([]);
      expect(await aliceListFolders()).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'CONTACTS-5 a list whose newest message is oversized (written by another client) is left out, and its owner can still delete it',
    async () => {
      const created = await set('alice', {
        create: { big: { name: 'Grande', members: MEMBERS.slice(0, 1), sharedWith: [] } },
      });
      const id = (created['created'] as Record<string, SharedList>)['big']?.id ?? '';
      expect((await lists('alice')).map((l) => l.name)).toEqual(['Grande']);
      const [folder] = await aliceListFolders();
      // Another client with the edit right puts 10 MB "list" in the folder.
      const filler = `${'QUJD'.repeat(19)}\r\n`.repeat(140_000);
      const hostile = `X-Buzon-List: 1\r\nContent-Type: text/vcard\r\nContent-Transfer-Encoding: base64\r\n\r\n${filler}`;
      await alice.append(folder ?? '', hostile);
      expect(await lists('alice')).toEqual([]);
      const result = await set('alice', { destroy: [id] });
      expect(result['destroyed']).toEqual([id]);
    },
    TEST_TIMEOUT_MS,
  );
});
