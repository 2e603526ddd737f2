import { css } from 'lit';

/** The look shared by the keystore, the import dialog and the key forms (PGP-1). */
export const pgpStyles = css`
  dialog {
    width: min(44rem, 95vw);
  }
  section {
    display: grid;
    gap: 0.6rem;
  }
  h3 {
    margin: 1rem 0 0;
    font-size: 1rem;
  }
  ul.keys {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .card {
    border: 1px solid var(--bz-border);
    border-radius: 8px;
    padding: 0.5rem 0.7rem;
    display: grid;
    gap: 0.4rem;
  }
  .facts p {
    margin: 0.15rem 0;
  }
  ul.uids {
    list-style: none;
    margin: 0;
    padding: 0;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  ul.uids li.none {
    font-weight: normal;
    color: var(--bz-muted);
  }
  .badges:empty {
    display: none;
  }
  .badge {
    display: inline-block;
    font-size: 0.8em;
    border: 1px solid currentColor;
    border-radius: 999px;
    padding: 0 0.5rem;
    margin-inline-end: 0.3rem;
  }
  .badge.revoked,
  .badge.expired {
    color: var(--bz-danger);
  }
  .badge.unconfirmed {
    color: var(--bz-muted);
  }
  .fpr code {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    letter-spacing: 0.02em;
    word-spacing: 0.15em;
  }
  .label {
    color: var(--bz-muted);
    margin-inline-end: 0.4rem;
  }
  .meta,
  .hint {
    color: var(--bz-muted);
    font-size: 0.85em;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
  }
  form {
    display: grid;
    gap: 0.6rem;
  }
  label.check {
    display: flex;
    gap: 0.4rem;
    align-items: flex-start;
  }
  label.field {
    display: grid;
    gap: 0.2rem;
  }
  textarea {
    font:
      0.85em ui-monospace,
      Menlo,
      Consolas,
      monospace;
    color: inherit;
    background: var(--bz-bg);
    border: 1px solid var(--bz-border);
    border-radius: 6px;
    padding: 0.3rem 0.5rem;
    min-height: 6rem;
  }
  .problem {
    margin: 0.4rem 0;
    color: var(--bz-danger);
  }
  .busy {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    margin: 0.4rem 0;
  }
  .done {
    margin: 0.2rem 0;
    font-weight: 600;
  }
`;
