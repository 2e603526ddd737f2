// VIEW-6: the print frame is same-origin (so it can be told to print) but runs no script.
import { describe, expect, it } from 'vitest';
import { printDocument } from '../../src/ui/reader/print.js';

declare global {
  interface Window {
    bzPrintProbe?: string;
  }
}

describe('print (VIEW-6)', () => {
  it('VIEW-6 prints in a sandboxed frame where mail script never runs in the app origin', async () => {
    const doc = `<!doctype html><html><body><h1>Subject</h1>
      <script>parent.bzPrintProbe = 'script ran'</script>
      <img src="x:" onerror="parent.bzPrintProbe = 'handler ran'"></body></html>`;
    const frame = printDocument(document.body, doc);
    expect(frame.getAttribute('sandbox')).toBe('allow-same-origin allow-modals');
    await new Promise((r) => frame.addEventListener('load', r, { once: true }));
    await new Promise((r) => setTimeout(r, 100));
    expect(window.bzPrintProbe).toBeUndefined();
    expect(frame.contentDocument?.querySelector('h1')?.textContent).toBe('Subject');
    frame.remove();
  });
});
