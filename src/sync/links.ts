// SEND-15 in the browser: a file sent as a link goes to the proxy's link store (POST
// /links), which answers one URL per recipient; whether links exist here, for how many
// days, and whether the sender hears of downloads is the Session's policy capability.
import { POLICY_CAPABILITY } from '../protocol/jmap-policy.js';
import type { PolicyCapability } from '../protocol/jmap-policy.js';
import { LinksNeedNetworkError } from '../state/compose-errors.js';
import { OfflineError } from './jmap-client.js';
import type { JmapClient } from './jmap-client.js';

export interface LinkPolicy {
  days: number;
  notices: boolean;
}

export interface StoredLinks {
  /** ISO 8601: when the links stop working. */
  expires: string;
  links: { recipient: string; url: string }[];
}

export interface LinkUploader {
  policy(): Promise<LinkPolicy | null>;
  upload(
    file: { filename: string; type: string; bytes: Uint8Array },
    recipients: readonly string[],
  ): Promise<StoredLinks>;
}

export function createLinkUploader(client: JmapClient): LinkUploader {
  return {
    async policy() {
      const session = await client.session();
      const policy = session.capabilities[POLICY_CAPABILITY] as PolicyCapability | undefined;
      return policy?.links ?? null;
    },
    async upload(file, recipients) {
      try {
        return (await client.postBytes('/links', file.bytes, {
          'Content-Type': file.type || 'application/octet-stream',
          'X-Buzon-Filename': `UTF-8''${encodeURIComponent(file.filename)}`,
          'X-Buzon-Recipients': encodeURIComponent(JSON.stringify(recipients)),
        })) as StoredLinks;
      } catch (err) {
        if (err instanceof OfflineError) throw new LinksNeedNetworkError();
        throw err;
      }
    },
  };
}
