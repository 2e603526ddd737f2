// ADR 0033 on the page: the proxy's TLS refusals (their problem codes are checked against
// real TLS servers in test/proxy/tls-policy-routes.test.ts) reach the user as sentences
// saying what happened and that no password was sent — at sign-in and in Settings.
import { describe, expect, it } from 'vitest';
import { refusal } from '../../src/state/account-errors.js';
import { imapAccountRefusal } from '../../src/ui/settings/imap-account-refusal.js';

function problem(code: string): Response {
  return new Response(
    JSON.stringify({
      type: `urn:buzon:error:${code}`,
      detail: 'The IMAP server of Example Mail sent a certificate that could not be verified.',
    }),
    { status: 502, headers: { 'Content-Type': 'application/problem+json' } },
  );
}

describe('TLS refusals in words (issue 3, ADR 0033)', () => {
  it('ACCESS-1 sign-in: an unverifiable certificate, no encryption and outdated TLS each say so', async () => {
    expect((await refusal(problem('serverCertificateInvalid'))).message).toBe(
      "The mail server's certificate could not be verified, so your password was not sent. Ask the server's operator.",
    );
    expect((await refusal(problem('serverNotEncrypted'))).message).toBe(
      'The mail server does not offer an encrypted connection, so your password was not sent.',
    );
    const outdated = await refusal(problem('serverTlsOutdated'));
    expect(outdated.message).toBe(
      'The mail server only offers outdated encryption (older than TLS 1.2), so Buzón did not connect.',
    );
    expect(outdated.code).toBe('serverTlsOutdated');
  });

  it('EXTERNAL-2 adding another IMAP account: the same sentences, where the proxy says the code', () => {
    const err = Object.assign(new Error('The IMAP server of x.example does not offer STARTTLS.'), {
      code: 'serverNotEncrypted',
    });
    expect(imapAccountRefusal(err)).toBe(
      'The mail server does not offer an encrypted connection, so your password was not sent.',
    );
    const unknown = Object.assign(new Error('Something else.'), { code: 'somethingNew' });
    expect(imapAccountRefusal(unknown)).toBe('Something else.');
  });
});
