// CONTACTS-5, the browser's transport to SharedList/* over the real JmapClient: what goes on
// the wire (the capability in `using`, the user's own account) and how each failure reaches
// the ContactService. The network is a fetch written here; the proxy's own tests run the
// methods against real Dovecot.
import { describe, expect, it } from 'vitest';
import { CORE_CAPABILITY } from '../../src/protocol/jmap-core.js';
import type { Session } from '../../src/protocol/jmap-core.js';
import { LISTS_CAPABILITY } from '../../src/protocol/jmap-lists.js';
import type { SharedList } from '../../src/protocol/jmap-lists.js';
import { MAIL_CAPABILITY } from '../../src/protocol/jmap-mail.js';
import { SharedListError } from '../../src/state/contact-types.js';
import { JmapClient } from '../../src/sync/jmap-client.js';
import { createSharedListSource, sharedListsOffered } from '../../src/sync/shared-lists.js';

function session(withLists: boolean): Session {
  const caps: Record<string, unknown> = { [MAIL_CAPABILITY]: {} };
  if (withLists) caps[LISTS_CAPABILITY] = {};
  return {
    capabilities: {
      [CORE_CAPABILITY]: {} as Session['capabilities'][typeof CORE_CAPABILITY],
      ...caps,
    },
    accounts: {
      shared1: { name: 'maria', isPersonal: false, isReadOnly: false, accountCapabilities: {} },
      own1: { name: 'ana', isPersonal: true, isReadOnly: false, accountCapabilities: caps },
    },
    primaryAccounts: { [MAIL_CAPABILITY]: 'own1' },
    username: 'ana',
    apiUrl: '/jmap/api',
    downloadUrl: '/d',
    uploadUrl: '/u',
    eventSourceUrl: '/e',
    state: 's1',
  };
}

const LIST: SharedList = {
  id: 'L1',
  name: 'Equipo',
  owner: 'ana',
  isMine: true,
  mayEdit: true,
  members: [{ name: 'Luis', address: 'luis@example.org' }],
  sharedWith: [],
  updated: '2026-05-01T00:00:00Z',
};

/** A server answering each API call with `answer`; `down` makes the network fail. */
function server(answer: (call: [string, Record<string, unknown>]) => unknown, withLists = true) {
  const requests: { using: string[]; methodCalls: [string, Record<string, unknown>, string][] }[] =
    [];
  let down = false;
  const client = new JmapClient({
    fetch: async (input, init) => {
      if (down) throw new TypeError('fetch failed');
      if (String(input).endsWith('/jmap/session')) return Response.json(session(withLists));
      const body = JSON.parse(String(init?.body)) as (typeof requests)[number];
      requests.push(body);
      const [name, args, id] = body.methodCalls[0] ?? ['', {}, '0'];
      return Response.json({ methodResponses: [[name, answer([name, args]), id]] });
    },
  });
  return { client, requests, setDown: (v: boolean) => (down = v) };
}

async function failure(p: Promise<unknown>): Promise<SharedListError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof SharedListError)) throw new Error(`expected a SharedListError: ${err}`);
  return err;
}

describe('the SharedList transport (CONTACTS-5)', () => {
  it('CONTACTS-5 reads and changes lists in the user own account with the lists capability', async () => {
    const s = server(([name, args]) =>
      name === 'SharedList/get'
        ? { accountId: 'own1', state: '1', list: [LIST] }
        : {
            accountId: 'own1',
            newState: '2',
            updated: { L1: { ...LIST, ...(args['update'] as Record<string, object>)['L1'] } },
          },
    );
    const source = createSharedListSource(s.client);
    expect(await sharedListsOffered(s.client)).toBe(true);
    expect(await source.get()).toEqual([LIST]);
    expect((await source.update('L1', { name: 'Equipo Sur' })).name).toBe('Equipo Sur');
    expect(s.requests.map((r) => r.using.includes(LISTS_CAPABILITY))).toEqual([true, true]);
    expect(s.requests[1]?.methodCalls[0]?.[1]).toEqual({
      accountId: 'own1',
      update: { L1: { name: 'Equipo Sur' } },
    });
  });

  it('CONTACTS-5 a server without the capability offers no shared lists', async () => {
    const s = server(() => ({}), false);
    expect(await sharedListsOffered(s.client)).toBe(false);
    expect((await failure(createSharedListSource(s.client).get())).reason).toBe('unavailable');
  });

  it('CONTACTS-5 no network is offline; SetErrors are forbidden, notFound and invalid, each in words', async () => {
    const refusal = (type: string) => ({
      accountId: 'own1',
      newState: '1',
      notUpdated: { L1: { type, description: 'said the server' } },
      notDestroyed: { L1: { type } },
      notCreated: { list: { type, properties: ['members'] } },
    });
    let type = 'forbidden';
    const s = server(() => refusal(type));
    const source = createSharedListSource(s.client);
    expect((await failure(source.update('L1', { name: 'x' }))).reason).toBe('forbidden');
    type = 'notFound';
    expect((await failure(source.destroy('L1'))).reason).toBe('notFound');
    type = 'invalidProperties';
    const invalid = await failure(source.create({ name: 'x', members: [], sharedWith: [] }));
    expect(invalid.reason).toBe('invalid');
    expect(invalid.message).toContain('members');
    type = 'overQuota';
    expect((await failure(source.update('L1', { name: 'x' }))).reason).toBe('unavailable');
    s.setDown(true);
    const offline = await failure(source.get());
    expect(offline.reason).toBe('offline');
    expect(offline.message).toBe(
      'Shared lists change only when you are online; nothing was changed.',
    );
  });

  it('CONTACTS-5 a method error (the proxy refuses the capability) is unavailable', async () => {
    const client = new JmapClient({
      fetch: async (input) =>
        String(input).endsWith('/jmap/session')
          ? Response.json(session(true))
          : Response.json({ methodResponses: [['error', { type: 'unknownMethod' }, '0']] }),
    });
    expect((await failure(createSharedListSource(client).get())).reason).toBe('unavailable');
  });
});
