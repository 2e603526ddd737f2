// Blob upload (RFC 8620 §6.1) and Email/import (RFC 8621 §4.8) through the real proxy
// into a real Dovecot: what the client uploads is what another IMAP client then finds on
// the server, under the id the facade's Email/get, Email/set and Email/changes use.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { MAX_SIZE_UPLOAD } from '../../src/protocol/limits.js';
import { DEFAULT_UPLOAD_LIMITS, UploadStore } from '../../src/proxy/jmap/blob-store.js';
import { messageProblem } from '../../src/proxy/jmap/email-import-args.js';
import { HttpError } from '../../src/proxy/http/errors.js';
import { startDovecot } from '../support/dovecot/index.js';
import {
  cookiePair,
  dovecotProvider,
  send,
  startBuzon,
  jmapRequest,
  type Call,
} from './support/buzon.js';
import type { Reply, RunningBuzon } from './support/buzon.js';
import { ALICE, USING, startJmapAccount, type JmapAccount } from './support/jmap-account.js';

/** A few IMAP round trips on loopback; generous for a loaded 2-core machine. */
const TEST_TIMEOUT_MS = 20_000;
/** Dovecot starts in well under a second; this bounds a cold first run. */
const START_TIMEOUT_MS = 30_000;

type Mailbox = { id: string; role: string | null };

let account: JmapAccount;
let buzon: RunningBuzon;
let cookie: string;
let accountId: string;
let other: ImapFlow;
let counter = 0;

