import { css } from 'lit';

/** The archive viewer's look: a near full-screen dialog with a list and a reader. */
export const viewerStyles = css`
  dialog {
    width: calc(100vw - 2rem);
    max-width: 90rem;
    height: calc(100vh - 2rem);
    padding: 0.6rem 0.8rem;
    box-sizing: border-box;
  }
  dialog[open] {
    display: flex;
    flex-direction: column;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    align-items: center;
  }
  header h2 {
    margin: 0 auto 0 0;
  }
  .panes {
    flex: 1;
    min-height: 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1.2fr);
    gap: 0.6rem;
    margin-top: 0.5rem;
  }
  .list {
    overflow: auto;
    min-height: 0;
  }
  .reader {
    min-height: 0;
    border: 1px solid var(--bz-border);
    border-radius: 6px;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.9rem;
  }
  th,
  td {
    text-align: start;
    padding: 0.25rem 0.4rem;
    border-bottom: 1px solid var(--bz-border-soft);
    max-width: 12rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  tr.current {
    background: var(--bz-selected);
  }
  button.link {
    border: none;
    background: none;
    padding: 0;
    min-height: 0;
    text-align: start;
    text-decoration: underline;
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    display: block;
  }
  .count,
  .hint {
    color: var(--bz-muted);
  }
  .busy {
    margin: 2rem auto;
    width: min(30rem, 90%);
  }
  .report h2 {
    font-size: 1rem;
    margin: 0.4rem 0 0;
  }
  .report p {
    margin: 0.2rem 0;
  }
  @media (max-width: 800px) {
    .panes {
      grid-template-columns: 1fr;
      grid-template-rows: 1fr 1fr;
    }
  }
`;
