// The progress and the report of an import (IMPORT-1, PWA-5), shared by the import panel
// and the archive viewer's import, so both show the same bar, count, Cancel and outcome.
import { css, html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { ImportReport, Progress } from '../../state/types.js';

export const importProgressStyles = css`
  progress {
    width: 100%;
  }
  .label {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    color: var(--bz-muted);
    font-size: 0.9em;
  }
  ul.rejected {
    max-height: 12rem;
    overflow: auto;
    padding-inline-start: 1.2rem;
  }
`;

/**
 * "Importing…", a bar named by that heading, "n of m" and the item being read, and
 * Cancel. A Cancel keeps the messages already written, whole, and drops the rest.
 * `headingId` must be unique in the caller's shadow root.
 */
export function renderImportProgress(p: Progress, onCancel: () => void, headingId: string) {
  return html`<h2 id=${headingId}>${msg('Importing…', { id: 'import.running' })}</h2>
    <progress
      aria-labelledby=${headingId}
      max=${p.total || 1}
      value=${p.total ? p.done : nothing}
    ></progress>
    <p class="label">
      ${p.total ? msg(str`${p.done} of ${p.total}`, { id: 'progress.count' }) : nothing}
      <bdi>${p.label}</bdi>
    </p>
    <div class="dialog-actions">
      <button data-testid="import-cancel" @click=${onCancel}>
        ${msg('Cancel', { id: 'common.cancel' })}
      </button>
    </div>`;
}

/** "Import finished" or "Import cancelled", the counts, and each rejected item with its reason. */
export function renderImportReport(r: ImportReport, headingId: string) {
  return html`<h2 id=${headingId}>
      ${r.cancelled ? msg('Import cancelled', { id: 'import.cancelled' }) : msg('Import finished', { id: 'import.done' })}
    </h2>
    <p>
      ${msg(str`${r.imported} imported, ${r.duplicates} already there.`, { id: 'import.summary' })}
    </p>
    ${
      r.rejected.length
        ? html`<p>
              ${msg(str`${r.rejected.length} not imported:`, { id: 'import.rejectedCount' })}
            </p>
            <ul class="rejected">
              ${r.rejected.map((x) => html`<li><bdi>${x.name}</bdi>: <bdi>${x.reason}</bdi></li>`)}
            </ul>`
        : nothing
    }`;
}
