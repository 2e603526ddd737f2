// SEND-11: a read receipt as RFC 8098/6522 shape it, read back by Python's strict parser.
import { describe, expect, it } from 'vitest';
import { buildMessage, MimeBuildError } from '../../src/mail/mime/index.js';
import { base } from './mime/fixtures.js';
import { inspectWithPython, pyShape } from './mime/python-strict.js';

describe('SEND-11 read receipts', () => {
  it('SEND-11 an MDN is multipart/report with the text and a 7bit disposition part, no defects', () => {
    const raw = buildMessage(
      base({
        subject: 'Read: Presupuesto',
        text: 'Tu mensaje se mostró el lunes.',
        mdn: { finalRecipient: 'alice@buzon.test', originalMessageId: 'orig-1@example.org' },
      }),
    );
    const text = new TextDecoder().decode(raw);
    expect(text).toMatch(
      /^Content-Type: multipart\/report; report-type=disposition-notification;/m,
    );
    expect(text).toContain('Original-Message-ID: <orig-1@example.org>');
    expect(text).toContain('Disposition: manual-action/MDN-sent-manually; displayed');
    const [py] = inspectWithPython([raw]);
    expect(py?.defects ?? ['no answer']).toEqual([]);
    expect(pyShape(py?.body as Parameters<typeof pyShape>[0])).toBe(
      // Python reads a message/* part as a nested message: its fields are that message's headers.
      'multipart/report(text/plain,message/disposition-notification(text/plain))',
    );
  });

  it('SEND-11 a line break smuggled into the receipt fields is refused', () => {
    expect(() =>
      buildMessage(
        base({ mdn: { finalRecipient: 'a@b.org\r\nBcc: x@y.org', originalMessageId: null } }),
      ),
    ).toThrow(MimeBuildError);
  });
});
