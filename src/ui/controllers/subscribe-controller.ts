import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Subscribable, Subscription } from '../../state/observable.js';

/**
 * Live data for an element: subscribes to a service's `Subscribable` while the host is
 * connected, exposes the latest `value` and `error`, and re-renders the host on each
 * emission. The element owns no subscription bookkeeping of its own.
 */
export class SubscribeController<T> implements ReactiveController {
  value: T | undefined;
  error: unknown = undefined;
  private source: Subscribable<T> | undefined;
  private subscription: Subscription | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onValue?: (value: T) => void,
  ) {
    host.addController(this);
  }

  /** Switches to another source (e.g. a new list query); the old one is dropped at once. */
  setSource(source: Subscribable<T> | undefined): void {
    if (source === this.source) return;
    this.stop();
    this.source = source;
    this.value = undefined;
    this.error = undefined;
    if (this.connected) this.start();
  }

  hostConnected(): void {
    this.connected = true;
    this.start();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop();
  }

  private start(): void {
    const source = this.source;
    if (!source || this.subscription) return;
    this.subscription = source.subscribe({
      next: (value) => {
        if (source !== this.source) return;
        this.value = value;
        this.error = undefined;
        this.onValue?.(value);
        this.host.requestUpdate();
      },
      error: (err) => {
        if (source !== this.source) return;
        this.error = err;
        this.host.requestUpdate();
      },
    });
  }

  private stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }
}
