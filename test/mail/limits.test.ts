import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/parse.js';
import { MAX_MESSAGE_BYTES, MAX_PARTS, MAX_RFC822_DEPTH } from '../../src/mail/limits.js';
import type { ParsedMessage } from '../../src/mail/types.js';
import { isUnparseable } from '../../src/mail/types.js';
import { eml } from './fixtures.js';

describe('parser limits', () => {
  it('ACCOUNT-1 refuses a message over 50 MB with a clear reason', async () => {
    const head = new TextEncoder().encode('From: a@b.example\nSubject: big\n\n');
    const raw = new Uint8Array(MAX_MESSAGE_BYTES + 1).fill(0x61);
    raw.set(head);
    const p = await parseMessage(raw);
    if (!isUnparseable(p)) throw new Error('should be refused');
    expect(p.error).toBe('Message too large: 50.0 MB is over the 50 MB limit.');
    expect(p.rawText.startsWith('From: a@b.example')).toBe(true);
    expect(p.rawText).toMatch(/more bytes not shown\]$/);
  });

  it('refuses MIME nesting deeper than MAX_MIME_DEPTH, naming the limit', async () => {
    const p = await parseMessage(eml('deep-nesting.eml'));
    if (!isUnparseable(p)) throw new Error('should be refused');
    expect(p.error).toMatch(/nesting depth of 32 levels exceeded/);
    expect(p.rawText).toContain('Subject: Deep');
  });

  it('still reads legitimately nested multiparts', async () => {
    const p = await parseMessage(eml('nested-ok.eml'));
    if (isUnparseable(p)) throw new Error(p.error);
    expect(p.parts).toEqual([{ kind: 'text', text: 'bottom text\n', flowed: false }]);
  });

  it('refuses a header block over MAX_HEADER_BYTES', async () => {
    const p = await parseMessage(eml('huge-header.eml'));
    if (!isUnparseable(p)) throw new Error('should be refused');
    expect(p.error).toMatch(/Maximum header size of 1048576 bytes exceeded/);
  });

  it('walks at most MAX_PARTS parts and flags the message limit-exceeded', async () => {
    const p = await parseMessage(eml('many-parts.eml'));
    if (isUnparseable(p)) throw new Error(p.error);
    expect(p.summary.warnings).toContain('limit-exceeded');
    // The root multipart counts as one part.
    expect(p.attachments).toHaveLength(MAX_PARTS - 1);
  });

  it('shows forwarded messages inline down to MAX_RFC822_DEPTH, deeper ones as .eml attachments', async () => {
    // A forward of a forward of … built from a real fixture, one level deeper than the limit.
    let raw = new TextDecoder().decode(eml('two-from.eml'));
    for (let i = 0; i <= MAX_RFC822_DEPTH; i++) {
      raw = `From: fwd${i}@example.com\nSubject: Fwd ${i}\nMIME-Version: 1.0\nContent-Type: message/rfc822\n\n${raw}`;
    }
    let m = await parseMessage(new TextEncoder().encode(raw));
    let depth = 0;
    while (!isUnparseable(m) && m.parts[0]?.kind === 'message') {
      m = m.parts[0].message;
      depth++;
    }
    if (isUnparseable(m)) throw new Error(m.error);
    const deepest: ParsedMessage = m;
    expect(depth).toBe(MAX_RFC822_DEPTH);
    expect(deepest.attachments).toMatchObject([
      { mimeType: 'message/rfc822', filename: 'part-1.1.1.1.1.1.eml' },
    ]);
  });
});
