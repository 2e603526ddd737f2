// Session lifetime: idle and absolute timeouts, and the bound on how many are kept.
import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../src/proxy/auth/session-store.js';
import {
  MAX_SESSIONS,
  SESSION_ABSOLUTE_TIMEOUT_MS,
  SESSION_IDLE_TIMEOUT_MS,
  SessionStore,
} from '../../src/proxy/auth/session-store.js';

const HOUR_MS = 60 * 60 * 1000;

function record(id: string, at: number): SessionRecord {
  return {
    id,
    username: 'alice@buzon.test',
    provider: { id: 'test', name: 'Test', imap: { host: '127.0.0.1', port: 143, tls: 'none' } },
    sealed: { iv: Buffer.alloc(12), ciphertext: Buffer.alloc(8), tag: Buffer.alloc(16) },
    createdAt: at,
    lastSeenAt: at,
  };
}

describe('session lifetime', () => {
  it('security: a session unused for longer than the idle timeout ends', () => {
    let now = 0;
    const store = new SessionStore(() => now);
    store.add(record('s1', now));
    now += SESSION_IDLE_TIMEOUT_MS - 1;
    expect(store.get('s1')).toBeDefined();
    now += 2;
    expect(store.get('s1')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('security: a busy session still ends at the absolute timeout', () => {
    let now = 0;
    const store = new SessionStore(() => now);
    store.add(record('s1', now));
    while (now < SESSION_ABSOLUTE_TIMEOUT_MS - HOUR_MS) {
      now += HOUR_MS;
      const live = store.get('s1');
      expect(live).toBeDefined();
      if (live) store.touch(live);
    }
    now += 2 * HOUR_MS;
    expect(store.get('s1')).toBeUndefined();
  });

  it('security: sweep() drops expired sessions nobody asks for', () => {
    let now = 0;
    const store = new SessionStore(() => now);
    store.add(record('old', now));
    now += SESSION_IDLE_TIMEOUT_MS / 2;
    store.add(record('new', now));
    now += SESSION_IDLE_TIMEOUT_MS / 2 + 1;
    store.sweep();
    expect(store.records().map((r) => r.id)).toEqual(['new']);
  });

  it('security: past MAX_SESSIONS the least recently used session ends first', () => {
    const store = new SessionStore(() => 0);
    for (let i = 0; i < MAX_SESSIONS; i++) store.add(record(`s${i}`, 0));
    const first = store.get('s0');
    if (first) store.touch(first);
    store.add(record('one-more', 0));
    expect(store.size).toBe(MAX_SESSIONS);
    expect(store.get('s0')).toBeDefined();
    expect(store.get('s1')).toBeUndefined();
  });
});
