// The proxy's event source (RFC 8620 §7.3) read with fetch, as the push tests need it:
// `event:`/`data:` blocks in order, comments skipped, 'end' when the server closes. One
// reader for every push suite instead of a copy each.
import type { TypeState } from '../../../src/protocol/jmap-core.js';
import { withTimeout } from '../../support/dovecot/index.js';

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** The body as text (for a refusal, which is not a stream). */
  text(): Promise<string>;
  /** The next event, or 'end'; fails after `timeoutMs`. */
  next(timeoutMs: number): Promise<SseEvent | 'end'>;
  close(): void;
}

/** The `changed` map of a StateChange: account id → type → state. */
export type Changed = Record<string, TypeState>;

export async function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const decoder = new TextDecoder();
  let buffer = '';
  async function next(): Promise<SseEvent | 'end'> {
    for (;;) {
      const boundary = buffer.indexOf('\n\n');
      if (boundary >= 0) {
        const block = buffer.slice(0, boundary).split('\n');
        buffer = buffer.slice(boundary + 2);
        const event = block.find((l) => l.startsWith('event: '))?.slice(7);
        const data = block.find((l) => l.startsWith('data: '))?.slice(6);
        if (event && data) return { event, data: JSON.parse(data) as Record<string, unknown> };
        continue;
      }
      reader ??= res.body?.getReader();
      const chunk = await reader?.read();
      if (!chunk || chunk.done) return 'end';
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  }
  return {
    status: res.status,
    headers: res.headers,
    text: () => res.text(),
    next: (timeoutMs) => withTimeout(next(), timeoutMs, 'an event'),
    close: () => controller.abort(),
  };
}

/** The `changed` map of the next `state` event (other events skipped); fails at the end. */
export async function nextStateChange(stream: SseStream, timeoutMs: number): Promise<Changed> {
  for (;;) {
    const event = await stream.next(timeoutMs);
    if (event === 'end') throw new Error('the stream ended');
    if (event.event !== 'state') continue;
    if (event.data['@type'] !== 'StateChange')
      throw new Error(`a state event that is not a StateChange: ${String(event.data['@type'])}`);
    return event.data['changed'] as Changed;
  }
}
