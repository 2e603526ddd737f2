// One RFC 8620 §7.3 event stream on an HTTP response: `state` events filtered by the
// client's `types`, `ping` events after `ping` seconds without any event, the end after
// the first state event with `closeafter=state`, and no unbounded buffering for a client
// that stopped reading.
import type { ServerResponse } from 'node:http';
import { formatSseEvent, stateChangeFor } from '../../protocol/event-source.js';
import type { EventSourceQuery } from '../../protocol/event-source.js';
import type { TypeState } from '../../protocol/jmap-core.js';
import { apiHeaders } from '../http/json.js';

/**
 * A client that leaves this much unread is gone or stalled: events are ~200 bytes, so
 * this is hundreds of them. It is cut off rather than buffered without end.
 */
export const MAX_UNREAD_BYTES = 64 * 1024;
/**
 * With `ping=0` a comment line still goes out this often: proxies cut connections idle
 * for ~60 s, and a write is how a vanished client is eventually noticed.
 */
export const KEEPALIVE_MS = 50 * 1000;
/** TCP keepalive probes on the socket, for clients that vanish without a FIN. */
const TCP_KEEPALIVE_MS = 60 * 1000;

export class EventStream {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #ended = false;
  /** Headers sent: until then nothing may be written (Node would send a bare 200). */
  #opened = false;
  readonly #onEnd: Array<() => void> = [];

  constructor(
    private readonly res: ServerResponse,
    private readonly query: EventSourceQuery,
  ) {
    res.on('close', () => this.end());
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Called once when the stream ends, whoever ends it. */
  onEnd(callback: () => void): void {
    if (this.#ended) callback();
    else this.#onEnd.push(callback);
  }

  /** Sends the headers at once, so the client knows changes are being watched. */
  open(): void {
    if (this.#opened || this.#ended) return;
    this.#opened = true;
    this.res.socket?.setKeepAlive(true, TCP_KEEPALIVE_MS);
    this.res.socket?.setTimeout(0);
    this.res.writeHead(200, {
      ...apiHeaders(),
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // nginx and similar buffer responses unless told not to; a push must not wait.
      'X-Accel-Buffering': 'no',
    });
    this.#write(': buzon push\n\n');
    this.#arm();
  }

  /**
   * Pushes the changed types of one account (own or shared: RFC 8620 §7.3 streams carry
   * every account of the session) the client asked for; nothing when none of them changed.
   */
  changed(accountId: string, changed: TypeState): void {
    // Before open() the client has no stream yet; it syncs when the stream opens anyway.
    if (this.#ended || !this.#opened) return;
    const event = stateChangeFor(accountId, changed, this.query.types);
    if (!event) return;
    this.#write(formatSseEvent('state', event));
    if (this.query.closeAfterState) this.end();
    else this.#arm();
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#timer);
    if (!this.#opened && !this.res.headersSent && !this.res.destroyed) {
      // Ended before the stream began (session ended, server shutting down): say so
      // rather than a bare 200 the browser would reject as "not an event stream".
      this.res.writeHead(503, { 'Content-Type': 'application/problem+json; charset=utf-8' });
      this.res.end(
        JSON.stringify({
          type: 'serverUnavailable',
          status: 503,
          detail: 'The push stream ended before it began.',
        }),
      );
    } else if (!this.res.writableEnded) this.res.end();
    for (const callback of this.#onEnd.splice(0)) callback();
  }

  /** §7.3: a ping "whenever this time elapses since the previous event was sent". */
  #arm(): void {
    clearTimeout(this.#timer);
    const seconds = this.query.ping;
    this.#timer = setTimeout(
      () => {
        if (seconds > 0) this.#write(formatSseEvent('ping', { interval: seconds }));
        else this.#write(': keepalive\n\n');
        this.#arm();
      },
      seconds > 0 ? seconds * 1000 : KEEPALIVE_MS,
    );
    (this.#timer as { unref?: () => void }).unref?.();
  }

  #write(chunk: string): void {
    if (this.#ended || !this.#opened) return;
    this.res.write(chunk);
    if (this.res.writableLength > MAX_UNREAD_BYTES) {
      this.res.destroy();
      this.end();
    }
  }
}
