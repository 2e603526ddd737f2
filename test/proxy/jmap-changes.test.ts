// Mailbox/changes and Email/changes (RFC 8620 §5.2, RFC 8621 §2.2/§4.3) against a real
// Dovecot: another IMAP client changes the account, the proxy answers what changed since
// a state it handed out. Ids stay the same across MOVE (ACCESS-1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import type { DovecotInstance } from '../support/dovecot/index.js';
import { send } from './support/buzon.js';
import {
  ALICE,
  USING,
  plainMessage,
  startJmapAccount,
  type JmapAccount,
} from './support/jmap-account.js';
import type { Reply, RunningBuzon } from './support/buzon.js';

/** A few IMAP round trips on loopback; generous for a loaded 2-core machine. */
const TEST_TIMEOUT_MS = 20_000;
/** Dovecot starts in well under a second; this bounds a cold first run. */
const START_TIMEOUT_MS = 30_000;

const message = (n: number, subject: string) => plainMessage(n, subject);

type Call = [string, Record<string, unknown>, string];

let account: JmapAccount;
let dovecot: DovecotInstance;
let buzon: RunningBuzon;
let cookie: string;
let accountId: string;
let other: ImapFlow;

async function jmap(methodCalls: unknown[]): Promise<Call[]> {
  const reply: Reply = await send(buzon.origin, 'POST', '/jmap', {
    body: { using: USING, methodCalls },
    headers: { Cookie: cookie },
  });
  expect(reply.status).toBe(200);
  return (reply.json as { methodResponses: Call[] }).methodResponses;
}

async function call(name: string, args: Record<string, unknown>): Promise<Call> {
  const [response] = await jmap([[name, { accountId, ...args }, 'c']]);
  if (!response) throw new Error('no response');
  return response;
}

async function mailboxes(): Promise<{ state: string; list: Record<string, unknown>[] }> {
  const [, result] = await call('Mailbox/get', { ids: null });
  return result as { state: string; list: Record<string, unknown>[] };
}

async function mailboxIdOf(role: string): Promise<string> {
  return (await mailboxes()).list.find((m) => m['role'] === role)?.['id'] as string;
}

