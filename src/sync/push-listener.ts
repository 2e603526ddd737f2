// Push (RFC 8620 §7.3): an EventSource on the session's eventSourceUrl; every `state`
// event asks for a sync (the engine's /changes finds what moved). The stream opening asks
// for one too: the proxy opens it once it watches the mailbox, and whatever changed
// before that (while a sync was already running, or while a reconnect was pending) would
// otherwise wait for the next event. EventSource reconnects by itself after a network
// loss; a 401 closes it for good (the next sync will say why).
import type { JmapClient } from './jmap-client.js';

/** Pings keep proxies and NATs from dropping a quiet stream (the protocol's minimum is 15 s). */
const PING_SECONDS = 60;

export interface EventSourceLike {
  addEventListener(type: string, listener: () => void): void;
  close(): void;
  /** 2 = CLOSED: the browser gave up (e.g. a 401); the next sync opens a new one. */
  readonly readyState: number;
}

const CLOSED = 2;

export type EventSourceFactory = (url: string) => EventSourceLike;

export class PushListener {
  private source: EventSourceLike | null = null;
  private opening = false;

  constructor(
    private readonly client: JmapClient,
    private readonly onChange: () => void,
    private readonly factory: EventSourceFactory | undefined,
  ) {}

  start(): void {
    if (!this.factory || this.source || this.opening) return;
    this.opening = true;
    void this.client
      .eventSourceUrl(['Email', 'Mailbox'], PING_SECONDS)
      .then((url) => {
        if (!this.opening) return;
        const source = (this.factory as EventSourceFactory)(url);
        source.addEventListener('open', () => this.onChange());
        source.addEventListener('state', () => this.onChange());
        source.addEventListener('error', () => {
          if (source.readyState === CLOSED && this.source === source) this.source = null;
        });
        this.source = source;
      })
      .catch(() => undefined)
      .finally(() => (this.opening = false));
  }

  stop(): void {
    this.opening = false;
    this.source?.close();
    this.source = null;
  }
}
