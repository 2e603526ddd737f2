import { css } from 'lit';

/** What the Contacts tool's parts share: rows of people and lists, small forms. */
export const contactsStyles = css`
  ul.rows {
    list-style: none;
    padding: 0;
    margin: 0.4rem 0 0;
    display: grid;
    gap: 0.3rem;
  }
  ul.rows > li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem;
    padding: 0.3rem 0.4rem;
    border: 1px solid var(--bz-border-soft);
    border-radius: 6px;
  }
  .who {
    flex: 1 1 14rem;
    display: grid;
    min-width: 0;
  }
  .who .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .actions {
    display: flex;
    gap: 0.3rem;
    margin-inline-start: auto;
  }
  .muted,
  .who .address {
    color: var(--bz-muted);
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem;
  }
  .bar .grow {
    flex: 1 1 12rem;
  }
  label.field {
    display: grid;
    gap: 0.15rem;
  }
  fieldset {
    border: 1px solid var(--bz-border-soft);
    border-radius: 6px;
    margin: 0.6rem 0 0;
    padding: 0.4rem 0.6rem 0.6rem;
    display: grid;
    gap: 0.4rem;
  }
  textarea {
    font: inherit;
    color: inherit;
    background: var(--bz-bg);
    border: 1px solid var(--bz-border);
    border-radius: 6px;
    padding: 0.3rem 0.5rem;
  }
  .error {
    color: var(--bz-danger);
  }
  p.error:empty {
    margin: 0;
  }
  button[aria-pressed='true'] {
    background: var(--bz-selected);
    border-color: var(--bz-accent);
  }
`;

/** CONTACTS-2: the address-book picker's own layout (mode switch, rows as labels). */
export const addressPickerStyles = css`
  dialog {
    width: min(36rem, calc(100vw - 2rem));
  }
  .mode {
    display: flex;
    flex-wrap: wrap;
    gap: 0.8rem;
    border: 0;
    padding: 0;
    margin: 0.5rem 0 0;
  }
  ul.rows {
    max-height: 45vh;
    overflow: auto;
  }
  ul.rows > li > label {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    flex: 1;
    min-width: 0;
  }
  h3 {
    font-size: 0.95rem;
    margin: 0.7rem 0 0;
  }
`;
