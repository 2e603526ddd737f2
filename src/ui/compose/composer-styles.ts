import { css } from 'lit';

/** The composer's look: a roomy dialog on a desktop, the whole screen on a phone. */
export const composerStyles = css`
  dialog {
    width: min(46rem, calc(100vw - 2rem));
    max-width: none;
    max-height: calc(100dvh - 2rem);
    padding: 0.8rem 1rem;
  }
  dialog[open] {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  header {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  header h2 {
    flex: 1;
    margin: 0;
  }
  .fields {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.4rem 0.6rem;
    align-items: center;
  }
  .fields > label {
    color: var(--bz-muted);
  }
  .field {
    display: flex;
    gap: 0.3rem;
    min-width: 0;
  }
  .field input,
  .fields select,
  .fields > input {
    flex: 1;
    min-width: 0;
    box-sizing: border-box;
    width: 100%;
  }
  .field button {
    min-height: 1.8rem;
    padding: 0.1rem 0.5rem;
  }
  input[aria-invalid='true'] {
    border-color: var(--bz-danger);
  }
  .field-error {
    grid-column: 2;
    margin: -0.2rem 0 0;
    color: var(--bz-danger);
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  textarea {
    font: inherit;
    color: inherit;
    background: var(--bz-bg);
    border: 1px solid var(--bz-border);
    border-radius: 6px;
    padding: 0.5rem;
    min-height: 14rem;
    flex: 1;
    resize: vertical;
  }
  textarea:focus-visible {
    outline: 2px solid var(--bz-focus);
    outline-offset: 1px;
  }
  .cannot-send {
    margin: 0;
    padding: 0.5rem 0.7rem;
    border-radius: 6px;
    background: var(--bz-warning-bg);
    border: 1px solid var(--bz-warning);
  }
  .error {
    color: var(--bz-danger);
    margin: 0;
  }
  .error:empty {
    display: none;
  }
  .options {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem 1.2rem;
    align-items: center;
    font-size: 0.9em;
  }
  .options > span {
    display: inline-flex;
    gap: 0.4rem;
    align-items: center;
  }
  .dialog-actions .saved {
    margin-right: auto;
    color: var(--bz-muted);
    font-size: 0.85em;
  }
  .dialog-actions {
    margin-top: 0.2rem;
    align-items: center;
  }
  .links-option,
  p.note {
    margin: 0;
    font-size: 0.9em;
  }
  .links-option .note {
    display: block;
    color: var(--bz-muted);
  }
  .body-row {
    display: flex;
    justify-content: flex-end;
  }
  .rich-toggle[aria-pressed='true'] {
    background: var(--bz-selected, #dbe7f3);
  }
  bz-rich-editor {
    display: block;
    min-height: 14rem;
  }
  .signature-row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem 0.8rem;
    align-items: center;
  }
  .signature-row:empty {
    display: none;
  }
  .required-signature {
    margin: 0;
    flex-basis: 100%;
    color: var(--bz-muted);
    font-size: 0.85em;
  }
  .required-signature .required-text {
    white-space: pre-line;
  }
  .attachments .attach-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    align-items: center;
  }
  .attachments .total {
    color: var(--bz-muted);
    font-size: 0.85em;
  }
  .attachments ul {
    list-style: none;
    margin: 0.3rem 0 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem;
  }
  .attachments li {
    display: inline-flex;
    align-items: center;
    gap: 0.3rem;
    max-width: 100%;
    padding: 0.1rem 0.2rem 0.1rem 0.5rem;
    border: 1px solid var(--bz-border);
    border-radius: 1rem;
  }
  .attachments .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    max-width: 16rem;
  }
  .attachments .size {
    color: var(--bz-muted);
    font-size: 0.85em;
  }
  .attachments .remove {
    min-height: 1.5rem;
    padding: 0 0.2rem;
    border: none;
    background: none;
  }
  .question {
    flex: 1;
    margin: 0;
    font-weight: 600;
  }
  @media (max-width: 640px) {
    dialog {
      width: 100vw;
      height: 100dvh;
      max-width: none;
      max-height: none;
      margin: 0;
      border: none;
      border-radius: 0;
    }
  }
`;
