import { css } from 'lit';
import type { CSSResult } from 'lit';

/** The threads view's additions to the list's look (THREAD-1), loaded with its code. */
export const threadRowStyles = css`
  .thread-count {
    flex: none;
    min-width: 1.4em;
    padding: 0 0.35em;
    border-radius: 999px;
    background: var(--bz-border-soft);
    color: var(--bz-fg);
    font-size: 0.8em;
    line-height: 1.5;
    text-align: center;
    font-variant-numeric: tabular-nums;
  }
  .unread .thread-count {
    font-weight: 700;
  }
  .flag {
    color: var(--bz-warning);
  }
`;

/**
 * Adds `styles` to an element's shadow root after it rendered, so styles used only by
 * lazily loaded code stay out of the start-up bundle.
 */
export function adoptLater(root: Element | ShadowRoot, styles: CSSResult): void {
  const sheet = styles.styleSheet;
  if (!(root instanceof ShadowRoot) || !sheet || root.adoptedStyleSheets.includes(sheet)) return;
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
