import type { ReactiveController, ReactiveControllerHost, TemplateResult, nothing } from 'lit';
import type { ComposeService, DraftInput } from '../../state/types.js';
import { sendOptions } from './send-options.js';
import type { PriorityLevel } from './send-options.js';
import { linksOption } from './sending-notes.js';

/** SEND-15: what the server allows for files as links (null: it keeps none). */
type LinkPolicy = Awaited<ReturnType<ComposeService['linkPolicy']>>;

/**
 * SEND-10, SEND-11, SEND-15 in the composer: how this message goes — its priority, whether
 * it asks for a read receipt, and whether its files go as links (offered when the server
 * keeps links and there are files). Only what differs from the default goes with the
 * message, so a draft saved with the defaults carries none of it.
 */
export class SendOptionsController implements ReactiveController {
  private priority: PriorityLevel = 'normal';
  private requestReceipt = false;
  private asLinks = false;
  private linkPolicy: LinkPolicy = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Whether the message has files (links are about them). */
    private readonly hasFiles: () => boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** A message opens with its own priority and receipt (a draft's, Undo's), else the defaults. */
  reset(draft: DraftInput | null): void {
    this.priority = draft?.priority ?? 'normal';
    this.requestReceipt = draft?.requestReceipt ?? false;
    this.host.requestUpdate();
  }

  /** SEND-15, once the rest has opened: the draft's choice and what the server allows. */
  async loadLinks(draft: DraftInput | null, compose: ComposeService | undefined): Promise<void> {
    this.asLinks = draft?.sendAsLinks === true;
    this.host.requestUpdate();
    this.linkPolicy = (await compose?.linkPolicy().catch(() => null)) ?? null;
    this.host.requestUpdate();
  }

  /** The files go as links: asked for, and there are files. */
  get links(): boolean {
    return this.asLinks && this.hasFiles();
  }

  /** What goes with the message: nothing for an option left at its default. */
  options(): Pick<DraftInput, 'priority' | 'requestReceipt' | 'sendAsLinks'> {
    return {
      ...(this.links ? { sendAsLinks: true } : {}),
      ...(this.priority !== 'normal' ? { priority: this.priority } : {}),
      ...(this.requestReceipt ? { requestReceipt: true } : {}),
    };
  }

  /** SEND-15: "Send the files as links", not while the message is `encrypted` (PGP-3). */
  renderLinks(encrypted: boolean): TemplateResult | typeof nothing {
    return linksOption(
      this.linkPolicy,
      this.hasFiles(),
      this.asLinks,
      (on) => {
        this.asLinks = on;
        this.host.requestUpdate();
      },
      encrypted,
    );
  }

  /** SEND-10 priority and SEND-11 read receipt. */
  render(): TemplateResult {
    return sendOptions({
      priority: this.priority,
      requestReceipt: this.requestReceipt,
      setPriority: (p) => {
        this.priority = p;
        this.host.requestUpdate();
      },
      setRequestReceipt: (on) => {
        this.requestReceipt = on;
        this.host.requestUpdate();
      },
    });
  }
}
