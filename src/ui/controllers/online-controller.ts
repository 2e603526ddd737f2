import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Tracks `navigator.onLine` for its host and re-renders it on every change. */
export class OnlineController implements ReactiveController {
  online = navigator.onLine;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  private readonly update = (): void => {
    this.online = navigator.onLine;
    this.host.requestUpdate();
  };

  hostConnected(): void {
    window.addEventListener('online', this.update);
    window.addEventListener('offline', this.update);
    this.update();
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.update);
    window.removeEventListener('offline', this.update);
  }
}