/** Ids of a folder (newest first) and the Email state an Email/get of them hands out. */
async function folder(role: string): Promise<{ ids: string[]; state: string }> {
  const inMailbox = await mailboxIdOf(role);
  const [query, get] = await jmap([
    ['Email/query', { accountId, filter: { inMailbox } }, 'q'],
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
  return { ids: query?.[1]['ids'] as string[], state: get?.[1]['state'] as string };
}

async function emailChanges(sinceState: string): Promise<Record<string, unknown>> {
  const [name, result] = await call('Email/changes', { sinceState });
  expect(name, JSON.stringify(result)).toBe('Email/changes');
  return result;
}

/** Runs `work` with `path` selected read-write on the other client. */
async function inFolder(path: string, work: () => Promise<unknown>): Promise<void> {
  const lock = await other.getMailboxLock(path);
  try {
    await work();
  } finally {
    lock.release();
  }
}

beforeAll(async () => {
  account = await startJmapAccount(
    (
      [
        [1, 'Uno'],
        [2, 'Dos'],
        [3, 'Tres'],
      ] as const
    ).map(([n, subject]) => message(n, subject)),
  );
  ({ dovecot, buzon, cookie, accountId } = account);
  other = await account.imapClient();
}, START_TIMEOUT_MS);

afterAll(async () => {
  await account?.stop();
});

describe('Email/changes over QRESYNC (RFC 8621 §4.3)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('RFC 8620 §5.2 nothing changed: same state, empty lists', async () => {
    const { state } = await folder('inbox');
    const changes = await emailChanges(state);
    expect(changes).toMatchObject({
      oldState: state,
      newState: state,
      hasMoreChanges: false,
      created: [],
      updated: [],
      destroyed: [],
    });
  });

  it('ACCESS-1 a \\Seen set by another client is updated, and Email/get then has $seen', async () => {
    const { ids, state } = await folder('inbox');
    await inFolder('INBOX', () => other.messageFlagsAdd({ subject: 'Dos' }, ['\\Seen']));
    const changes = await emailChanges(state);
    expect(changes).toMatchObject({
      oldState: state,
      created: [],
      updated: [ids[1]],
      destroyed: [],
    });
    expect(changes['newState']).not.toBe(state);
    const [, get] = await call('Email/get', { ids: [ids[1]], properties: ['keywords'] });
    expect(get['list']).toEqual([{ id: ids[1], keywords: { $seen: true } }]);
    expect(get['state']).toBe(changes['newState']);
  });

  it('ACCESS-1 an LMTP delivery is created, and chained changes continue from newState', async () => {
    const { ids, state } = await folder('inbox');
    await dovecot.deliver(ALICE.user, message(4, 'Cuatro'));
    const changes = await emailChanges(state);
    expect(changes['updated']).toEqual([]);
    expect(changes['destroyed']).toEqual([]);
    const created = changes['created'] as string[];
    expect(created).toHaveLength(1);
    expect(ids).not.toContain(created[0]);
    const [, get] = await call('Email/get', { ids: created, properties: ['subject'] });
    expect(get['list']).toEqual([{ id: created[0], subject: 'Cuatro' }]);
    const next = await emailChanges(changes['newState'] as string);
    expect(next).toMatchObject({ created: [], updated: [], destroyed: [] });
  });

  it('ACCESS-1 a MOVE to another folder is updated with the same id, not destroyed', async () => {
    const { ids, state } = await folder('inbox');
    await inFolder('INBOX', () => other.messageMove({ subject: 'Tres' }, 'Archive'));
    const changes = await emailChanges(state);
    expect(changes['created']).toEqual([]);
    expect(changes['destroyed']).toEqual([]);
    expect(changes['updated']).toHaveLength(1);
    const [id] = changes['updated'] as string[];
    expect(ids).toContain(id);
    const archive = await mailboxIdOf('archive');
    const [, get] = await call('Email/get', { ids: [id], properties: ['subject', 'mailboxIds'] });
    expect(get['list']).toEqual([{ id, subject: 'Tres', mailboxIds: { [archive]: true } }]);
  });

  it('ACCESS-1 a message deleted and expunged by another client is destroyed', async () => {
    const { ids, state } = await folder('inbox');
    await inFolder('INBOX', () => other.messageDelete({ subject: 'Uno' }));
    const changes = await emailChanges(state);
    expect(changes).toMatchObject({ created: [], updated: [] });
    const destroyed = changes['destroyed'] as string[];
    expect(destroyed).toHaveLength(1);
    expect(ids).toContain(destroyed[0]);
    const [, get] = await call('Email/get', { ids: destroyed });
    expect(get['notFound']).toEqual(destroyed);
  });

  it('RFC 8620 §5.2 an unknown sinceState is cannotCalculateChanges', async () => {
    const [name, error] = await call('Email/changes', { sinceState: 'eNotAStateOfThisSession' });
    expect(name).toBe('error');
    expect(error['type']).toBe('cannotCalculateChanges');
    const [mname, merror] = await call('Mailbox/changes', { sinceState: 'mNope' });
    expect(mname).toBe('error');
    expect(merror['type']).toBe('cannotCalculateChanges');
  });

  it('RFC 8620 §5.2 more changes than maxChanges is cannotCalculateChanges (no paging)', async () => {
    const { state } = await folder('inbox');
    await inFolder('INBOX', () => other.messageFlagsAdd('1:*', ['\\Flagged']));
    const [name, error] = await call('Email/changes', { sinceState: state, maxChanges: 1 });
    expect(name).toBe('error');
    expect(error['type']).toBe('cannotCalculateChanges');
    const changes = await emailChanges(state);
    expect((changes['updated'] as string[]).length).toBeGreaterThan(1);
  });

  it('RFC 8620 §3.7 Email/changes → Email/get with #ids from /updated', async () => {
    const { ids, state } = await folder('inbox');
    await inFolder('INBOX', () => other.messageFlagsRemove('1:*', ['\\Flagged']));
    const [changes, get] = await jmap([
      ['Email/changes', { accountId, sinceState: state }, 'c'],
      [
        'Email/get',
        {
          accountId,
          '#ids': { resultOf: 'c', name: 'Email/changes', path: '/updated' },
          properties: ['keywords'],
        },
        'g',
      ],
    ]);
    expect(changes?.[0]).toBe('Email/changes');
    expect(get?.[0]).toBe('Email/get');
    const list = get?.[1]['list'] as { id: string; keywords: Record<string, boolean> }[];
    expect(list.map((e) => e.id).sort()).toEqual([...ids].sort());
    for (const email of list) expect(email.keywords['$flagged']).toBeUndefined();
    expect(get?.[1]['state']).toBe(changes?.[1]['newState']);
  });
});

