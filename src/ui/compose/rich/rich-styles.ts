import { css } from 'lit';

/**
 * ProseMirror's own rules (what tiptap injects into document.head, which does not reach
 * a shadow root: the editor is created with injectCSS off) plus the look of the content.
 * Content margins follow browser defaults for mail (p, blockquote, lists) so what the
 * user sees is close to what the recipient's reader shows.
 */
export const proseMirrorStyles = css`
  .ProseMirror {
    position: relative;
    word-wrap: break-word;
    white-space: pre-wrap;
    white-space: break-spaces;
    font-variant-ligatures: none;
    font-feature-settings: 'liga' 0;
  }
  .ProseMirror [contenteditable='false'] {
    white-space: normal;
  }
  .ProseMirror [contenteditable='false'] [contenteditable='true'] {
    white-space: pre-wrap;
  }
  img.ProseMirror-separator {
    display: inline !important;
    border: none !important;
    margin: 0 !important;
    width: 0 !important;
    height: 0 !important;
  }
  .ProseMirror-gapcursor {
    display: none;
    pointer-events: none;
    position: absolute;
    margin: 0;
  }
  .ProseMirror-gapcursor::after {
    content: '';
    display: block;
    position: absolute;
    top: -2px;
    width: 20px;
    border-top: 1px solid currentColor;
    animation: ProseMirror-cursor-blink 1.1s steps(2, start) infinite;
  }
  @keyframes ProseMirror-cursor-blink {
    to {
      visibility: hidden;
    }
  }
  .ProseMirror-hideselection *::selection {
    background: transparent;
  }
  .ProseMirror-hideselection * {
    caret-color: transparent;
  }
  .ProseMirror-focused .ProseMirror-gapcursor {
    display: block;
  }
`;

export const richEditorStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    border: 1px solid var(--bz-border);
    border-radius: 6px;
    background: var(--bz-bg);
    min-height: 12rem;
  }
  [role='toolbar'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    padding: 0.3rem;
    border-bottom: 1px solid var(--bz-border);
    align-items: center;
  }
  [role='toolbar'] button {
    min-width: 2rem;
    justify-content: center;
    padding: 0.2rem 0.4rem;
  }
  [role='toolbar'] button[aria-pressed='true'] {
    background: var(--bz-hover);
    border-color: var(--bz-accent);
    box-shadow: inset 0 0 0 1px var(--bz-accent);
  }
  [role='toolbar'] select {
    max-width: 10rem;
    padding: 0.2rem 0.3rem;
  }
  .sep {
    width: 1px;
    align-self: stretch;
    background: var(--bz-border);
    margin: 0 0.15rem;
  }
  input[type='color'] {
    width: 2.2rem;
    height: 2rem;
    padding: 0.1rem;
    border: 1px solid var(--bz-border);
    border-radius: 6px;
    background: var(--bz-bg);
  }
  .glyph-b {
    font-weight: 700;
  }
  .glyph-i {
    font-style: italic;
    font-family: Georgia, serif;
  }
  .glyph-u {
    text-decoration: underline;
  }
  .glyph-s {
    text-decoration: line-through;
  }
  form.link {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    align-items: center;
    padding: 0.4rem;
    border-bottom: 1px solid var(--bz-border);
  }
  form.link input {
    flex: 1 1 14rem;
  }
  .error {
    color: var(--bz-danger);
    flex-basis: 100%;
    margin: 0;
  }
  .frame {
    position: relative;
    flex: 1;
    display: flex;
    flex-direction: column;
    min-height: 0;
  }
  .body {
    flex: 1;
    overflow: auto;
    padding: 0 0.8rem;
    cursor: text;
  }
  .placeholder {
    position: absolute;
    inset: 0 0.8rem auto;
    margin: 1em 0;
    color: var(--bz-muted);
    pointer-events: none;
  }
  /* The focus ring is baseStyles' [tabindex]:focus-visible, as on the plain-text body. */
  .ProseMirror {
    min-height: 9rem;
  }
  .ProseMirror p {
    margin: 1em 0;
  }
  .ProseMirror blockquote {
    margin: 1em 0 1em 0.2em;
    padding-left: 0.8em;
    border-left: 3px solid var(--bz-border);
    color: var(--bz-muted);
  }
  .ProseMirror ul,
  .ProseMirror ol {
    padding-left: 1.6em;
  }
  .ProseMirror li > p {
    margin: 0.2em 0;
  }
  .ProseMirror a {
    color: var(--bz-accent);
  }
  .ProseMirror img {
    max-width: 100%;
    height: auto;
    vertical-align: bottom;
  }
  .ProseMirror img.ProseMirror-selectednode {
    outline: 2px solid var(--bz-focus);
  }
`;
