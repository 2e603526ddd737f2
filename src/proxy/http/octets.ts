// A JMAP response with Blob/get's bytes framed after its JSON (protocol/jmap-octets.ts):
// every Buffer in the response becomes an OctetsRef, and its bytes follow the JSON as
// they came from IMAP, with no string made of them on the way.
import type { ServerResponse } from 'node:http';
import {
  OCTETS_HEADER_BYTES,
  OCTETS_MEDIA_TYPE,
  type OctetsRef,
} from '../../protocol/jmap-octets.js';
import { apiHeaders } from './json.js';

export function sendOctets(res: ServerResponse, body: unknown): void {
  const parts: Buffer[] = [];
  let offset = 0;
  const text = JSON.stringify(body, function (this: Record<string, unknown>, key, value) {
    // `value` is already Buffer#toJSON's array; the holder still has the Buffer.
    const raw = this[key];
    if (!Buffer.isBuffer(raw)) return value as unknown;
    const ref: OctetsRef = { offset, length: raw.length };
    parts.push(raw);
    offset += raw.length;
    return ref;
  });
  const json = Buffer.from(text, 'utf8');
  const head = Buffer.alloc(OCTETS_HEADER_BYTES);
  head.writeUInt32BE(json.length, 0);
  res.writeHead(200, {
    ...apiHeaders(),
    'Content-Type': OCTETS_MEDIA_TYPE,
    'Content-Length': OCTETS_HEADER_BYTES + json.length + offset,
  });
  res.cork();
  res.write(head);
  res.write(json);
  for (const part of parts) res.write(part);
  res.end();
}