/** A draft as the browser builds it: CRLF line ends, UTF-8 headers (RFC 6532), a body. */
function draft(label: string): { subject: string; raw: string } {
  counter += 1;
  const subject = `${label} ${counter}`;
  const raw = [
    `From: ${ALICE.user}`,
    'To: Bea <bea@example.test>',
    `Subject: ${subject}`,
    'Date: Tue, 03 Mar 2026 10:15:00 +0100',
    `Message-ID: <import-${counter}@buzon.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `Borrador número ${counter}.`,
    '',
  ].join('\r\n');
  return { subject, raw };
}

async function upload(body: string, type = 'message/rfc822'): Promise<Reply> {
  return send(buzon.origin, 'POST', `/jmap/upload/${accountId}/`, {
    body,
    headers: { Cookie: cookie, 'Content-Type': type },
  });
}

async function uploadId(body: string): Promise<string> {
  const reply = await upload(body);
  expect(reply.status).toBe(201);
  return (reply.json as { blobId: string }).blobId;
}

function call(methodCalls: unknown[]): Promise<Record<string, Call>> {
  return jmapRequest(buzon.origin, cookie, methodCalls, USING);
}

async function emailImport(args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { i } = await call([['Email/import', { accountId, ...args }, 'i']]);
  return i?.[0] === 'Email/import' ? (i[1] as Record<string, unknown>) : { error: i?.[1] };
}

async function byRole(role: string): Promise<Mailbox> {
  const { m } = await call([['Mailbox/get', { accountId, ids: null }, 'm']]);
  return (m?.[1]['list'] as Mailbox[]).find((x) => x.role === role) as Mailbox;
}

/** What another IMAP client finds in `path` under `subject`: flags, date and bytes. */
async function onServer(path: string, subject: string) {
  const lock = await other.getMailboxLock(path);
  try {
    await other.noop();
    const uids = await other.search({ subject }, { uid: true });
    if (!uids || uids.length === 0) return null;
    const message = await other.fetchOne(
      String(uids[0]),
      { flags: true, internalDate: true, source: true },
      { uid: true },
    );
    if (!message) return null;
    return {
      flags: [...(message.flags ?? [])].filter((f) => f !== '\\Recent').sort(),
      internalDate: new Date(message.internalDate ?? 0).toISOString(),
      source: message.source?.toString('utf8'),
    };
  } finally {
    lock.release();
  }
}

beforeAll(async () => {
  account = await startJmapAccount();
  ({ buzon, cookie, accountId } = account);
  other = await account.imapClient();
}, START_TIMEOUT_MS);

afterAll(async () => {
  await account?.stop();
});

describe('blob upload (RFC 8620 §6.1)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('COMPOSE-1 an upload answers 201 with the blob, and download gives back the same bytes', async () => {
    const { raw } = draft('Subida');
    const reply = await upload(raw);
    expect(reply.status).toBe(201);
    const blob = reply.json as Record<string, unknown>;
    expect(blob).toEqual({
      accountId,
      blobId: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      type: 'message/rfc822',
      size: Buffer.byteLength(raw),
    });
    const download = await send(
      buzon.origin,
      'GET',
      `/jmap/download/${accountId}/${String(blob['blobId'])}/borrador.eml?accept=message/rfc822`,
      { headers: { Cookie: cookie } },
    );
    expect(download.status).toBe(200);
    expect(download.text).toBe(raw);
    expect(download.headers['content-type']).toBe('message/rfc822');
  });

  it('ACCESS-1 an upload without a session is refused with 401', async () => {
    const reply = await send(buzon.origin, 'POST', `/jmap/upload/${accountId}/`, {
      body: draft('Anónimo').raw,
      headers: { 'Content-Type': 'message/rfc822' },
    });
    expect(reply.status).toBe(401);
    expect((reply.json as { type: string }).type).toBe('urn:buzon:error:notSignedIn');
  });

  it('ACCESS-1 an upload from a foreign Origin is refused with 403 (CSRF)', async () => {
    const reply = await send(buzon.origin, 'POST', `/jmap/upload/${accountId}/`, {
      body: draft('Ajeno').raw,
      headers: { Cookie: cookie, 'Content-Type': 'message/rfc822' },
      origin: 'http://evil.example',
    });
    expect(reply.status).toBe(403);
  });

  it('ACCOUNT-1 an upload declaring more than maxSizeUpload is refused with 413 before its body is read', async () => {
    const reply = await new Promise<{ status: number; json: unknown }>((resolve, reject) => {
      const req = httpRequest(new URL(`/jmap/upload/${accountId}/`, buzon.origin), {
        method: 'POST',
        headers: {
          Origin: buzon.origin,
          Cookie: cookie,
          'Content-Type': 'message/rfc822',
          'Content-Length': String(MAX_SIZE_UPLOAD + 1),
        },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          req.destroy();
          resolve({
            status: res.statusCode ?? 0,
            json: JSON.parse(Buffer.concat(chunks).toString()),
          });
        });
      });
      req.on('error', reject);
      // Only the headers go out, as a browser starting a big upload sends them first.
      req.flushHeaders();
    });
    expect(reply.status).toBe(413);
    expect((reply.json as { type: string }).type).toBe('urn:buzon:error:tooLarge');
  });

  it('ACCESS-1 an upload to another account id is refused with 404', async () => {
    const reply = await send(buzon.origin, 'POST', '/jmap/upload/Anotheraccount/', {
      body: draft('Otra').raw,
      headers: { Cookie: cookie, 'Content-Type': 'message/rfc822' },
    });
    expect(reply.status).toBe(404);
  });
});

describe('Email/import over IMAP APPEND (RFC 8621 §4.8)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('COMPOSE-1 a draft uploaded and imported is on the server with its flags, date and exact bytes, under the id Email/get uses', async () => {
    const { subject, raw } = draft('Borrador');
    const drafts = await byRole('drafts');
    const { s } = await call([['Email/get', { accountId, ids: [] }, 's']]);
    const before = s?.[1]['state'] as string;
    const blobId = await uploadId(raw);
    const result = await emailImport({
      emails: {
        d1: {
          blobId,
          mailboxIds: { [drafts.id]: true },
          keywords: { $draft: true, $seen: true },
          receivedAt: '2026-03-03T09:20:00Z',
        },
      },
    });
    expect(result['notCreated']).toBeNull();
    expect(result['oldState']).toBe(before);
    expect(result['newState']).not.toBe(before);
    const created = (result['created'] as Record<string, Record<string, unknown>>)['d1'];
    const id = created?.['id'] as string;
    expect(created).toEqual({ id, blobId: id, threadId: id, size: Buffer.byteLength(raw) });

    const { g } = await call([
      [
        'Email/get',
        {
          accountId,
          ids: [id],
          properties: ['subject', 'mailboxIds', 'keywords', 'receivedAt', 'size'],
        },
        'g',
      ],
    ]);
    expect(g?.[1]['list']).toEqual([
      {
        id,
        subject,
        mailboxIds: { [drafts.id]: true },
        keywords: { $draft: true, $seen: true },
        receivedAt: '2026-03-03T09:20:00Z',
        size: Buffer.byteLength(raw),
      },
    ]);

    expect(await onServer('Drafts', subject)).toEqual({
      flags: ['\\Draft', '\\Seen'],
      internalDate: '2026-03-03T09:20:00.000Z',
      source: raw,
    });

    // Another request later: Email/query of Drafts lists the same id.
    const { q } = await call([
      ['Email/query', { accountId, filter: { inMailbox: drafts.id } }, 'q'],
    ]);
    expect(q?.[1]['ids']).toContain(id);

    // Email/changes from the state before the import names it as created.
    const { c } = await call([['Email/changes', { accountId, sinceState: before }, 'c']]);
    expect(c?.[0]).toBe('Email/changes');
    expect(c?.[1]['created']).toContain(id);
  });

  it('FOLDER-6 an imported email keeps its id when Email/set moves it', async () => {
    const { subject, raw } = draft('Enviado');
    const [drafts, archive] = [await byRole('drafts'), await byRole('archive')];
    const result = await emailImport({
      emails: { x: { blobId: await uploadId(raw), mailboxIds: { [drafts.id]: true } } },
    });
    const id = (result['created'] as Record<string, { id: string }>)['x']?.id as string;
    const { set, g } = await call([
      ['Email/set', { accountId, update: { [id]: { mailboxIds: { [archive.id]: true } } } }, 'set'],
      ['Email/get', { accountId, ids: [id], properties: ['subject', 'mailboxIds'] }, 'g'],
    ]);
    expect(set?.[1]['updated']).toEqual({ [id]: null });
    expect(g?.[1]['list']).toEqual([{ id, subject, mailboxIds: { [archive.id]: true } }]);
    expect((await onServer('Archive', subject))?.source).toBe(raw);
    expect(await onServer('Drafts', subject)).toBeNull();
  });

  it('COMPOSE-1 an existing email’s blob can be imported as a copy, with a new id and the same bytes', async () => {
    const { subject, raw } = draft('Plantilla');
    const [drafts, inbox] = [await byRole('drafts'), await byRole('inbox')];
    const first = await emailImport({
      emails: { a: { blobId: await uploadId(raw), mailboxIds: { [drafts.id]: true } } },
    });
    const original = (first['created'] as Record<string, { id: string }>)['a']?.id as string;
    const copy = await emailImport({
      emails: { b: { blobId: original, mailboxIds: { [inbox.id]: true } } },
    });
    const copied = (copy['created'] as Record<string, { id: string }>)['b']?.id as string;
    expect(copied).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(copied).not.toBe(original);
    expect((await onServer('INBOX', subject))?.source).toBe(raw);
  });

  it('ACCESS-1 an unknown blobId is notCreated with blobNotFound; the other email of the call is imported', async () => {
    const drafts = await byRole('drafts');
    const result = await emailImport({
      emails: {
        lost: { blobId: 'Unosuchuploadxxxxxxxxxx', mailboxIds: { [drafts.id]: true } },
        fine: { blobId: await uploadId(draft('Bien').raw), mailboxIds: { [drafts.id]: true } },
      },
    });
    expect(result['notCreated']).toEqual({
      lost: expect.objectContaining({
        type: 'blobNotFound',
        notFound: ['Unosuchuploadxxxxxxxxxx'],
      }),
    });
    expect(Object.keys(result['created'] as object)).toEqual(['fine']);
  });

  it('ACCESS-1 bytes that are not a message are notCreated with invalidEmail and never reach the server', async () => {
    const drafts = await byRole('drafts');
    const garbage = 'esto no es un correo\r\nsolo texto suelto\r\n';
    const result = await emailImport({
      emails: { g: { blobId: await uploadId(garbage), mailboxIds: { [drafts.id]: true } } },
    });
    expect(result['notCreated']).toEqual({ g: expect.objectContaining({ type: 'invalidEmail' }) });
    expect(result['created']).toBeNull();
    expect(result['newState']).toBe(result['oldState']);
  });

  it('ACCESS-1 two mailboxes, an unknown mailbox or a bad keyword are refused per email', async () => {
    const [drafts, inbox] = [await byRole('drafts'), await byRole('inbox')];
    const blobId = await uploadId(draft('Mal').raw);
    const result = await emailImport({
      emails: {
        two: { blobId, mailboxIds: { [drafts.id]: true, [inbox.id]: true } },
        none: { blobId, mailboxIds: { Mnosuchmailbox: true } },
        bad: { blobId, mailboxIds: { [drafts.id]: true }, keywords: { 'a(b': true } },
      },
    });
    expect(result['notCreated']).toEqual({
      two: expect.objectContaining({ type: 'tooManyMailboxes', properties: ['mailboxIds'] }),
      none: expect.objectContaining({ type: 'invalidProperties', properties: ['mailboxIds'] }),
      bad: expect.objectContaining({ type: 'invalidProperties', properties: ['keywords'] }),
    });
    expect(result['created']).toBeNull();
  });

  it('SYNC-1 ifInState that is not the current Email state refuses the whole call (stateMismatch)', async () => {
    const drafts = await byRole('drafts');
    const result = await emailImport({
      ifInState: 'enotthestate',
      emails: {
        s: { blobId: await uploadId(draft('Estado').raw), mailboxIds: { [drafts.id]: true } },
      },
    });
    expect(result['error']).toEqual(expect.objectContaining({ type: 'stateMismatch' }));
  });
});

describe('the upload store: bounded, expiring, per session', () => {
  const small = {
    ...DEFAULT_UPLOAD_LIMITS,
    maxBlobBytes: 10,
    maxSessionBytes: 16,
    maxTotalBytes: 24,
  };
  const refusal = (work: () => unknown): { status: number; code: string } | null => {
    try {
      work();
      return null;
    } catch (err) {
      if (err instanceof HttpError) return { status: err.status, code: err.code };
      throw err;
    }
  };

  it('ACCOUNT-1 refuses a blob over maxSizeUpload and a session over its budget (413), the process over its own (503)', () => {
    const store = new UploadStore(() => true, small);
    expect(refusal(() => store.put('s1', Buffer.alloc(11), 'x/y'))).toEqual({
      status: 413,
      code: 'tooLarge',
    });
    store.put('s1', Buffer.alloc(10), 'x/y');
    expect(refusal(() => store.put('s1', Buffer.alloc(7), 'x/y'))).toEqual({
      status: 413,
      code: 'uploadQuotaExceeded',
    });
    store.put('s2', Buffer.alloc(10), 'x/y');
    expect(refusal(() => store.put('s3', Buffer.alloc(5), 'x/y'))).toEqual({
      status: 503,
      code: 'uploadStoreFull',
    });
    expect(store.totalBytes).toBe(20);
  });

  it('ACCOUNT-1 makes room by dropping imported uploads first, never ones not yet imported', () => {
    const store = new UploadStore(() => true, small);
    const imported = store.put('s1', Buffer.alloc(8), 'x/y');
    const pending = store.put('s1', Buffer.alloc(8), 'x/y');
    imported.imported = true;
    const next = store.put('s1', Buffer.alloc(8), 'x/y');
    expect(store.get('s1', imported.blobId)).toBeUndefined();
    expect(store.get('s1', pending.blobId)?.bytes.length).toBe(8);
    expect(store.get('s1', next.blobId)?.bytes.length).toBe(8);
  });

  it('ACCOUNT-1 an upload expires after the expiry, and a session that ended loses its uploads at the sweep', () => {
    let now = 1_000;
    let live = true;
    const store = new UploadStore(
      () => live,
      small,
      () => now,
    );
    const blob = store.put('s1', Buffer.alloc(4), 'x/y');
    expect(store.get('s2', blob.blobId)).toBeUndefined();
    now += small.expiryMs;
    expect(store.get('s1', blob.blobId)).toBeDefined();
    now += 1;
    expect(store.get('s1', blob.blobId)).toBeUndefined();
    store.put('s1', Buffer.alloc(4), 'x/y');
    live = false;
    store.sweep();
    expect(store.totalBytes).toBe(0);
  });

  it('ACCOUNT-1 at most maxConcurrentUpload uploads run at once per session (429)', () => {
    const store = new UploadStore(() => true, { ...small, maxConcurrent: 2 });
    const done = [store.begin('s1'), store.begin('s1')];
    expect(refusal(() => store.begin('s1'))).toEqual({ status: 429, code: 'tooManyUploads' });
    done[0]?.();
    expect(refusal(() => store.begin('s1'))).toBeNull();
  });
});

describe('what counts as a message for Email/import', () => {
  it('ACCESS-1 a header block (CRLF or LF, folded lines, no body) is a message; no header, a stray line or NUL is not', () => {
    expect(messageProblem(Buffer.from('Subject: a\r\n b\r\nFrom: x@y\r\n\r\nbody\r\n'))).toBeNull();
    expect(messageProblem(Buffer.from('Subject: a\nFrom: x@y\n\nbody: not a header\n'))).toBeNull();
    expect(messageProblem(Buffer.from('Subject: only headers'))).toBeNull();
    expect(messageProblem(Buffer.from(''))).not.toBeNull();
    expect(messageProblem(Buffer.from('hello world\r\n\r\nbody'))).not.toBeNull();
    expect(messageProblem(Buffer.from('Subject: a\r\nstray line\r\n\r\n'))).not.toBeNull();
    expect(messageProblem(Buffer.from('Subject: a\0b\r\n\r\n'))).not.toBeNull();
  });
});

describe('Email/import over quota', { timeout: TEST_TIMEOUT_MS }, () => {
  it('ACCOUNT-1 an APPEND the server refuses with [OVERQUOTA] is notCreated with overQuota', async () => {
    // Dovecot's maildir quota at 4 KiB of storage: a 16 KiB message cannot fit.
    const full = await startDovecot({ quota: { storageKiB: 4 } });
    const proxy = await startBuzon({ providers: [dovecotProvider(full)] });
    try {
      const login = await send(proxy.origin, 'POST', '/auth/login', {
        body: { provider: 'test', username: ALICE.user, password: ALICE.pass },
      });
      const headers = { Cookie: cookiePair(login) };
      const session = await send(proxy.origin, 'GET', '/jmap/session', { headers });
      const id = (session.json as { primaryAccounts: Record<string, string> }).primaryAccounts[
        'urn:ietf:params:jmap:mail'
      ] as string;
      const jmapCall = async (call: Call): Promise<Call> => {
        const reply = await send(proxy.origin, 'POST', '/jmap', {
          headers,
          body: { using: USING, methodCalls: [call] },
        });
        return (reply.json as { methodResponses: Call[] }).methodResponses[0] as Call;
      };
      const big = draft('Grande').raw + `${'y'.repeat(78)}\r\n`.repeat(200);
      const uploaded = await send(proxy.origin, 'POST', `/jmap/upload/${id}/`, {
        body: big,
        headers: { ...headers, 'Content-Type': 'message/rfc822' },
      });
      const blobId = (uploaded.json as { blobId: string }).blobId;
      const [, got] = await jmapCall(['Mailbox/get', { accountId: id, ids: null }, 'm']);
      const inbox = (got['list'] as Mailbox[]).find((m) => m.role === 'inbox') as Mailbox;
      const [name, result] = await jmapCall([
        'Email/import',
        { accountId: id, emails: { big: { blobId, mailboxIds: { [inbox.id]: true } } } },
        'i',
      ]);
      expect(name).toBe('Email/import');
      expect(result['notCreated']).toEqual({ big: expect.objectContaining({ type: 'overQuota' }) });
      expect(result['created']).toBeNull();
    } finally {
      await proxy.stop();
      await full.stop();
    }
  });
});
