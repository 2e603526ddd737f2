import { describe, expect, it } from 'vitest';
import { decide, hasNotJunkMark, serverVerdict } from '../../src/spam/verdict.js';
import type { SpamScore } from '../../src/spam/bayes.js';
import { loadFixture } from './load.js';

const classified = (verdict: SpamScore['verdict']): SpamScore => ({
  probability: verdict === 'spam' ? 0.99 : verdict === 'ham' ? 0.01 : 0.5,
  verdict,
  clues: [],
});

describe('server verdict headers', () => {
  it('SPAM-1 honours SpamAssassin X-Spam-Flag: YES', async () => {
    const m = await loadFixture('sa-spam.eml');
    expect(serverVerdict(m.headers)).toEqual({ verdict: 'spam', reason: 'X-Spam-Flag: YES' });
  });

  it('SPAM-1 reads SpamAssassin X-Spam-Status: Yes, score=… without the flag', () => {
    const r = serverVerdict([
      { key: 'X-Spam-Status', value: 'Yes, score=7.2 required=5.0 tests=BAYES_99' },
    ]);
    expect(r.verdict).toBe('spam');
    expect(r.reason).toMatch(/^X-Spam-Status: Yes, score=7\.2/);
  });

  it('SPAM-1 reads X-Spam-Status: No as the server calling it ham', async () => {
    const m = await loadFixture('sa-ham.eml');
    expect(serverVerdict(m.headers).verdict).toBe('ham');
  });

  it('SPAM-1 honours rspamd X-Spam: Yes and its action header', async () => {
    const m = await loadFixture('rspamd-spam.eml');
    expect(serverVerdict(m.headers).verdict).toBe('spam');
    for (const action of ['reject', 'add header', 'rewrite subject', 'Add Header']) {
      expect(serverVerdict([{ key: 'X-Spam-Action', value: action }]).verdict).toBe('spam');
    }
    expect(serverVerdict([{ key: 'X-Spam-Action', value: 'no action' }]).verdict).toBe('ham');
    expect(serverVerdict([{ key: 'X-Spam-Action', value: 'greylist' }]).verdict).toBe('unknown');
    expect(
      serverVerdict([{ key: 'X-Spamd-Result', value: 'default: True [16.00 / 15.00]; X(1)' }])
        .verdict,
    ).toBe('spam');
  });

  it('SPAM-1 counts X-Spam-Level stars only when nothing else says', () => {
    expect(serverVerdict([{ key: 'X-Spam-Level', value: '*****' }]).verdict).toBe('spam');
    expect(serverVerdict([{ key: 'X-Spam-Level', value: '****' }]).verdict).toBe('ham');
    expect(
      serverVerdict([
        { key: 'X-Spam-Level', value: '******' },
        { key: 'X-Spam-Status', value: 'No, score=6.1 required=8.0' },
      ]).verdict,
    ).toBe('ham');
  });

  it('SPAM-1 lets a spam signal win over a forged "X-Spam-Flag: NO" the sender added', async () => {
    const m = await loadFixture('forged-no.eml');
    expect(serverVerdict(m.headers).verdict).toBe('spam');
  });

  it('SPAM-1 honours a $Junk keyword set by Sieve or another client', () => {
    expect(serverVerdict([], ['$Junk'])).toEqual({ verdict: 'spam', reason: 'keyword $Junk' });
    expect(serverVerdict([], ['$seen', 'Junk']).verdict).toBe('spam');
    expect(serverVerdict([], ['$seen']).verdict).toBe('unknown');
  });

  it('SPAM-1 says unknown for mail no filter looked at', () => {
    expect(serverVerdict([{ key: 'Subject', value: 'X-Spam-Flag: YES' }])).toEqual({
      verdict: 'unknown',
      reason: '',
    });
  });
});

describe('decide', () => {
  it('SPAM-1 sends mail to Spam when the server says spam', () => {
    expect(decide('spam', classified('ham'))).toBe('spam');
    expect(decide('spam', null)).toBe('spam');
  });

  it('SPAM-1 sends mail to Spam when the classifier says spam, even if the server said ham', () => {
    expect(decide('ham', classified('spam'))).toBe('spam');
    expect(decide('unknown', classified('spam'))).toBe('spam');
  });

  it('SPAM-1 keeps unsure and ham mail in the Inbox', () => {
    expect(decide('unknown', classified('unsure'))).toBe('inbox');
    expect(decide('ham', classified('ham'))).toBe('inbox');
    expect(decide('unknown', null)).toBe('inbox');
  });

  it('SPAM-2 keeps mail the user marked $NotJunk in the Inbox whatever else says', () => {
    expect(hasNotJunkMark(['$NotJunk'])).toBe(true);
    expect(hasNotJunkMark(['NonJunk'])).toBe(true);
    expect(hasNotJunkMark(['$Junk'])).toBe(false);
    expect(decide('spam', classified('spam'), hasNotJunkMark(['$notjunk']))).toBe('inbox');
  });
});
