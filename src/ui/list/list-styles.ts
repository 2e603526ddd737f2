import { css } from 'lit';

/** The message list's look, kept apart so the element file stays about behaviour. */
export const listStyles = css`
  .viewport {
    position: relative;
    flex: 1;
    overflow-y: auto;
    overflow-x: hidden;
    contain: strict;
    min-height: 0;
  }
  .spacer {
    position: relative;
    width: 100%;
  }
  .row {
    position: absolute;
    top: 0;
    left: 0;
    right: 0;
    box-sizing: border-box;
    border-bottom: 1px solid var(--bz-border-soft);
    cursor: default;
    user-select: none;
    contain: layout paint;
  }
  .row:hover {
    background: var(--bz-hover);
  }
  .row[aria-selected='true'] {
    background: var(--bz-selected);
  }
  .viewport:focus-visible .row.focus {
    outline: 2px solid var(--bz-focus);
    outline-offset: -2px;
  }
  .cell {
    padding: 0.35rem 0.75rem;
    height: 100%;
    box-sizing: border-box;
    display: flex;
    flex-direction: column;
    justify-content: center;
    gap: 0.15rem;
    min-width: 0;
  }
  .line1,
  .line2 {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-width: 0;
  }
  .who,
  .subject {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    min-width: 0;
  }
  .who {
    flex: 1;
  }
  .line2 .subject {
    flex: 1;
    color: var(--bz-muted);
  }
  .unread .who,
  .unread .subject {
    font-weight: 700;
    color: var(--bz-fg);
  }
  .date,
  .size {
    flex: none;
    font-size: 0.85em;
    color: var(--bz-muted);
    font-variant-numeric: tabular-nums;
  }
  .marks {
    display: inline-flex;
    gap: 0.15rem;
    align-items: center;
    flex: none;
  }
  .marks .icon {
    width: 14px;
    height: 14px;
  }
  .prio {
    color: var(--bz-danger);
    font-weight: 800;
  }
  .warn {
    color: var(--bz-warning);
  }
  .compact .cell {
    flex-direction: row;
    align-items: center;
    gap: 0.6rem;
    padding-block: 0;
  }
  .compact .marks {
    width: 2.6rem;
  }
  .compact .who {
    flex: 0 0 30%;
  }
  .compact .subject {
    flex: 1;
  }
  .line3 {
    display: flex;
    min-width: 0;
  }
  .snippet {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    min-width: 0;
    flex: 1;
    font-size: 0.85em;
    color: var(--bz-muted);
  }
  mark {
    background: var(--bz-mark-bg, #ffe27a);
    color: #1a1a1a;
    border-radius: 2px;
  }
  .loading {
    color: var(--bz-muted);
  }
  /* A line above the list while it is not yet what was asked for (sorting, grouping). */
  .list-hint {
    margin: 0;
    padding: 0.25rem 0.75rem;
    font-size: 0.85em;
    color: var(--bz-muted);
    border-bottom: 1px solid var(--bz-border-soft);
  }
  .empty {
    text-align: center;
    color: var(--bz-muted);
    padding: 2rem 1rem;
    margin: 0;
  }
`;
