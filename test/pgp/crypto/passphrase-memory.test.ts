// PGP-4: the worker's session-only passphrase memory, run through the worker's own request
// handler (PgpRunner) in Node.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateKeyPair } from '../../../src/pgp/crypto/index.js';
import type { GeneratedKeyPair } from '../../../src/pgp/crypto/types.js';
import { MAX_REMEMBER_MS } from '../../../src/workers/pgp/passphrase-memory.js';
import { PgpRunner } from '../../../src/workers/pgp/pgp-runner.js';

const KEYGEN_TIMEOUT_MS = 30_000;
const PASS = 'recuérdame';
const REMEMBER_MS = 60_000;
const data = new TextEncoder().encode('hola');
let ana: GeneratedKeyPair;

beforeAll(async () => {
  ana = await generateKeyPair({ name: 'Ana', email: 'ana@buzon.test', passphrase: PASS });
}, KEYGEN_TIMEOUT_MS);

afterEach(() => {
  vi.useRealTimers();
});

const sign = (runner: PgpRunner, args: { passphrase?: string; rememberMs?: number }) =>
  runner.run({ id: 1, op: 'signDetached', args: { data, privateKey: ana.privateKey, ...args } });

describe('PGP-4 session passphrase memory', () => {
  it('PGP-4 without a passphrase and nothing remembered, the worker asks for it', async () => {
    await expect(sign(new PgpRunner(), {})).rejects.toMatchObject({ kind: 'passphrase-needed' });
  });

  it('PGP-4 a passphrase that worked is remembered per key until forgotten', async () => {
    const runner = new PgpRunner();
    await expect(
      sign(runner, { passphrase: 'wrong', rememberMs: REMEMBER_MS }),
    ).rejects.toMatchObject({
      kind: 'wrong-passphrase',
    });
    expect(runner.memory.has(ana.info.fingerprint)).toBe(false);
    await sign(runner, { passphrase: PASS, rememberMs: REMEMBER_MS });
    expect(
      await runner.run({ id: 2, op: 'hasPassphrase', args: { fingerprint: ana.info.fingerprint } }),
    ).toBe(true);
    await expect(sign(runner, {})).resolves.toMatchObject({
      micalg: expect.stringMatching(/^pgp-/),
    });
    await runner.run({ id: 3, op: 'forgetPassphrases', args: {} });
    await expect(sign(runner, {})).rejects.toMatchObject({ kind: 'passphrase-needed' });
  });

  it('PGP-4 a remembered passphrase expires after its time, capped at the maximum', () => {
    vi.useFakeTimers();
    const runner = new PgpRunner();
    runner.memory.remember('f1', 'x', REMEMBER_MS);
    runner.memory.remember('f2', 'y', Number.MAX_SAFE_INTEGER);
    vi.advanceTimersByTime(REMEMBER_MS);
    expect(runner.memory.has('f1')).toBe(false);
    expect(runner.memory.get('f2')).toBe('y');
    vi.advanceTimersByTime(MAX_REMEMBER_MS);
    expect(runner.memory.has('f2')).toBe(false);
  });
});
