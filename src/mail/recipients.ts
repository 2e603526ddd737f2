// What a user types in To/Cc/Bcc (SEND-1): "Ana Pérez <ana@example.org>, bob@example.org;
// "Pérez, Carla" <carla@example.org>" → addresses, and the parts that are not one (shown
// to the user before anything is sent). Pure; small on purpose (the composer's bundle).
import { isFaxAddress, isSmsAddress, looksLikePhoneRecipient } from './phone.js';
import type { MailAddress } from './types.js';

/**
 * A practical addr-spec check: one '@', no spaces or specials, a dot in the domain. Quoted
 * local parts and IP literals are refused: people type neither in a composer.
 */
const ADDRESS = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[^\s@<>()[\]",;:\\]+$/;

export function isAddress(value: string): boolean {
  return value.length <= 254 && ADDRESS.test(value);
}

/** Splits on , ; and newlines outside quotes and angle brackets. */
function split(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angled = false;
  for (const c of text) {
    if (c === '"' && !angled) quoted = !quoted;
    else if (c === '<' && !quoted) angled = true;
    else if (c === '>' && !quoted) angled = false;
    if (!quoted && !angled && (c === ',' || c === ';' || c === '\n' || c === '\r')) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** An e-mail address, or an SMS/fax recipient in the gateway format (SEND-8/9). */
function isRecipient(value: string): boolean {
  return looksLikePhoneRecipient(value)
    ? isSmsAddress(value) || isFaxAddress(value)
    : isAddress(value);
}

function parseOne(part: string): MailAddress | null {
  const angled = /^(.*)<([^<>]*)>$/.exec(part);
  if (!angled) return isRecipient(part) ? { name: '', address: part } : null;
  const address = (angled[2] ?? '').trim();
  let name = (angled[1] ?? '').trim();
  if (name.startsWith('"') && name.endsWith('"') && name.length >= 2)
    name = name.slice(1, -1).replace(/\\(.)/g, '$1');
  return isRecipient(address) ? { name, address } : null;
}

export function parseRecipients(text: string): { addresses: MailAddress[]; invalid: string[] } {
  const addresses: MailAddress[] = [];
  const invalid: string[] = [];
  for (const part of split(text)) {
    const parsed = parseOne(part);
    if (!parsed) invalid.push(part);
    else if (!addresses.some((a) => a.address.toLowerCase() === parsed.address.toLowerCase()))
      addresses.push(parsed);
  }
  return { addresses, invalid };
}
