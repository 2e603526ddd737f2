// Buzón's JMAP extension for raw bytes in a method response (ADR 0012, session 16): with
// this capability in `using`, Blob/get may ask for `data:asOctets`, and the response to
// that request comes framed as
//
//   4 bytes   the length N of the JSON part, unsigned, big-endian
//   N bytes   the JMAP Response object (RFC 8620 §3.4), UTF-8 JSON
//   the rest  the octets: every part's bytes back to back
//
// where each item's `data:asOctets` is an OctetsRef into the octets. RFC 9404's own
// `data:asText` carries a message as a JSON string: the proxy decoded it from UTF-8 and
// escaped it, and the browser parsed, unescaped and encoded it back to UTF-8 — measured
// ~0.45 CPU-seconds per 10k bootstrap on the two sides together, for bytes that go to the
// parser and the store unchanged. Servers without the capability (a JMAP provider behind
// the passthrough) keep serving Blob/get as RFC 9404 has it.

export const OCTETS_CAPABILITY = 'urn:buzon:params:jmap:octets';

/** The Blob/get property (with the capability) whose value is an OctetsRef. */
export const DATA_AS_OCTETS = 'data:asOctets';

/** The media type of a framed response. */
export const OCTETS_MEDIA_TYPE = 'application/vnd.buzon.jmap-octets';

/** Where one part's bytes are in the octets. */
export interface OctetsRef {
  offset: number;
  length: number;
}

/** Bytes before the JSON part: its length. */
export const OCTETS_HEADER_BYTES = 4;

export class OctetsFramingError extends Error {
  override name = 'OctetsFramingError';
}

/** A framed response split into its JSON (parsed) and its octets (a view, not a copy). */
export function decodeOctets(body: ArrayBuffer): { json: unknown; octets: Uint8Array } {
  if (body.byteLength < OCTETS_HEADER_BYTES)
    throw new OctetsFramingError('The framed response is shorter than its header.');
  const jsonLength = new DataView(body).getUint32(0, false);
  const start = OCTETS_HEADER_BYTES + jsonLength;
  if (start > body.byteLength)
    throw new OctetsFramingError('The framed response is shorter than its JSON part says.');
  const text = new TextDecoder('utf-8', { fatal: true }).decode(
    new Uint8Array(body, OCTETS_HEADER_BYTES, jsonLength),
  );
  return { json: JSON.parse(text) as unknown, octets: new Uint8Array(body, start) };
}

/**
 * The bytes an OctetsRef names, as a copy that owns its buffer (`view`: a view into the
 * answer instead, for a caller that copies before it clones or keeps them); null if it is
 * no ref.
 */
export function octetsAt(octets: Uint8Array, ref: unknown, view = false): Uint8Array | null {
  if (typeof ref !== 'object' || ref === null) return null;
  const { offset, length } = ref as Partial<OctetsRef>;
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length)) return null;
  const from = offset as number;
  const to = from + (length as number);
  if (from < 0 || to < from || to > octets.byteLength) return null;
  // A copy: a view would take the whole response's buffer along wherever it is cloned
  // (the parse worker, IndexedDB).
  return view ? octets.subarray(from, to) : octets.slice(from, to);
}
