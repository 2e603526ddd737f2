// Reading what the PgpService and the composer produce, as the tests check it: the one
// protection of a status, a parsed message's text, and RFC 3156 parts cut out by hand.
import { expect } from 'vitest';
import { isUnparseable, type ParsedMessage } from '../../../../src/mail/types.js';
import type { UnparseableMessage } from '../../../../src/mail/types.js';
import type { PgpMessageStatus, PgpProtectionView } from '../../../../src/state/pgp-types.js';

export function only<K extends PgpProtectionView['kind']>(
  status: PgpMessageStatus,
  kind: K,
): Extract<PgpProtectionView, { kind: K }> {
  expect(status.protections.map((p) => p.kind)).toEqual([kind]);
  return status.protections[0] as Extract<PgpProtectionView, { kind: K }>;
}

export function parsedOf(p: ParsedMessage | UnparseableMessage): ParsedMessage {
  if (isUnparseable(p)) throw new Error(`unparseable: ${p.error}`);
  return p;
}

export const textOf = (p: ParsedMessage) =>
  p.parts
    .filter((x) => x.kind === 'text')
    .map((x) => (x.kind === 'text' ? x.text : ''))
    .join('');

/** RFC 3156 §5 done on the string: the first part between the first two delimiters. */
export function firstPart(raw: string): string {
  const boundary = /boundary="([^"]+)"/.exec(raw)?.[1] ?? '';
  const start = raw.indexOf(`\r\n--${boundary}\r\n`) + boundary.length + 6;
  return raw.slice(start, raw.indexOf(`\r\n--${boundary}\r\n`, start));
}

export const armorBlock = (raw: string, kind: string) =>
  new RegExp(`-----BEGIN PGP ${kind}-----[\\s\\S]*?-----END PGP ${kind}-----`).exec(raw)?.[0] ?? '';
