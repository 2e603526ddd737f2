import { css } from 'lit';

/**
 * Shared look: colours come from custom properties set on :root in index.html (light and
 * dark via prefers-color-scheme), so every shadow root follows the theme.
 */
export const baseStyles = css`
  :host {
    color: var(--bz-fg);
    font: inherit;
  }
  button,
  .button {
    font: inherit;
    color: inherit;
    background: var(--bz-button-bg);
    border: 1px solid var(--bz-border);
    border-radius: 6px;
    padding: 0.3rem 0.7rem;
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
    min-height: 2rem;
  }
  button:hover,
  .button:hover {
    background: var(--bz-hover);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button.primary {
    background: var(--bz-accent);
    color: var(--bz-on-accent);
    border-color: var(--bz-accent);
  }
  button.danger {
    color: var(--bz-danger);
  }
  button.icon-only {
    padding: 0.3rem;
  }
  button:focus-visible,
  a:focus-visible,
  input:focus-visible,
  select:focus-visible,
  [tabindex]:focus-visible {
    outline: 2px solid var(--bz-focus);
    outline-offset: 1px;
  }
  input,
  select {
    font: inherit;
    color: inherit;
    background: var(--bz-bg);
    border: 1px solid var(--bz-border);
    border-radius: 6px;
    padding: 0.3rem 0.5rem;
  }
  dialog {
    color: var(--bz-fg);
    background: var(--bz-bg);
    border: 1px solid var(--bz-border);
    border-radius: 10px;
    padding: 1rem 1.2rem;
    max-width: min(40rem, calc(100vw - 2rem));
    box-sizing: border-box;
    box-shadow: 0 10px 40px rgb(0 0 0 / 0.3);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.35);
  }
  dialog h2 {
    margin: 0 0 0.8rem;
    font-size: 1.15rem;
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: 0.5rem;
    margin-top: 1rem;
    flex-wrap: wrap;
  }
  [hidden] {
    display: none !important;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .icon {
    flex: none;
  }
  bdi {
    unicode-bidi: isolate;
  }
`;

/** A group under the folder tree (saved searches, tags): a small heading over a bare list. */
export const sidebarGroupStyles = css`
  :host {
    display: block;
    padding: 0 0.25rem;
  }
  h2 {
    font-size: 0.8rem;
    text-transform: uppercase;
    letter-spacing: 0.05em;
    margin: 0.6rem 0.5rem 0.2rem;
    color: var(--bz-muted);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
`;
