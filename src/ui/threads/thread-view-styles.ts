import { css } from 'lit';

/** The opened thread's look (THREAD-1), kept apart so the element file stays about behaviour. */
export const threadViewStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    flex: 1;
    min-width: 0;
    min-height: 0;
    overflow: auto;
  }
  /* The subject and the thread's actions stay in view while its messages scroll. */
  .top {
    position: sticky;
    top: 0;
    z-index: 1;
    background: var(--bz-bg);
    padding: 0.6rem 0.9rem 0.4rem;
    border-bottom: 1px solid var(--bz-border);
  }
  .tools {
    display: flex;
    gap: 0.3rem;
    justify-content: flex-end;
    flex-wrap: wrap;
  }
  .back {
    margin-inline-end: auto;
  }
  @media (min-width: 801px) {
    .back {
      display: none;
    }
  }
  h2 {
    font-size: 1.2rem;
    margin: 0.2rem 0 0.1rem;
    overflow-wrap: anywhere;
  }
  .count {
    margin: 0;
    color: var(--bz-muted);
    font-size: 0.9em;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  li {
    border-bottom: 1px solid var(--bz-border);
  }
  .head {
    display: flex;
    align-items: center;
    gap: 0.3rem;
    padding-inline-end: 0.6rem;
  }
  .head:hover {
    background: var(--bz-hover);
  }
  button.toggle {
    flex: 1;
    min-width: 0;
    display: flex;
    align-items: baseline;
    gap: 0.5rem;
    border: none;
    border-radius: 0;
    background: none;
    padding: 0.55rem 0.9rem;
    text-align: start;
    font-weight: 400;
  }
  .who {
    flex: none;
    max-width: 40%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .unread .who {
    font-weight: 700;
  }
  .unread button.toggle::before {
    content: '';
    flex: none;
    align-self: center;
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    background: var(--bz-accent);
  }
  .where {
    flex: none;
    font-size: 0.8em;
    padding: 0 0.4em;
    border: 1px solid var(--bz-border);
    border-radius: 4px;
    color: var(--bz-muted);
  }
  .first {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    color: var(--bz-muted);
  }
  [aria-expanded='true'] .first {
    visibility: hidden;
  }
  time {
    flex: none;
    font-size: 0.85em;
    color: var(--bz-muted);
    font-variant-numeric: tabular-nums;
  }
  button.seen {
    flex: none;
    font-size: 0.85em;
  }
  .body {
    border-top: 1px solid var(--bz-border-soft);
  }
  .placeholder {
    margin: auto;
    color: var(--bz-muted);
    padding: 2rem;
    text-align: center;
  }
`;
