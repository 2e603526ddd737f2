// The SMTP envelope of a submission (RFC 8621 §7): checked when the client gives one,
// derived from the identity and the message's To/Cc/Bcc when it does not. Every address
// ends up on a MAIL FROM or RCPT TO line, so anything that could break out of `<…>` (CR,
// LF, NUL, angle brackets, spaces) is refused, never escaped.
import type { SetError } from '../../protocol/jmap-methods.js';
import { isSingleLine } from '../security/crlf.js';
import { addressesIn } from './message.js';
import type { HeaderField } from './message.js';
import type { SmtpEnvelope } from './transport.js';

/** RFC 5321 §4.5.3.1.3: a path is at most 256 octets, so an address at most 254. */
export const MAX_ADDRESS_LENGTH = 254;
/** Recipients per message: far above any real use, low enough to stop a spam blast. */
export const MAX_RECIPIENTS = 100;

const ADDRESS = /^[^\s<>@]+@[^\s<>@]+$/;

/** An address safe to put between `<` and `>` on one SMTP line. */
export function isEnvelopeAddress(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_ADDRESS_LENGTH &&
    isSingleLine(value) &&
    ADDRESS.test(value)
  );
}

const invalid = (description: string): SetError => ({
  type: 'invalidProperties',
  description,
  properties: ['envelope'],
});

type Parsed = { ok: true; envelope: SmtpEnvelope } | { ok: false; error: SetError };

/** One `{email, parameters}`: parameters are not passed on, so only null or {} is accepted. */
function addressOf(value: unknown): string | SetError {
  if (typeof value !== 'object' || value === null) return invalid('an address must be an object');
  const { email, parameters } = value as { email?: unknown; parameters?: unknown };
  if (!isEnvelopeAddress(email))
    return invalid(`not a usable envelope address: ${JSON.stringify(email)}`);
  const empty =
    parameters === undefined ||
    parameters === null ||
    (typeof parameters === 'object' && Object.keys(parameters).length === 0);
  if (!empty) return invalid('SMTP parameters are not supported: send none');
  return email;
}

/** The client's envelope, checked; MAIL FROM must be the identity's address. */
export function parseEnvelope(value: unknown, identityEmail: string): Parsed {
  if (typeof value !== 'object' || value === null)
    return { ok: false, error: invalid('bad envelope') };
  const { mailFrom, rcptTo } = value as { mailFrom?: unknown; rcptTo?: unknown };
  const from = addressOf(mailFrom);
  if (typeof from !== 'string') return { ok: false, error: from };
  if (from.toLowerCase() !== identityEmail.toLowerCase()) {
    return {
      ok: false,
      error: { type: 'forbiddenMailFrom', description: 'MAIL FROM must be the identity address' },
    };
  }
  if (!Array.isArray(rcptTo)) return { ok: false, error: invalid('rcptTo must be a list') };
  const to: string[] = [];
  for (const item of rcptTo) {
    const email = addressOf(item);
    if (typeof email !== 'string') return { ok: false, error: email };
    if (!to.some((t) => t.toLowerCase() === email.toLowerCase())) to.push(email);
  }
  return checkCount({ mailFrom: from, rcptTo: to });
}

/** MAIL FROM = the identity; RCPT TO = every address in To, Cc and Bcc. */
export function deriveEnvelope(fields: readonly HeaderField[], identityEmail: string): Parsed {
  const rcptTo = addressesIn(fields, ['to', 'cc', 'bcc']);
  const bad = rcptTo.find((a) => !isEnvelopeAddress(a));
  if (bad !== undefined) {
    return {
      ok: false,
      error: {
        type: 'invalidRecipients',
        description: 'a recipient address cannot be used in an SMTP envelope',
        invalidRecipients: [bad],
      },
    };
  }
  return checkCount({ mailFrom: identityEmail, rcptTo });
}

function checkCount(envelope: SmtpEnvelope): Parsed {
  if (envelope.rcptTo.length === 0)
    return {
      ok: false,
      error: { type: 'noRecipients', description: 'the message has no recipients' },
    };
  if (envelope.rcptTo.length > MAX_RECIPIENTS) {
    return {
      ok: false,
      error: { type: 'tooManyRecipients', description: `at most ${MAX_RECIPIENTS} recipients` },
    };
  }
  return { ok: true, envelope };
}
