import { html, nothing } from 'lit';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { msg } from '@lit/localize';
import type { SpamServiceLoader } from '../../state/spam-types.js';
import type { Folder, NoticeService } from '../../state/types.js';
import { reportError } from '../shared/errors.js';

export interface SpamMarksHost extends ReactiveControllerHost {
  spamService?: SpamServiceLoader;
  notices?: NoticeService;
  selectedIds: readonly string[];
  /** The shown folder; null for search results. */
  folder: Folder | null;
}

/**
 * SPAM-2 in the list toolbar: "Spam" on the selection anywhere but in a Spam folder, "Not
 * spam" in one. Kept small for the start-up bundle: the action and its notices
 * (spam-mark-action.ts) and the SpamService load on the first click. Another account's
 * Spam has no role (ADR 0016), so in a folder one level down the service is asked once a
 * message is selected there.
 */
export class SpamMarksController implements ReactiveController {
  /** True while the shown folder is a Spam folder. */
  private inSpam = false;
  private folderId: string | null = null;
  private asked = false;

  constructor(private readonly host: SpamMarksHost) {
    host.addController(this);
  }

  /** Before each render: follows the shown folder. */
  hostUpdate(): void {
    const folder = this.host.folder;
    if ((folder?.id ?? null) !== this.folderId) {
      this.folderId = folder?.id ?? null;
      this.inSpam = folder?.role === 'spam';
      this.asked = this.inSpam || folder?.depth !== 1;
    }
    if (!this.asked && folder && this.host.selectedIds.length) {
      this.asked = true;
      void this.host
        .spamService?.()
        .then((s) => s.isSpamFolder(folder.id))
        .then((yes) => {
          if (this.folderId !== folder.id || !yes) return;
          this.inSpam = true;
          this.host.requestUpdate();
        })
        .catch(() => undefined);
    }
  }

  private mark(spam: boolean): void {
    const { spamService, notices, selectedIds } = this.host;
    void import('./spam-mark-action.js').then(
      (m) => m.markSelection(spamService, notices, [...selectedIds], spam),
      (err: unknown) => reportError(notices, msg('Could not mark', { id: 'error.mark' }), err),
    );
  }

  /** The button for the selection, or nothing where the service is not wired. */
  render() {
    if (!this.host.spamService) return nothing;
    const spam = !this.inSpam;
    return html`<button @click=${() => this.mark(spam)}>
      ${spam ? msg('Spam', { id: 'spam.markAction' }) : msg('Not spam', { id: 'spam.notSpamAction' })}
    </button>`;
  }
}
