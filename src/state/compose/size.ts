// SEND-12 for the compose service: how large a message may be. Every message that goes
// to the server is held to the proxy's upload limit; one that is sent, also to the SMTP
// server's SIZE. Checked before anything is stored, so nothing half-sent is left behind.
import { MessageTooLargeError } from '../compose-errors.js';
import type { ComposeService } from '../types.js';

/** SEND-12: the seed's 50 MB, which is also the proxy's upload limit (protocol/limits.ts). */
export const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

export interface SizeDeps {
  /** SEND-12: the server's SMTP SIZE in bytes, null when it sets none. */
  smtpSizeLimit?: () => Promise<number | null>;
}

export interface SizeLimits extends Pick<ComposeService, 'maxMessageBytes'> {
  /** Throws MessageTooLargeError over `limit` (default: what this account may send). */
  checkSize(raw: Uint8Array, limit?: number): Promise<void>;
}

export function sizeLimits(d: SizeDeps): SizeLimits {
  async function maxMessageBytes(): Promise<number> {
    const smtp = (await d.smtpSizeLimit?.().catch(() => null)) ?? null;
    return smtp === null ? MAX_MESSAGE_BYTES : Math.min(smtp, MAX_MESSAGE_BYTES);
  }

  return {
    maxMessageBytes,
    async checkSize(raw, limit) {
      const max = limit ?? (await maxMessageBytes());
      if (raw.byteLength > max) throw new MessageTooLargeError(raw.byteLength, max);
    },
  };
}
