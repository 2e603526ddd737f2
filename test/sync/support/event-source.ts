// A minimal EventSource for Node tests (Node 20 has none): one GET with the device's
// cookie and Origin, `open` once the proxy answers 200, and one `state` per SSE event
// of that name. Only what PushListener uses; no reconnection.
import type { EventSourceLike } from '../../../src/sync/push-listener.js';

const OPEN = 1;
const CLOSED = 2;

export class NodeEventSource implements EventSourceLike {
  readyState = 0;
  private readonly listeners = new Map<string, (() => void)[]>();
  private readonly abort = new AbortController();

  /** `gate` lets a test decide when the request leaves (to order it against a delivery). */
  constructor(
    url: string,
    headers: Record<string, string>,
    gate: Promise<void> = Promise.resolve(),
  ) {
    void gate.then(() => this.run(url, headers)).catch(() => this.fire('error'));
  }

  addEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.readyState = CLOSED;
    this.abort.abort();
  }

  private fire(type: string): void {
    if (type === 'error') this.readyState = CLOSED;
    for (const l of this.listeners.get(type) ?? []) l();
  }

  private async run(url: string, headers: Record<string, string>): Promise<void> {
    if (this.readyState === CLOSED) return;
    const res = await fetch(url, {
      headers: { ...headers, Accept: 'text/event-stream' },
      signal: this.abort.signal,
    });
    if (!res.ok || !res.body) {
      this.fire('error');
      return;
    }
    this.readyState = OPEN;
    this.fire('open');
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of res.body) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const name = /^event: *(.*)$/m.exec(event)?.[1];
        if (name) this.fire(name.trim());
      }
    }
  }
}
