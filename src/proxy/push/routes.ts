// GET /jmap/eventsource (RFC 8620 §7.3, the Session's eventSourceUrl): push for the IMAP
// facade. Signed-in sessions only (401 like every JMAP route); a GET, so the app's Origin
// check does not apply and nothing here changes state on the server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseEventSourceQuery } from '../../protocol/event-source.js';
import { EVENT_SOURCE_URL } from '../../protocol/session.js';
import type { AuthenticatedSession, SessionManager } from '../auth/sessions.js';
import { HttpError } from '../http/errors.js';
import { apiHeaders } from '../http/json.js';
import type { Router } from '../http/router.js';
import { ImapAuthError } from '../imap/pool.js';
import type { ImapUpstream } from '../external/upstreams.js';
import type { PolledPush } from '../jmap-passthrough/polled-push.js';
import { isPassthrough } from '../jmap-passthrough/passthrough.js';
import { UpstreamAuthError } from '../jmap-passthrough/upstream.js';
import type { ImapPool } from '../imap/pool.js';
import type { Logger } from '../security/redact.js';
import { EventStream } from './event-stream.js';
import { MAX_STREAMS_PER_SESSION, PushHub, TooManyStreamsError } from './hub.js';
import type { PushListener } from './hub.js';
import { wantsPushedType } from './states.js';
import type { WatcherOptions } from './watcher.js';

/** The path of the Session's eventSourceUrl template. */
export const EVENT_SOURCE_PATH = EVENT_SOURCE_URL.split('?')[0] ?? '/jmap/eventsource';

/** Seconds a client refused for too many streams should wait before trying again. */
const RETRY_AFTER_SECONDS = 30;

export interface PushService {
  readonly hub: PushHub;
  close(): void;
}

export function registerPushRoutes(
  router: Router,
  sessions: SessionManager,
  pool: ImapPool,
  log: Logger,
  options: WatcherOptions = {},
  upstreamsOf?: (session: AuthenticatedSession) => Promise<readonly ImapUpstream[]>,
  /** Push for sessions of a JMAP provider, polled from its server (ADR 0017). */
  polled?: PolledPush,
): PushService {
  const hub = new PushHub(
    pool,
    (id) => sessions.store.get(id) !== undefined,
    (session) => {
      // As the JMAP routes do (ADR 0009): a refused password ends the session.
      pool.close(session.sessionId);
      sessions.destroy(session.sessionId);
      log.warn('imap credentials refused', {
        user: session.username,
        provider: session.provider.id,
      });
    },
    log,
    options,
    upstreamsOf,
  );
  hub.startSweeping();

  async function signedIn(req: IncomingMessage): Promise<AuthenticatedSession> {
    const session = await sessions.authenticate(req);
    if (!session) throw new HttpError(401, 'notSignedIn', 'You are not signed in.');
    return session;
  }

  router.add('GET', EVENT_SOURCE_PATH, async (req: IncomingMessage, res: ServerResponse) => {
    const session = await signedIn(req);
    const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const parsed = parseEventSourceQuery({
      types: params.get('types'),
      closeafter: params.get('closeafter'),
      ping: params.get('ping'),
    });
    if (!parsed.ok) throw new HttpError(400, 'invalidArguments', parsed.reason);
    if (req.method === 'HEAD') {
      res.writeHead(200, { ...apiHeaders(), 'Content-Type': 'text/event-stream; charset=utf-8' });
      res.end();
      return;
    }
    if (polled && isPassthrough(session)) {
      try {
        await polled.serve(req, res, session, parsed.query);
      } catch (err) {
        if (!(err instanceof UpstreamAuthError)) throw err;
        sessions.destroy(session.sessionId);
        throw new HttpError(
          401,
          'notSignedIn',
          'The mail server no longer accepts your password. Sign in again.',
        );
      }
      return;
    }
    const stream = new EventStream(res, parsed.query);
    const listener: PushListener = {
      watches: wantsPushedType(parsed.query.types),
      changed: (accountId, changed) => stream.changed(accountId, changed),
      end: () => stream.end(),
    };
    let subscription;
    try {
      subscription = hub.subscribe(session, listener);
    } catch (err) {
      if (!(err instanceof TooManyStreamsError)) throw err;
      throw new HttpError(
        429,
        'tooManyStreams',
        `At most ${MAX_STREAMS_PER_SESSION} push connections per sign-in; close one.`,
        { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      );
    }
    const { close } = subscription;
    // Whoever ends the stream (client, hub, closeafter, slow reader) releases its place.
    stream.onEnd(close);
    try {
      await subscription.ready;
    } catch (err) {
      close();
      // The client left while the watcher was failing to connect: nobody to answer.
      if (stream.ended) return;
      if (err instanceof ImapAuthError) {
        pool.close(session.sessionId);
        sessions.destroy(session.sessionId);
        throw new HttpError(
          401,
          'notSignedIn',
          'The mail server no longer accepts your password. Sign in again.',
        );
      }
      throw new HttpError(503, 'serverUnavailable', 'The mail server cannot be reached now.');
    }
    // The client may have gone while the watcher connected.
    if (!stream.ended) stream.open();
  });

  return {
    hub,
    close() {
      hub.close();
    },
  };
}
