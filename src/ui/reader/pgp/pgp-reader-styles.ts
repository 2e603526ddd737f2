import { css } from 'lit';

/** The look of the reader's OpenPGP lines, prompt and decrypted box. */
export const pgpReaderStyles = css`
  .line {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    align-items: center;
    margin: 0.3rem 0 0;
    padding: 0.4rem 0.6rem;
    border-radius: 6px;
    border: 1px solid var(--bz-border);
    border-inline-start-width: 4px;
  }
  .line > span {
    flex: 1 1 16rem;
    overflow-wrap: anywhere;
  }
  .line.ok {
    border-inline-start-color: #2e7d32;
  }
  .line.bad {
    border-color: var(--bz-warning);
    background: var(--bz-warning-bg);
  }
  .line.enc {
    border-inline-start-color: var(--bz-accent);
  }
  .done {
    color: var(--bz-muted);
  }
  .error {
    color: var(--bz-danger);
    flex-basis: 100%;
    margin: 0;
  }
  progress {
    width: 6rem;
  }
`;
