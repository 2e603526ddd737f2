// RFC 9404 (JMAP Blob Management), the part Buzón uses: Blob/get, to fetch many raw
// messages in one method call instead of one HTTP download each.
import type { Id, UnsignedInt } from './jmap-core.js';

export const BLOB_CAPABILITY = 'urn:ietf:params:jmap:blob';

/** RFC 9404 §4.1: the account capability. */
export interface BlobAccountCapability {
  /** Largest Blob/upload (we serve none): null = no limit stated. */
  maxSizeBlobSet: UnsignedInt | null;
  maxDataSources: UnsignedInt;
  supportedTypeNames: string[];
  supportedDigestAlgorithms: string[];
}

/** RFC 9404 §4.2: Blob/get arguments (offset/length are not served). */
export interface BlobGetArgs {
  accountId: Id;
  ids: Id[];
  /** 'data:asBase64', 'data:asText', 'data', 'size'. */
  properties?: string[];
}

export interface BlobGetItem {
  id: Id;
  'data:asBase64'?: string;
  /** Null when asked for and the bytes are not UTF-8 (isEncodingProblem). */
  'data:asText'?: string | null;
  isEncodingProblem?: boolean;
  size?: UnsignedInt;
}
