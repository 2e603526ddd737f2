import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * A listener on `window` that lives exactly as long as its host is connected (keyboard
 * shortcuts, online/offline, app-wide events). Never registered at module top level.
 */
export class WindowEventController<K extends keyof WindowEventMap> implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly type: K,
    private readonly listener: (event: WindowEventMap[K]) => void,
  ) {
    host.addController(this);
  }

  private readonly handle = (event: WindowEventMap[K]): void => this.listener(event);

  hostConnected(): void {
    window.addEventListener(this.type, this.handle);
  }

  hostDisconnected(): void {
    window.removeEventListener(this.type, this.handle);
  }
}
