import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Settings, SettingsService } from '../../state/types.js';
import { currentSettings } from '../shared/settings-now.js';
import { insertBlock, removeBlock, signatureBlock } from './signature.js';

/** What the controller needs of the composer: its text and the chosen sender's signature. */
export interface SignatureHost {
  text(): string;
  setText(text: string): void;
  /** The chosen sender's signature ('' when none). */
  signature(): string;
  settings(): SettingsService | undefined;
}

/**
 * SEND-16 in the composer: the automatic signature (bottom or where the cursor starts, as
 * set), "Add signature" for this message, "Insert signature" at the cursor, and the swap
 * when another sender is chosen. It remembers exactly the block it put in the text, so
 * taking it out never touches what the user wrote — nor a block the user edited.
 */
export class SignatureController implements ReactiveController {
  /** "Add signature" for this message. */
  on = true;
  private block: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly access: SignatureHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  get available(): boolean {
    return this.access.signature().trim() !== '';
  }

  /** A message opens: `fresh` ones (new, reply, forward) get the signature if set to. */
  async start(fresh: boolean): Promise<void> {
    this.block = null;
    const settings = await currentSettings(this.access.settings());
    this.on = settings?.autoSignature ?? true;
    if (fresh && this.on) this.put(settings?.signaturePlacement ?? 'bottom');
    this.host.requestUpdate();
  }

  private put(placement: Settings['signaturePlacement'], at = 0): void {
    if (!this.available) return;
    const block = signatureBlock(this.access.signature());
    this.access.setText(insertBlock(this.access.text(), block, placement, at));
    this.block = block;
  }

  private takeOut(): void {
    if (this.block === null) return;
    const without = removeBlock(this.access.text(), this.block);
    if (without !== null) this.access.setText(without);
    this.block = null;
  }

  async toggle(on: boolean): Promise<void> {
    this.on = on;
    if (on) {
      const settings = await currentSettings(this.access.settings());
      this.put(settings?.signaturePlacement ?? 'bottom');
    } else this.takeOut();
    this.host.requestUpdate();
  }

  /**
   * Takes out the text block (the rich editor puts the rich signature in instead); true
   * when there was one.
   */
  detach(): boolean {
    const had = this.block !== null;
    this.takeOut();
    return had;
  }

  /** "Insert signature": at the cursor, whatever the setting says. */
  insertAt(position: number): void {
    this.put('cursor', position);
    this.host.requestUpdate();
  }

  /** Another sender is chosen by `choose`: its signature replaces the one put in. */
  async swap(choose: () => void): Promise<void> {
    const had = this.block !== null;
    this.takeOut();
    choose();
    if (had || this.on) {
      const settings = await currentSettings(this.access.settings());
      this.put(settings?.signaturePlacement ?? 'bottom');
    }
    this.host.requestUpdate();
  }
}