describe('Mailbox/changes (RFC 8621 §2.2)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('ACCESS-1 a delivery changes only counts: updatedProperties names them', async () => {
    const { state } = await mailboxes();
    const inbox = await mailboxIdOf('inbox');
    await dovecot.deliver(ALICE.user, message(5, 'Cinco'));
    const [, changes] = await call('Mailbox/changes', { sinceState: state });
    expect(changes).toMatchObject({
      oldState: state,
      created: [],
      updated: [inbox],
      destroyed: [],
    });
    expect(changes['updatedProperties']).toEqual(
      expect.arrayContaining(['totalEmails', 'unreadEmails']),
    );
  });

  it('ACCESS-1 CREATE, RENAME and DELETE of a folder are created, updated and destroyed', async () => {
    const first = await mailboxes();
    await other.mailboxCreate('Viajes');
    const [, created] = await call('Mailbox/changes', { sinceState: first.state });
    expect(created['created']).toHaveLength(1);
    expect(created).toMatchObject({ updated: [], destroyed: [] });
    const [id] = created['created'] as string[];

    await other.mailboxRename('Viajes', 'Viajes 2026');
    const [, renamed] = await call('Mailbox/changes', { sinceState: created['newState'] });
    expect(renamed).toMatchObject({ created: [], updated: [id], destroyed: [] });
    expect(renamed['updatedProperties']).toBeNull();
    const [, get] = await call('Mailbox/get', { ids: [id], properties: ['name'] });
    expect(get['list']).toEqual([{ id, name: 'Viajes 2026' }]);

    await other.mailboxDelete('Viajes 2026');
    const [, deleted] = await call('Mailbox/changes', { sinceState: renamed['newState'] });
    expect(deleted).toMatchObject({ created: [], updated: [], destroyed: [id] });
  });

  it('ACCESS-1 the messages of a folder another client deletes are destroyed in Email/changes', async () => {
    await other.mailboxCreate('Temporal');
    await other.append('Temporal', message(6, 'Seis'));
    const temporal = (await mailboxes()).list.find((m) => m['name'] === 'Temporal');
    const [query, get] = await jmap([
      ['Email/query', { accountId, filter: { inMailbox: temporal?.['id'] } }, 'q'],
      [
        'Email/get',
        { accountId, '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' } },
        'g',
      ],
    ]);
    const inside = query?.[1]['ids'] as string[];
    expect(inside).toHaveLength(1);
    await other.mailboxDelete('Temporal');
    const changes = await emailChanges(get?.[1]['state'] as string);
    expect(changes).toMatchObject({ created: [], updated: [], destroyed: inside });
  });

  it('ACCESS-1 a folder created since the state brings its messages as created', async () => {
    const { state } = await folder('inbox');
    await other.mailboxCreate('Nuevo');
    await other.append('Nuevo', message(7, 'Siete'));
    const changes = await emailChanges(state);
    expect(changes).toMatchObject({ updated: [], destroyed: [] });
    const created = changes['created'] as string[];
    expect(created).toHaveLength(1);
    const [, get] = await call('Email/get', { ids: created, properties: ['subject'] });
    expect(get['list']).toEqual([{ id: created[0], subject: 'Siete' }]);
  });
});
