// RFC 8620 §2: the Session the proxy advertises, and the URL templates the sync engine
// expands, whether they come from the proxy or from a real JMAP server.
import { describe, expect, it } from 'vitest';
import {
  buildSession,
  expandDownloadUrl,
  expandEventSourceUrl,
  expandUploadUrl,
  expandUriTemplate,
} from '../../src/protocol/session.js';
import {
  CORE_CAPABILITY,
  MAIL_CAPABILITY,
  SUBMISSION_CAPABILITY,
} from '../../src/protocol/jmap-mail.js';
import {
  MAX_CALLS_IN_REQUEST,
  MAX_OBJECTS_IN_GET,
  MAX_SIZE_REQUEST,
} from '../../src/protocol/limits.js';

describe('buildSession (RFC 8620 §2, RFC 8621 §1.3)', () => {
  const session = buildSession({ accountId: 'u1', username: 'ana@example.com', state: 'st1' });

  it('RFC 8620 §2 DOMAIN-1 advertises the limits the proxy enforces', () => {
    expect(session.capabilities[CORE_CAPABILITY]).toMatchObject({
      maxSizeRequest: MAX_SIZE_REQUEST,
      maxCallsInRequest: MAX_CALLS_IN_REQUEST,
      maxObjectsInGet: MAX_OBJECTS_IN_GET,
    });
    expect(session.capabilities[MAIL_CAPABILITY]).toEqual({});
  });

  it('RFC 8620 §2 lists one personal account, primary for mail and submission, not core', () => {
    expect(session.accounts['u1']).toMatchObject({
      name: 'ana@example.com',
      isPersonal: true,
      isReadOnly: false,
    });
    expect(session.primaryAccounts).toEqual({
      [MAIL_CAPABILITY]: 'u1',
      [SUBMISSION_CAPABILITY]: 'u1',
    });
    expect(session.accounts['u1']?.accountCapabilities[MAIL_CAPABILITY]).toMatchObject({
      maxMailboxesPerEmail: 1,
      emailQuerySortOptions: ['receivedAt'],
    });
  });

  it('RFC 8620 §2 uses same-origin URLs whose templates carry every required variable', () => {
    expect(session.apiUrl).toBe('/jmap');
    for (const v of ['{accountId}', '{blobId}', '{name}', '{type}'])
      expect(session.downloadUrl).toContain(v);
    expect(session.uploadUrl).toContain('{accountId}');
    for (const v of ['{types}', '{closeafter}', '{ping}'])
      expect(session.eventSourceUrl).toContain(v);
    expect(session.state).toBe('st1');
  });

  it('RFC 8621 §1.3.2 leaves submission out when the user cannot send', () => {
    const noSmtp = buildSession({ accountId: 'u1', username: 'ana', state: 's', submission: null });
    expect(noSmtp.capabilities[SUBMISSION_CAPABILITY]).toBeUndefined();
    expect(noSmtp.primaryAccounts[SUBMISSION_CAPABILITY]).toBeUndefined();
  });

  it('RFC 8620 §2 the Session survives a JSON round trip unchanged (it is what goes on the wire)', () => {
    expect(JSON.parse(JSON.stringify(session))).toEqual(session);
  });
});

describe('URL templates (RFC 8620 §2, RFC 6570 level 1)', () => {
  const session = buildSession({ accountId: 'u1', username: 'ana', state: 's' });

  it('RFC 8620 §6.2 expands the download URL, percent-encoding every variable', () => {
    const url = expandDownloadUrl(session.downloadUrl, {
      accountId: 'u1',
      blobId: 'Gb5f55i6',
      name: 'Factura marzo (1).pdf',
      type: 'application/pdf',
    });
    expect(url).toBe(
      '/jmap/download/u1/Gb5f55i6/Factura%20marzo%20%281%29.pdf?accept=application%2Fpdf',
    );
  });

  it('RFC 6570 §3.2.2 encodes UTF-8 and reserved characters; a lone surrogate does not throw', () => {
    expect(expandUriTemplate('/{n}', { n: "año/ñ?&=#!*'" })).toBe(
      '/a%C3%B1o%2F%C3%B1%3F%26%3D%23%21%2A%27',
    );
    expect(expandUriTemplate('/{n}', { n: 'a-b.c_d~e' })).toBe('/a-b.c_d~e');
    expect(expandUriTemplate('/{n}', { n: 'x\uD800y' })).toBe('/x%EF%BF%BDy');
  });

  it('RFC 6570 §3.2.1 expands an undefined variable to "" and leaves non-level-1 expressions', () => {
    expect(expandUriTemplate('/a/{missing}/b', {})).toBe('/a//b');
    expect(expandUriTemplate('/a/{constructor}', {})).toBe('/a/');
    expect(expandUriTemplate('/a{?x,y}{+z}', { x: '1', z: '2' })).toBe('/a{?x,y}{+z}');
  });

  it('RFC 8620 §6.1 and §7.3 expand the upload and event-source URLs', () => {
    expect(expandUploadUrl(session.uploadUrl, { accountId: 'u 1' })).toBe('/jmap/upload/u%201/');
    expect(
      expandEventSourceUrl(session.eventSourceUrl, {
        types: 'Email,Mailbox',
        closeafter: 'no',
        ping: '60',
      }),
    ).toBe('/jmap/eventsource?types=Email%2CMailbox&closeafter=no&ping=60');
  });

  it("RFC 8620 §2 expands a real server's absolute template the same way (passthrough)", () => {
    const fastmailStyle =
      'https://www.example.com/jmap/download/{accountId}/{blobId}/{name}?type={type}';
    expect(
      expandDownloadUrl(fastmailStyle, {
        accountId: 'A1',
        blobId: 'B2',
        name: 'a b.eml',
        type: 'message/rfc822',
      }),
    ).toBe('https://www.example.com/jmap/download/A1/B2/a%20b.eml?type=message%2Frfc822');
  });
});
