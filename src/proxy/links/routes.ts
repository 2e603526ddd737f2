// SEND-15 routes: POST /links stores a file for a list of recipients and answers one URL
// per recipient; GET /l/<token> (public) gives the file and tells the owner, once per
// recipient, that it was downloaded. The app has already checked Origin on the POST.
//
// POST /links — signed-in session; body: the file's bytes; Content-Type: its media type;
//   X-Buzon-Filename: RFC 8187 / percent-encoded UTF-8 name; X-Buzon-Recipients:
//   percent-encoded JSON array of addresses (input.ts).
//   → 201 { expires: ISO 8601, links: [{ recipient, url }] }, url = `<origin>/l/<token>`.
//   → 400 invalidArguments/unsafeInput, 401 notSignedIn, 403 (Origin), 413 tooLarge,
//     429 tooManyLinks (Retry-After), 507 storeFull — problem details (RFC 9457).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PolicyCapability } from '../../protocol/jmap-policy.js';
import type { SessionManager } from '../auth/sessions.js';
import type { BuzonConfig, LinksConfig } from '../config/types.js';
import { HttpError } from '../http/errors.js';
import { readBody, sendJson } from '../http/json.js';
import type { Router } from '../http/router.js';
import { uploadTypeOf } from '../jmap/upload.js';
import { isEnvelopeAddress } from '../smtp/envelope.js';
import { clientIp, expectedOrigin } from '../security/origin.js';
import { SlidingWindowLimiter } from '../security/rate-limit.js';
import type { Logger } from '../security/redact.js';
import { LINK_PREFIX, parseLinkPath, sendLinkedFile } from './download.js';
import { filenameOf, recipientsOf } from './input.js';
import { LINK_REQUEST_WINDOW_MS, LINK_REQUESTS_PER_IP, linkLimits } from './limits.js';
import { sendDownloadNotice } from './notice.js';
import { sendLinkPage } from './pages.js';
import { LinkStore } from './store.js';
import type { FoundLink } from './store.js';

export const LINKS_PATH = '/links';

/** One link of the POST /links answer. */
export interface StoredLinkUrl {
  recipient: string;
  url: string;
}

export interface StoredLinks {
  /** ISO 8601: when every link of this file stops working. */
  expires: string;
  links: StoredLinkUrl[];
}

export interface LinkService {
  readonly store: LinkStore;
  /** Serves `/l/<token>`; false when `pathname` is not under it. */
  handlePrefixed(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean>;
  /** Resolves once every notice and disk write started so far has finished. */
  settled(): Promise<void>;
  close(): void;
}

/** What the policy capability says about links (null: the store is not configured). */
export function linksPolicyOf(config: Pick<BuzonConfig, 'links'>): PolicyCapability['links'] {
  const links = config.links;
  return links ? { days: links.days, notices: links.notice !== undefined } : null;
}

export function registerLinkRoutes(
  router: Router,
  config: BuzonConfig,
  links: LinksConfig,
  sessions: SessionManager,
  log: Logger,
): LinkService {
  const store = new LinkStore({
    dataDir: links.dataDir,
    secret: config.secret,
    days: links.days,
    now: links.now ?? Date.now,
    limits: linkLimits(links.limits),
    log,
  });
  store.load();
  store.startSweeping();
  if (!config.secretIsPersistent)
    log.warn('links end at restart', { fix: 'set BUZON_SECRET to keep files sent as links' });
  const perIp = new SlidingWindowLimiter(LINK_REQUESTS_PER_IP, LINK_REQUEST_WINDOW_MS);
  const pending = new Set<Promise<void>>();

  function notify(found: FoundLink, at: Date): void {
    const { record, recipientIndex } = found;
    const recipient = record.recipients[recipientIndex]?.address ?? '';
    log.info('link downloaded', { file: record.id, user: record.owner.username });
    const to = record.owner.username;
    // A sign-in name that is not an address has nowhere to be told.
    if (!links.notice || !isEnvelopeAddress(to)) return;
    const sending = sendDownloadNotice(links.notice, { to, recipient, record, at }).catch(
      (err: unknown) =>
        log.warn('download notice not sent', {
          file: record.id,
          reason: err instanceof Error ? err.message : String(err),
        }),
    );
    pending.add(sending);
    void sending.finally(() => pending.delete(sending));
  }

  router.add('POST', LINKS_PATH, async (req, res) => {
    const session = await sessions.authenticate(req);
    if (!session) throw new HttpError(401, 'notSignedIn', 'You are not signed in.');
    const filename = filenameOf(req);
    const recipients = recipientsOf(req);
    const owner = { username: session.username, provider: session.provider.id };
    // Refused before a byte is read when the declared size cannot fit.
    const declared = Number(req.headers['content-length'] ?? NaN);
    store.checkRoom(owner, Number.isSafeInteger(declared) ? declared : 0);
    let bytes: Buffer;
    try {
      bytes = await readBody(req, store.limits.maxFileBytes);
    } catch (err) {
      if (!(err instanceof HttpError) || err.status !== 413) throw err;
      throw new HttpError(
        413,
        'tooLarge',
        `A file sent as a link may be at most ${store.limits.maxFileBytes} bytes.`,
        err.headers,
      );
    }
    if (bytes.length === 0) throw new HttpError(400, 'invalidArguments', 'The file is empty.');
    const { record, tokens } = await store.add(
      owner,
      { bytes, filename, type: uploadTypeOf(req) },
      recipients,
    );
    log.info('link stored', {
      file: record.id,
      user: owner.username,
      size: record.size,
      recipients: recipients.length,
    });
    // The POST carried exactly this origin (checked by the app), so it is what users reach.
    const origin = expectedOrigin(req, config) ?? '';
    const body: StoredLinks = {
      expires: record.expires,
      links: recipients.map((recipient, i) => ({
        recipient,
        url: `${origin}${LINK_PREFIX}${tokens[i] ?? ''}`,
      })),
    };
    sendJson(res, 201, body);
  });

  return {
    store,
    async handlePrefixed(req, res, pathname) {
      const token = parseLinkPath(pathname);
      if (token === null) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD')
        throw new HttpError(405, 'methodNotAllowed', 'Use GET.', { Allow: 'GET, HEAD' });
      const ip = clientIp(req, config);
      const decision = perIp.check(ip);
      if (!decision.allowed) {
        sendLinkPage(res, 'busy', { 'Retry-After': String(decision.retryAfterSeconds) });
        return true;
      }
      perIp.record(ip);
      await sendLinkedFile(req, res, token, store, notify);
      return true;
    },
    async settled() {
      await Promise.all([...pending]);
      await store.flushed();
    },
    close() {
      store.stopSweeping();
    },
  };
}
