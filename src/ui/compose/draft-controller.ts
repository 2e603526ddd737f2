import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ComposeService, DraftInput, MailAddress } from '../../state/types.js';

/** Autosave after this pause in typing (SEND-2): often enough to lose little, rarely enough not to churn. */
const AUTOSAVE_AFTER_MS = 3_000;

/**
 * What an opened draft carries besides what is written (a reply's threading headers and the
 * message it answers; whether a template's variables are to be filled), sent along unchanged.
 */
type Threading = Pick<DraftInput, 'inReplyTo' | 'references' | 'respondsTo' | 'fillVariables'>;

/** What the controller needs of the composer. */
export interface DraftHost {
  compose(): ComposeService | undefined;
  /** The chosen sender; no sender, no save. */
  sender(): MailAddress | undefined;
  /** Whether a save is worth it now: the composer is open and something is written. */
  worthSaving(): boolean;
  /** What is written, as a draft. */
  written(): Promise<DraftInput>;
  /** A save that failed (the composer says why). */
  failed(err: unknown): void;
}

/**
 * SEND-2 and TEMPLATE-2 in the composer: the draft saved for this message (autosave after a
 * pause, Save draft, each save replacing the last), what the opened draft carries along,
 * Save as template, and the saved draft going away with Discard. Saves run one after the
 * other, and Send and Discard wait for the one running, so no draft outlives them.
 */
export class DraftController implements ReactiveController {
  /** The saved draft's id, replaced by each later save; null before the first. */
  id: string | null = null;
  /** When the draft was last saved (the line under the text says so), or null. */
  savedAt: number | null = null;
  /** This message was saved as a template (the line under the text says so). */
  templateSaved = false;
  private threading: Threading = {};
  private autosave: ReturnType<typeof setTimeout> | undefined;
  /** The save running now. */
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly access: DraftHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** A message opens: blank, or a draft (with its id and what it carries). */
  open(draft: DraftInput | null): void {
    this.threading = draft
      ? {
          inReplyTo: draft.inReplyTo ?? null,
          references: draft.references ?? [],
          respondsTo: draft.respondsTo ?? null,
          ...(draft.fillVariables ? { fillVariables: true } : {}),
        }
      : {};
    this.id = draft?.draftId ?? null;
    this.templateSaved = false;
    this.savedAt = null;
  }

  /** What goes with every save and with Send besides what is written. */
  carried(): Threading & Pick<DraftInput, 'draftId'> {
    return { ...this.threading, draftId: this.id };
  }

  /** Something changed: save after a pause in typing. */
  schedule(): void {
    clearTimeout(this.autosave);
    this.autosave = setTimeout(() => void this.save(), AUTOSAVE_AFTER_MS);
  }

  /** SEND-2: saves to Drafts (autosave, or Save draft); each save replaces the last. */
  save(): Promise<void> {
    clearTimeout(this.autosave);
    const compose = this.access.compose();
    const from = this.access.sender();
    if (!compose || !from || !this.access.worthSaving()) return this.saving;
    const written = this.access.written();
    this.saving = this.saving.then(async () => {
      try {
        const draft = await written;
        this.id = await compose.saveDraft(from, { ...draft, draftId: this.id });
        this.savedAt = Date.now();
        this.host.requestUpdate();
      } catch (err) {
        this.access.failed(err);
      }
    });
    return this.saving;
  }

  /** TEMPLATE-2: a copy of what is written goes to Templates; editing on changes only the message. */
  async saveTemplate(): Promise<void> {
    const compose = this.access.compose();
    const from = this.access.sender();
    if (!compose || !from) return;
    try {
      await compose.saveTemplate(from, await this.access.written());
      this.templateSaved = true;
      this.host.requestUpdate();
    } catch (err) {
      this.access.failed(err);
    }
  }

  /** Before Send: no autosave any more, and the save running now is done. */
  async settle(): Promise<void> {
    clearTimeout(this.autosave);
    await this.saving;
  }

  /** Sent: the draft goes away with the message (the service removes it on Send). */
  sent(): void {
    this.id = null;
  }

  /** Discard confirmed: `close` the composer, then the saved draft goes too. */
  async discard(close: () => void): Promise<void> {
    await this.settle();
    const id = this.id;
    close();
    if (id)
      await this.access
        .compose()
        ?.discardDraft(id)
        .catch(() => undefined);
  }

  /** The composer closes: nothing more is saved for this message. */
  close(): void {
    clearTimeout(this.autosave);
    this.id = null;
    this.threading = {};
  }
}
