/** The print frame is removed after this long even if `afterprint` never fires (headless). */
const PRINT_FRAME_LIFETIME_MS = 60_000;

/**
 * VIEW-6: prints an already rendered, sanitized print document. A cross-origin frame
 * cannot be told to print, so this frame is same-origin (`allow-same-origin`) — but
 * still sandboxed WITHOUT `allow-scripts`, so nothing in it can ever run in the app's
 * origin; `allow-modals` is what lets `print()` open the dialog.
 */
export function printDocument(host: HTMLElement | ShadowRoot, printDoc: string): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-same-origin allow-modals');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.dataset.testid = 'print-frame';
  frame.style.cssText = 'position:fixed;width:0;height:0;border:0;opacity:0;pointer-events:none';
  const cleanup = () => frame.remove();
  frame.addEventListener(
    'load',
    () => {
      const win = frame.contentWindow;
      if (!win) return cleanup();
      win.addEventListener('afterprint', cleanup, { once: true });
      setTimeout(cleanup, PRINT_FRAME_LIFETIME_MS);
      win.focus();
      win.print();
    },
    { once: true },
  );
  frame.srcdoc = printDoc;
  host.append(frame);
  return frame;
}
