import { css } from 'lit';

/** The shell's layout: toolbar, folder sidebar, list, reader; one pane at a time on phones. */
export const appStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    height: 100vh;
    height: 100dvh;
    background: var(--bz-bg);
    color: var(--bz-fg);
  }
  .body {
    flex: 1;
    display: flex;
    min-height: 0;
  }
  nav {
    width: 16.5rem;
    flex: none;
    display: flex;
    flex-direction: column;
    border-inline-end: 1px solid var(--bz-border);
    background: var(--bz-sidebar-bg);
    overflow-y: auto;
  }
  nav bz-folder-tree {
    flex: 1;
  }
  main {
    flex: 1;
    display: flex;
    min-width: 0;
    position: relative;
  }
  .list-pane {
    flex: 0 0 42%;
    min-width: 18rem;
    display: flex;
    flex-direction: column;
    border-inline-end: 1px solid var(--bz-border);
  }
  bz-message-list {
    flex: 1;
  }
  bz-message-view {
    flex: 1;
    min-width: 0;
  }
  .drop-overlay {
    position: absolute;
    inset: 0.5rem;
    border: 3px dashed var(--bz-accent);
    border-radius: 12px;
    background: color-mix(in srgb, var(--bz-bg) 85%, transparent);
    display: flex;
    align-items: center;
    justify-content: center;
    font-size: 1.2rem;
    pointer-events: none;
    z-index: 5;
  }
  .sync-hint {
    color: var(--bz-muted);
    font-variant-numeric: tabular-nums;
  }
  .folders-toggle {
    display: none;
  }
  @media (max-width: 800px) {
    nav {
      position: absolute;
      z-index: 6;
      inset: 0 auto 0 0;
      width: min(18rem, 85vw);
      box-shadow: 4px 0 16px rgb(0 0 0 / 0.25);
    }
    nav:not(.open) {
      display: none;
    }
    .body {
      position: relative;
    }
    .folders-toggle {
      display: inline-flex;
      margin: 0.3rem 0.6rem 0;
      align-self: flex-start;
    }
    .list-pane {
      flex: 1;
      min-width: 0;
      border: none;
    }
    :host([reading]) .list-pane,
    :host(:not([reading])) bz-message-view {
      display: none;
    }
  }
`;
