// The pure pieces of the JMAP facade: IMAP data → RFC 8621 values, download headers.
import { describe, expect, it } from 'vitest';
import { uidSet } from '../../src/proxy/imap/raw.js';
import {
  accountIdFor,
  emailIdFromGuid,
  mailboxIdFromGuid,
  mailboxIdFromPath,
} from '../../src/proxy/imap/ids.js';
import { hasAttachment, msgIds, sentAtFrom } from '../../src/proxy/jmap/email-convert.js';
import {
  contentDisposition,
  contentTypeFor,
  parseDownloadPath,
} from '../../src/proxy/jmap/download.js';
import { rightsFrom } from '../../src/proxy/jmap/mailbox-get.js';
import { isId } from '../../src/protocol/validate.js';

describe('IMAP → JMAP values', () => {
  it('RFC 8621 §4.1.2.3 sentAt keeps the Date header offset', () => {
    expect(sentAtFrom('Mon, 02 Mar 2026 09:00:00 +0100')).toBe('2026-03-02T09:00:00+01:00');
    expect(sentAtFrom('2 Mar 26 9:05 -0330 (NST)')).toBe('2026-03-02T09:05:00-03:30');
    expect(sentAtFrom('Tue, 3 Mar 2026 10:00:00 GMT')).toBe('2026-03-03T10:00:00+00:00');
    expect(sentAtFrom('yesterday')).toBeNull();
    expect(sentAtFrom('Mon, 31 Feb 2026 09:00:00 +0100')).toBeNull();
  });

  it('RFC 8621 §4.1.2.2 message ids lose their angle brackets', () => {
    expect(msgIds('<a@b.test> <c@d.test>')).toEqual(['a@b.test', 'c@d.test']);
    expect(msgIds('')).toBeNull();
    expect(msgIds('no brackets')).toBeNull();
  });

  it('RFC 8621 §4.1.4 hasAttachment: attachments yes, a text body or an inline image no', () => {
    const text = { type: 'text/plain' };
    const pdf = {
      type: 'application/pdf',
      disposition: 'attachment',
      dispositionParameters: { filename: 'a.pdf' },
    };
    const inlineImage = {
      type: 'image/png',
      disposition: 'inline',
      dispositionParameters: { filename: 'i.png' },
    };
    expect(hasAttachment({ type: 'multipart/mixed', childNodes: [text, pdf] })).toBe(true);
    expect(hasAttachment({ type: 'multipart/related', childNodes: [text, inlineImage] })).toBe(
      false,
    );
    expect(hasAttachment(text)).toBe(false);
  });

  it('RFC 4314 → RFC 8621 §2 rights: read-only share, no ACL means everything', () => {
    expect(rightsFrom('lrs', true)).toMatchObject({
      mayReadItems: true,
      maySetSeen: true,
      mayAddItems: false,
      mayDelete: false,
    });
    expect(Object.values(rightsFrom(null, true)).every(Boolean)).toBe(true);
    expect(rightsFrom(null, false).mayReadItems).toBe(false);
  });

  it('RFC 8620 §1.2 every minted id is an Id, whatever the server GUID looks like', () => {
    expect(isId(emailIdFromGuid('1795998579.M605901P8710.vm,S=292,W=303'))).toBe(true);
    expect(mailboxIdFromGuid('C8501D2473C30C6B0622000083ECC375')).toBe(
      'Mc8501d2473c30c6b0622000083ecc375',
    );
    expect(mailboxIdFromGuid('not-a-guid')).toBeNull();
    expect(isId(mailboxIdFromPath('Projects/2026\r\n', 42n))).toBe(true);
  });

  it('ADR 0010 ids stay what earlier versions minted: every device keys its copy by them', () => {
    // Pinned values: a change of how ids are digested would make every stored message,
    // folder and account look new (and the old ones deleted) on the next sync.
    expect(emailIdFromGuid('1795998579.M605901P8710.vm,S=292,W=303')).toBe(
      'Er7RsjJ3IHpafMD0nKFCzNQ',
    );
    expect(accountIdFor('test', ' Alice@Buzon.test ')).toBe('AlZDbw1dK_GlQa053Hzplj6');
  });

  it('builds compact UID sets', () => {
    expect(uidSet([5, 1, 2, 3, 9, 9, 10])).toBe('1:3,5,9:10');
    expect(uidSet([])).toBe('');
  });
});

describe('download headers (RFC 8620 §6.2)', () => {
  it('security: names are made safe for Content-Disposition and disk', () => {
    expect(contentDisposition('../../etc/passwd')).toBe(
      `attachment; filename="_.._etc_passwd"; filename*=UTF-8''_.._etc_passwd`,
    );
    expect(contentDisposition('a"\r\nSet-Cookie: x=1')).not.toMatch(/[\r\n]/);
    expect(contentDisposition('año.eml')).toBe(
      `attachment; filename="a_o.eml"; filename*=UTF-8''a%C3%B1o.eml`,
    );
    expect(contentDisposition('')).toContain('message.eml');
  });

  it('security: a requested type that a browser would run is served as opaque bytes', () => {
    expect(contentTypeFor(null)).toBe('message/rfc822');
    expect(contentTypeFor('text/html')).toBe('application/octet-stream');
    expect(contentTypeFor('image/svg+xml')).toBe('application/octet-stream');
    expect(contentTypeFor('text/plain\r\nX: y')).toBe('message/rfc822');
    expect(contentTypeFor('text/plain')).toBe('text/plain');
  });

  it('parses exactly three path segments', () => {
    expect(parseDownloadPath('/jmap/download/A1/E2/m%20x.eml')).toEqual({
      accountId: 'A1',
      blobId: 'E2',
      name: 'm x.eml',
    });
    expect(parseDownloadPath('/jmap/download/A1/E2')).toBeNull();
    expect(parseDownloadPath('/jmap/download/A1/E2/%E0%A4%A')).toBeNull();
  });
});
