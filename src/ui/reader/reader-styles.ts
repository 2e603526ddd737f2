import { css } from 'lit';

/** The reader's look, kept apart so the element file stays about behaviour. */
export const readerStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    overflow: auto;
  }
  article {
    display: flex;
    flex-direction: column;
    flex: 1;
    min-height: 0;
  }
  .top {
    padding: 0.6rem 0.9rem 0.4rem;
    border-bottom: 1px solid var(--bz-border);
  }
  .tools {
    display: flex;
    gap: 0.3rem;
    justify-content: flex-end;
    flex-wrap: wrap;
  }
  .subject {
    font-size: 1.2rem;
    margin: 0.2rem 0 0.4rem;
    overflow-wrap: anywhere;
  }
  dl.headers {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.15rem 0.6rem;
    margin: 0;
    font-size: 0.92rem;
  }
  dt {
    color: var(--bz-muted);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .name {
    font-weight: 600;
  }
  .address {
    color: var(--bz-muted);
  }
  /* CONTACTS-3: the small "keep in contacts" button beside each correspondent. */
  button.keep {
    min-height: 0;
    padding: 0 0.15rem;
    margin-inline-start: 0.15rem;
    border: none;
    background: none;
    color: var(--bz-muted);
    vertical-align: middle;
  }
  button.keep svg {
    width: 14px;
    height: 14px;
  }
  .warnings,
  .banner,
  .note {
    margin: 0.5rem 0 0;
    padding: 0.45rem 0.6rem;
    border-radius: 6px;
    background: var(--bz-warning-bg);
    border: 1px solid var(--bz-warning);
  }
  .warning {
    margin: 0.1rem 0;
    display: flex;
    gap: 0.4rem;
    align-items: flex-start;
  }
  .banner {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    align-items: center;
  }
  .banner span {
    flex: 1 1 14rem;
  }
  .frames {
    flex: 1;
    display: flex;
    flex-direction: column;
    min-height: 0;
  }
  iframe {
    border: 0;
    width: 100%;
    flex: 1 0 24rem;
    background: #fff;
    color-scheme: light;
  }
  /* Several display parts: each frame gets a fixed share and the reader scrolls. */
  .frames.many {
    flex: none;
  }
  .frames.many iframe {
    flex: none;
    height: 50vh;
    border-bottom: 1px solid var(--bz-border);
  }
  pre.raw {
    margin: 0.6rem 0.9rem;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    font-size: 0.85rem;
  }
  .placeholder {
    margin: auto;
    color: var(--bz-muted);
    padding: 2rem;
    text-align: center;
  }
  .back {
    margin-inline-end: auto;
  }
  @media (min-width: 801px) {
    .back {
      display: none;
    }
  }
`;
