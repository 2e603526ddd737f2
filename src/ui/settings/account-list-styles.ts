// What the Settings sections listing other accounts (POP3, IMAP) look alike in.
import { css } from 'lit';

export const accountListStyles = css`
  ul {
    list-style: none;
    padding: 0;
    margin: 0;
    display: grid;
    gap: 0.8rem;
  }
  .muted {
    color: var(--bz-muted);
    font-size: 0.9em;
  }
  .error {
    color: var(--bz-danger, #b00020);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    align-items: center;
  }
`;
