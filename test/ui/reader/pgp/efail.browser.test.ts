// PGP-4 / EFAIL (Poddebniak et al., 2018): a multipart/mixed that wraps an encrypted part
// between two HTML parts opening and closing an <img src="…. Real ciphertext, the real
// parser and renderer: the decrypted text must appear only in its own frame, never joined
// with the HTML around it, never in the body frames, never in the app document.
// (test/e2e/pgp.e2e.test.ts runs the same shape in the built app, with the real service and key,
// against a real loopback listener.)
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Mounted } from '../../harness.js';
import { FakePgp } from './support/fake-pgp.js';
import { encryptTo, efailMessage, makeKey } from './support/pgp-mail.js';
import type { TestKey } from './support/pgp-mail.js';
import {
  deep,
  deepAll,
  mountWithPgp,
  openMessage,
  pgpStatus,
  statusLines,
  until,
} from './support/mount.js';
import { EFAIL_SECRET, efailInner } from './support/efail.js';

/** The discard port: nothing listens, and the URL is only looked for in the frames. */
const LEAK_BASE = 'http://127.0.0.1:9';

let key: TestKey;
let armored: string;
let mounted: Mounted | undefined;

beforeAll(async () => {
  key = await makeKey();
  armored = await encryptTo(key, efailInner());
});
afterEach(async () => {
  await mounted?.close();
  mounted = undefined;
});

function appText(): string {
  const roots: (Document | ShadowRoot)[] = [document];
  for (const el of deepAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  return roots.map((r) => (r instanceof Document ? r.body.textContent : r.textContent)).join('\n');
}

describe('EFAIL (PGP-4)', () => {
  it('PGP-4 EFAIL: the decrypted part is rendered alone; no frame joins it to the HTML around it', async () => {
    const pgp = new FakePgp({ key, unlocked: true });
    mounted = await mountWithPgp(pgp.loader);
    const view = await openMessage(efailMessage('Efail', armored, LEAK_BASE), 'Efail');
    await pgpStatus();
    expect(statusLines('pgp-encrypted')[0]).toContain(
      'Only part 2 is encrypted; the rest of the message is not.',
    );
    deep('[data-testid="pgp-decrypt"]').click();
    const box = await until(() => deepAll('[data-testid="decrypted-part"]')[0]);
    await until(() => deepAll('[data-testid="decrypted-frame"]', box).length > 0);

    const decrypted = deepAll<HTMLIFrameElement>('[data-testid="decrypted-frame"]', box);
    expect(decrypted).toHaveLength(1);
    expect(decrypted[0]?.srcdoc).toContain(EFAIL_SECRET);
    expect(decrypted[0]?.srcdoc).not.toContain('/leak');

    const body = deepAll<HTMLIFrameElement>('[data-testid="message-frame"]', view);
    expect(body.length).toBeGreaterThan(0);
    for (const frame of [...body, ...decrypted]) {
      expect(frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
      // Remote content stays blocked (CSP allows data: images only) until the user asks.
      expect(frame.srcdoc).toContain('img-src data:;');
      expect(frame.srcdoc).not.toMatch(/src=["']?https?:/i);
    }
    for (const frame of body) expect(frame.srcdoc).not.toContain(EFAIL_SECRET);
    // The decrypted text is never in the app's own document (only in the frame's srcdoc).
    expect(appText()).not.toContain(EFAIL_SECRET);
  });
});
