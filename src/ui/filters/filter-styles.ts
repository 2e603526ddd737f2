import { css } from 'lit';

/** Shared look of the filters dialog's parts. */
export const filterStyles = css`
  form {
    display: grid;
    gap: 0.7rem;
  }
  label {
    display: grid;
    gap: 0.2rem;
  }
  textarea {
    font: inherit;
    color: inherit;
    background: var(--bz-bg);
    border: 1px solid var(--bz-border);
    border-radius: 6px;
    padding: 0.3rem 0.5rem;
  }
  label.inline {
    display: flex;
    gap: 0.4rem;
    align-items: center;
  }
  label.check {
    display: flex;
    gap: 0.4rem;
    align-items: center;
  }
  .line {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  ul.rows {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.4rem;
  }
  li.row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    align-items: center;
  }
  li.row input:not([type]),
  li.row input[type='email'] {
    flex: 1;
    min-width: 10rem;
  }
  .note {
    flex-basis: 100%;
    margin: 0;
    font-size: 0.85em;
    color: var(--bz-muted);
  }
  .problem,
  .warning {
    margin: 0;
    color: var(--bz-danger);
  }
  p[role='status']:empty {
    display: none;
  }
`;

/** The filters dialog's frame: tabs and the list of filters. */
export const dialogStyles = css`
  dialog {
    width: min(48rem, 95vw);
  }
  [role='tablist'] {
    display: flex;
    gap: 0.3rem;
    border-bottom: 1px solid var(--bz-border);
    margin-bottom: 0.7rem;
  }
  [role='tab'][aria-selected='true'] {
    background: var(--bz-accent);
    color: var(--bz-on-accent);
  }
  ol {
    padding: 0;
    margin: 0;
    list-style: none;
    display: grid;
    gap: 0.3rem;
  }
  ol li {
    display: flex;
    gap: 0.4rem;
    align-items: center;
    border: 1px solid var(--bz-border);
    border-radius: 6px;
    padding: 0.3rem 0.5rem;
  }
  ol li bdi {
    flex: 1;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .status {
    margin: 0 0 0.6rem;
  }
`;
