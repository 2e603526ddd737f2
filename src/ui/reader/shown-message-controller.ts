// The message the reader shows, and how it got there: opened from the store or given
// read-only, rendered into frames before anything is swapped in (no previous body, no
// blocked-then-loaded images), and rendered again when the user lets remote content in
// (VIEW-2). Kept apart from the reader element so that its stale-answer checks live in one
// place; the element only says which message it wants and places what this one renders.
import { html, nothing } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import { isUnparseable } from '../../mail/types.js';
import type { ParsedMessage, UnparseableMessage } from '../../mail/types.js';
import type { MessageRow, NoticeService, ReaderService, RenderedMail } from '../../state/types.js';
import { need, reportError } from '../shared/errors.js';

/** A message on screen: its stored row (null when given read-only) and what was parsed. */
export interface ShownMessage {
  row: MessageRow | null;
  parsed: ParsedMessage | UnparseableMessage;
}

/** What the controller needs of the reader. */
export interface ShownMessageHost {
  reader(): ReaderService | undefined;
  notices(): NoticeService | undefined;
  /** The setting (or a viewer) shows remote content without asking. */
  alwaysShowRemote(): boolean;
  /** A message went on screen: its stored id (null if given) and, when readable, its parts. */
  opened(messageId: string | null, parsed: ParsedMessage | null): void;
}

export class ShownMessageController implements ReactiveController {
  /** The message on screen; null before the first one and once none is chosen. */
  loaded: ShownMessage | null = null;
  /** A message is being opened (the one before stays on screen meanwhile). */
  loading = false;
  /** "Show images for this message". */
  private showRemote = false;
  private senderTrusted = false;
  /** The frames on screen; replaced only once the next rendering is ready (no flicker). */
  private rendered: { key: unknown; allow: boolean; mail: RenderedMail } | null = null;
  /** A re-rendering under way (remote content allowed), so it is asked for once. */
  private rerendering: { key: unknown; allow: boolean } | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly access: ShownMessageHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Before every rendering: the setting, "Show images" or the trust may have changed. */
  hostUpdate(): void {
    this.rerenderIfAllowChanged();
  }

  /** Opens the stored message `id`; `current`: is it still the one wanted? */
  async load(id: string, current: () => boolean): Promise<void> {
    this.loading = true;
    this.host.requestUpdate();
    try {
      const opened = await need(this.access.reader()).openMessage(id);
      if (!current()) return;
      await this.show(opened.row, opened.parsed, current);
    } catch (err) {
      if (current()) {
        this.loaded = null;
        this.openFailed(err);
      }
    } finally {
      if (current()) {
        this.loading = false;
        this.host.requestUpdate();
      }
    }
  }

  /** A message given read-only (archive viewer, nested .eml). */
  async showGiven(
    parsed: ParsedMessage | UnparseableMessage,
    current: () => boolean,
  ): Promise<void> {
    this.loading = true;
    this.host.requestUpdate();
    try {
      await this.show(null, parsed, current);
    } catch (err) {
      if (current()) this.openFailed(err);
    } finally {
      if (current()) {
        this.loading = false;
        this.host.requestUpdate();
      }
    }
  }

  /** No message is chosen any more. */
  clear(): void {
    this.loaded = null;
    this.host.requestUpdate();
  }

  /** The frames of `p` as last rendered (none until its rendering is ready). */
  body(p: ParsedMessage): { mail: RenderedMail; allow: boolean } {
    const shown = this.rendered?.key === p ? this.rendered : null;
    return { mail: shown?.mail ?? { frames: [], blockedRemote: 0 }, allow: shown?.allow ?? false };
  }

  private openFailed(err: unknown): void {
    reportError(
      this.access.notices(),
      msg('Could not open the message', { id: 'error.openMessage' }),
      err,
    );
  }

  /**
   * Renders first, then swaps headers and frames in together: no previous body, no
   * blocked-then-loaded images. `current`: is the message still the one wanted?
   */
  private async show(
    row: MessageRow | null,
    parsed: ParsedMessage | UnparseableMessage,
    current: () => boolean,
  ): Promise<void> {
    const reader = need(this.access.reader());
    const sender = isUnparseable(parsed) ? undefined : parsed.summary.from[0]?.address;
    const trusted = sender ? await reader.isRemoteAllowed(sender).catch(() => false) : false;
    const allow = this.access.alwaysShowRemote() || trusted;
    const mail = isUnparseable(parsed)
      ? null
      : await reader.renderDocument(parsed, { allowRemote: allow });
    if (!current()) return;
    this.loaded = { row, parsed };
    this.access.opened(row?.id ?? null, isUnparseable(parsed) ? null : parsed);
    this.showRemote = false;
    this.senderTrusted = trusted;
    this.rendered = mail ? { key: parsed, allow, mail } : null;
    this.rerendering = null;
    this.host.requestUpdate();
  }

  private get allowRemote(): boolean {
    return this.access.alwaysShowRemote() || this.senderTrusted || this.showRemote;
  }

  /** "Show images", "Always for this sender" or the setting: render again, then swap. */
  private rerenderIfAllowChanged(): void {
    const parsed = this.loaded?.parsed;
    const r = this.rendered;
    if (!parsed || isUnparseable(parsed) || !r || r.key !== parsed) return;
    const allow = this.allowRemote;
    if (r.allow === allow) {
      this.rerendering = null; // a swap asked for before is no longer wanted
      return;
    }
    if (this.rerendering?.key === parsed && this.rerendering.allow === allow) return;
    const job = { key: parsed, allow };
    this.rerendering = job;
    need(this.access.reader())
      .renderDocument(parsed, { allowRemote: allow })
      .then(
        (mail) => {
          if (this.rerendering === job) {
            this.rendered = { key: parsed, allow, mail };
            this.host.requestUpdate();
          }
        },
        (err: unknown) => this.openFailed(err),
      )
      .finally(() => {
        if (this.rerendering === job) this.rerendering = null;
      });
  }

  private async trustSender(address: string): Promise<void> {
    try {
      await need(this.access.reader()).trustSender(address);
      this.senderTrusted = true;
      this.host.requestUpdate();
    } catch (err) {
      reportError(
        this.access.notices(),
        msg('Could not save the setting', { id: 'error.settings' }),
        err,
      );
    }
  }

  /** "Show images for this message": this message only, until another one is shown. */
  private showOnce(): void {
    this.showRemote = true;
    this.host.requestUpdate();
  }

  /** VIEW-2: the banner offering the blocked remote content of `p` (nothing when none was). */
  renderRemoteBanner(p: ParsedMessage): TemplateResult | typeof nothing {
    const sender = p.summary.from[0]?.address ?? '';
    const { mail, allow } = this.body(p);
    return !allow && mail.blockedRemote > 0
      ? html`<div class="banner" data-testid="remote-content-banner" role="status">
          <span
            >${msg('Remote images and content were blocked to protect your privacy.', { id: 'remote.blocked' })}</span
          >
          <button data-testid="load-remote-content" @click=${() => this.showOnce()}>
            ${msg('Show images for this message', { id: 'remote.showOnce' })}
          </button>
          ${
            sender
              ? html`<button @click=${() => this.trustSender(sender)}>
                  ${msg('Always for this sender', { id: 'remote.trust' })}
                </button>`
              : nothing
          }
        </div>`
      : nothing;
  }
}
