// RFC 8620 §7.3: the query of an EventSource (SSE push) request, parsed for the proxy,
// and the push payloads it sends. Query values are hostile input: parsing never throws.

import type { PingEventData, StateChange, TypeState } from './jmap-core.js';
import { MAX_PING_SECONDS, MIN_PING_SECONDS } from './limits.js';

/** RFC 8620 §7.3: what the client asked for, after validation. */
export interface EventSourceQuery {
  /** Type names to push changes for, or `*` for all. */
  types: '*' | string[];
  /** `closeafter=state`: end the response after the first `state` event (long polling). */
  closeAfterState: boolean;
  /** Seconds between `ping` events, after clamping; 0 = no pings. */
  ping: number;
}

/** The parsed query, or why it is refused (the proxy answers 400 with the reason). */
export type EventSourceQueryResult =
  { ok: true; query: EventSourceQuery } | { ok: false; reason: string };

/** RFC 8620 §1.2-style type names, e.g. `Email`, `EmailDelivery`. */
const TYPE_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * RFC 8620 §7.3: validates `types` (comma-separated type names or `*`), `closeafter`
 * (`state` or `no`) and `ping` (a non-negative integer of seconds). All three are
 * required by the URL template; a missing one is refused. A non-zero ping is clamped to
 * MIN_PING_SECONDS…MAX_PING_SECONDS: §7.3 lets the server pick its own interval as long
 * as it reports it in each ping's data.
 */
export function parseEventSourceQuery(params: {
  types: string | null;
  closeafter: string | null;
  ping: string | null;
}): EventSourceQueryResult {
  const { types, closeafter, ping } = params;
  if (types === null || closeafter === null || ping === null) {
    return { ok: false, reason: 'types, closeafter and ping are required' };
  }
  let typeList: '*' | string[];
  if (types === '*') {
    typeList = '*';
  } else {
    typeList = types.split(',');
    if (!typeList.every((t) => TYPE_NAME.test(t))) {
      return { ok: false, reason: 'types must be * or comma-separated type names' };
    }
  }
  if (closeafter !== 'state' && closeafter !== 'no') {
    return { ok: false, reason: 'closeafter must be "state" or "no"' };
  }
  if (!/^[0-9]{1,10}$/.test(ping)) return { ok: false, reason: 'ping must be a number of seconds' };
  const requested = Number(ping);
  const interval =
    requested === 0 ? 0 : Math.min(MAX_PING_SECONDS, Math.max(MIN_PING_SECONDS, requested));
  return {
    ok: true,
    query: { types: typeList, closeAfterState: closeafter === 'state', ping: interval },
  };
}

/**
 * RFC 8620 §7.1: the StateChange for one account, keeping only the types the client
 * subscribed to. Null when nothing it asked for changed (then no event is sent).
 */
export function stateChangeFor(
  accountId: string,
  changed: Readonly<TypeState>,
  types: EventSourceQuery['types'],
): StateChange | null {
  const kept: TypeState = {};
  for (const [type, state] of Object.entries(changed)) {
    if (types === '*' || types.includes(type)) kept[type] = state;
  }
  if (Object.keys(kept).length === 0) return null;
  return { '@type': 'StateChange', changed: { [accountId]: kept } };
}

/**
 * RFC 8620 §7.3 / WHATWG SSE: one `state` or `ping` event as it goes on the wire. JSON
 * has no raw newlines, so the data fits on one `data:` line.
 */
export function formatSseEvent(event: 'state', data: StateChange): string;
export function formatSseEvent(event: 'ping', data: PingEventData): string;
export function formatSseEvent(event: 'state' | 'ping', data: StateChange | PingEventData): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
