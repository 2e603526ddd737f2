// Push for a JMAP server that has none (ADR 0017): Debian's Cyrus answers its
// eventSourceUrl with 204, and a server's own stream would need its credentials in the
// page. While a browser holds the proxy's event stream open, the proxy asks the server
// for its Email and Mailbox states every POLL_MS and sends a StateChange (RFC 8620 §7.3)
// when one moved — the browser then syncs with /changes as with any push.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventSourceQuery } from '../../protocol/event-source.js';
import { formatSseEvent } from '../../protocol/event-source.js';
import type { TypeState } from '../../protocol/jmap-core.js';
import { CORE_CAPABILITY } from '../../protocol/jmap-core.js';
import { MAIL_CAPABILITY } from '../../protocol/jmap-mail.js';
import type { AuthenticatedSession } from '../auth/sessions.js';
import { HttpError } from '../http/errors.js';
import { apiHeaders } from '../http/json.js';
import type { JmapPassthrough } from './passthrough.js';
import { UpstreamAuthError } from './upstream.js';

/**
 * Between two looks at the server's states: "within seconds" for the user, one small
 * request per open stream for the server (two states per account, no objects).
 */
export const POLL_MS = 5_000;
/** Streams one session may hold open (as for the IMAP facade's push, push/hub.ts). */
const MAX_POLLED_STREAMS = 4;
const POLLED_TYPES = ['Email', 'Mailbox'] as const;

type States = Map<string, TypeState>;

async function statesOf(
  passthrough: JmapPassthrough,
  session: AuthenticatedSession,
  types: readonly string[],
): Promise<States> {
  const upstream = await passthrough.sessionOf(session);
  const accounts = Object.entries(upstream.session.accounts)
    .filter(([, a]) => MAIL_CAPABILITY in (a.accountCapabilities ?? {}))
    .map(([id]) => id);
  const calls = accounts.flatMap((accountId, i) =>
    types.map((type) => [`${type}/get`, { accountId, ids: [] }, `${type}:${i}`]),
  );
  const reply = await passthrough.upstream(session.provider).send(
    upstream.apiUrl,
    { username: session.username, password: session.password },
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ using: [CORE_CAPABILITY, MAIL_CAPABILITY], methodCalls: calls }),
    },
  );
  const json = (await reply.json().catch(() => ({}))) as {
    methodResponses?: [string, { state?: unknown }, string][];
  };
  const states: States = new Map();
  for (const [name, args, callId] of json.methodResponses ?? []) {
    const [type, index] = callId.split(':');
    const accountId = accounts[Number(index)];
    if (name === 'error' || !type || accountId === undefined || typeof args.state !== 'string')
      continue;
    states.set(accountId, { ...states.get(accountId), [type]: args.state });
  }
  return states;
}

function changesBetween(before: States, now: States): Record<string, TypeState> {
  const changed: Record<string, TypeState> = {};
  for (const [accountId, types] of now) {
    for (const [type, state] of Object.entries(types)) {
      if (before.get(accountId)?.[type] === state) continue;
      changed[accountId] = { ...changed[accountId], [type]: state };
    }
  }
  return changed;
}

export class PolledPush {
  readonly #open = new Map<string, number>();

  constructor(
    private readonly passthrough: JmapPassthrough,
    private readonly pollMs = POLL_MS,
  ) {}

  async serve(
    req: IncomingMessage,
    res: ServerResponse,
    session: AuthenticatedSession,
    query: EventSourceQuery,
  ): Promise<void> {
    const open = this.#open.get(session.sessionId) ?? 0;
    if (open >= MAX_POLLED_STREAMS)
      throw new HttpError(
        429,
        'tooManyStreams',
        `At most ${MAX_POLLED_STREAMS} push connections per sign-in; close one.`,
      );
    const types = POLLED_TYPES.filter((t) => query.types === '*' || query.types.includes(t));
    // Fails as a 401/502 before the stream opens when the server is not there for us.
    let known = await statesOf(this.passthrough, session, types);
    this.#open.set(session.sessionId, open + 1);
    res.writeHead(200, {
      ...apiHeaders(),
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-store',
    });
    res.write(': buzon push (polled)\n\n');
    let ended = false;
    const timers: ReturnType<typeof setInterval>[] = [];
    const end = () => {
      if (ended) return;
      ended = true;
      timers.forEach(clearInterval);
      this.#open.set(session.sessionId, (this.#open.get(session.sessionId) ?? 1) - 1);
      res.end();
    };
    req.on('close', end);
    if (query.ping > 0) {
      timers.push(
        setInterval(
          () => res.write(formatSseEvent('ping', { interval: query.ping })),
          query.ping * 1000,
        ),
      );
    }
    let busy = false;
    timers.push(
      setInterval(() => {
        if (busy || ended) return;
        busy = true;
        statesOf(this.passthrough, session, types)
          .then((now) => {
            const changed = changesBetween(known, now);
            known = now;
            if (ended || Object.keys(changed).length === 0) return;
            res.write(formatSseEvent('state', { '@type': 'StateChange', changed }));
            if (query.closeAfterState) end();
          })
          // The server refused the password: this stream is over (the next sync says why).
          .catch((err: unknown) => {
            if (err instanceof UpstreamAuthError) end();
          })
          .finally(() => (busy = false));
      }, this.pollMs),
    );
  }
}
