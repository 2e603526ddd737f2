import { html, nothing } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { looksLikePhoneRecipient } from '../../../mail/phone.js';
import type { Subscription } from '../../../state/observable.js';
import type {
  PgpSendCheck,
  PgpSendOptions,
  PgpService,
  PgpServiceLoader,
} from '../../../state/pgp-types.js';
import type { DraftInput, SettingsService } from '../../../state/types.js';
import { currentSettings } from '../../shared/settings-now.js';
import './bz-pgp-options.js';
import '../../pgp/bz-pgp-passphrase-dialog.js';
import type { BzPgpOptionsChangeEvent } from './bz-pgp-options-change.js';
import { linksNotEncryptedText, noSigningKeyText, refusedForMissingText } from './pgp-text.js';
import { UNLOCK_TEST_IDS, unlockRequest } from './unlock-request.js';

/**
 * A pause in typing before asking which recipients have keys: the keystore is asked once
 * per word typed, not once per key, and the list still follows the recipients closely.
 */
const CHECK_AFTER_MS = 300;

/** What the controller needs of the composer. */
export interface PgpSendHost {
  /** PGP-1…5 service loader; absent: OpenPGP is not wired and no options are shown. */
  loader(): PgpServiceLoader | undefined;
  settings(): SettingsService | undefined;
  /** The chosen sender's address. */
  sender(): string | undefined;
  /** Every recipient address typed so far (To, Cc, Bcc), as far as they parse. */
  recipients(): string[];
  /** SEND-15: the files go as links (never together with encryption). */
  links(): boolean;
  /** Shows a sentence where the composer shows its errors (focus stays where it is). */
  warn(text: string): void;
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * PGP-2/3 in the composer: "Sign" (on by default when Settings say so) and "Encrypt"
 * (always signed), the recipients without a key while Encrypt is on, and before Send the
 * last check and the passphrase prompt. The PGP service is loaded only when a composer opens
 * with a loader present, and the keystore is asked about recipients only when the user has
 * an own key at all.
 */
export class PgpSendController implements ReactiveController {
  sign = false;
  encrypt = false;
  private service: PgpService | null = null;
  private loadedFrom: PgpServiceLoader | undefined;
  private keys: Subscription | null = null;
  /** Whether the keystore was read yet, and whether it holds an own usable key. */
  private keysKnown = false;
  private ownKey = false;
  private check: PgpSendCheck | null = null;
  /** The sender and recipients the next check is for (a change schedules one). */
  private wanted = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Only the newest check's answer counts (an older, slower one is dropped). */
  private serial = 0;
  private busy = false;
  /** The loading `start` began: Send waits for it, so a quick Send still signs. */
  private starting: Promise<void> = Promise.resolve();
  private readonly prompt = Object.assign(document.createElement('bz-pgp-passphrase-dialog'), {
    testIds: UNLOCK_TEST_IDS,
  });

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly access: PgpSendHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.keys?.unsubscribe();
    this.keys = null;
    this.keysKnown = false;
  }

  /** Another mailbox's loader (or none): its keystore is another one. */
  private forget(): void {
    this.hostDisconnected();
    this.service = null;
    this.loadedFrom = undefined;
    this.ownKey = false;
  }

  /** A message opens: its own choice (Undo send gives it back), else Sign as Settings say. */
  start(initial?: PgpSendOptions): Promise<void> {
    this.starting = this.load(initial);
    return this.starting;
  }

  private async load(initial?: PgpSendOptions): Promise<void> {
    this.encrypt = initial?.encrypt ?? false;
    this.sign =
      this.encrypt ||
      (initial
        ? initial.sign
        : ((await currentSettings(this.access.settings()))?.pgpSignAlways ?? false));
    this.check = null;
    this.wanted = '';
    const loader = this.access.loader();
    if (loader !== this.loadedFrom) this.forget();
    if (!loader) return;
    try {
      this.service ??= await loader();
      this.loadedFrom = loader;
    } catch (err) {
      this.access.warn(describe(err));
      return;
    }
    this.watchKeys(this.service);
    this.host.requestUpdate();
  }

  /** The keystore's own keys decide whether checks are worth asking for (and follow Settings). */
  private watchKeys(service: PgpService): void {
    if (this.keys) return;
    this.keys = service.observeKeys().subscribe({
      next: (keys) => {
        this.keysKnown = true;
        this.ownKey = keys.some((k) => k.kind === 'own' && k.usable);
        if (!this.ownKey) this.check = null;
        this.wanted = '';
        this.host.requestUpdate();
      },
      error: (err) => this.access.warn(describe(err)),
    });
  }

  private recipients(): string[] {
    return [...new Set(this.access.recipients().map((a) => a.toLowerCase()))];
  }

  /** After each render: when the sender or the recipients changed, check again after a pause. */
  hostUpdated(): void {
    if (!this.service || !this.ownKey) return;
    const now = JSON.stringify([this.access.sender() ?? '', this.recipients()]);
    if (now === this.wanted) return;
    this.wanted = now;
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => void this.refresh().catch((err: unknown) => this.access.warn(describe(err))),
      CHECK_AFTER_MS,
    );
  }

  /** Asks the service now for this sender and these recipients (rejects when it fails). */
  private async refresh(): Promise<PgpSendCheck | null> {
    clearTimeout(this.timer);
    const service = this.service;
    const from = this.access.sender();
    if (!service || !from) return null;
    const serial = ++this.serial;
    const check = await service.checkSend(from, this.recipients());
    if (serial === this.serial) {
      this.check = check;
      this.host.requestUpdate();
    }
    return check;
  }

  /**
   * PGP-3: the recipients without a usable key: the last check's, less those removed since,
   * and every SMS or fax recipient (a gateway cannot carry an encrypted message).
   */
  missing(): string[] {
    const now = this.recipients();
    const typed = new Set(now);
    const known = (this.check?.missing ?? []).filter((a) => typed.has(a.toLowerCase()));
    return [...new Set([...known, ...now.filter(looksLikePhoneRecipient)])];
  }

  /** What goes with the message: nothing unless signing can happen or encryption was asked. */
  options(): Pick<DraftInput, 'pgp'> {
    if (!this.encrypt && !(this.sign && this.check?.signingKey)) return {};
    return { pgp: { sign: true, encrypt: this.encrypt } };
  }

  /**
   * Before Send: true when the message may go as chosen. Refuses (saying why, leaving the
   * message as it is) while Encrypt is on with recipients without a key, files as links, or
   * no key for the sender; asks for the passphrase when the key is not unlocked.
   */
  async ready(): Promise<boolean> {
    // Sign alone matters only with an own key (or before the keystore answered: ask then).
    const mayHaveKey = this.ownKey || !this.keysKnown;
    if (!this.encrypt && !(this.sign && mayHaveKey && this.access.loader())) return true;
    if (this.busy) return false;
    this.busy = true;
    try {
      return await this.confirm();
    } catch (err) {
      this.access.warn(describe(err));
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async confirm(): Promise<boolean> {
    if (this.encrypt && this.access.links()) return this.refuse(linksNotEncryptedText());
    await this.starting;
    const service = this.service;
    const check = await this.refresh();
    if (!service || !check?.signingKey) {
      // Sign alone (Settings' default) quietly does not apply to a sender without a key: the
      // hint says so. Encryption asked for is never dropped in silence.
      return this.encrypt ? this.refuse(noSigningKeyText(this.access.sender() ?? '')) : true;
    }
    const missing = this.encrypt ? this.missing() : [];
    if (missing.length > 0) return this.refuse(refusedForMissingText());
    if (check.unlocked) return true;
    const key = check.signingKey;
    return this.prompt.ask(
      unlockRequest(key, (passphrase, rememberForSession) =>
        service.unlockKey(key.fingerprint, passphrase, { rememberForSession }),
      ),
    );
  }

  private refuse(text: string): false {
    this.access.warn(text);
    return false;
  }

  private onChange(e: BzPgpOptionsChangeEvent): void {
    e.stopPropagation();
    this.sign = e.options.sign;
    this.encrypt = e.options.encrypt;
    this.host.requestUpdate();
  }

  /** The options (or the hint where to make a key), and the passphrase prompt. */
  render(): TemplateResult {
    // Nothing before the keystore answered, nor before the first check for an own key: no
    // hint flashes by when the options are about to appear.
    const shown = this.keysKnown && (!this.ownKey || this.check !== null || this.encrypt);
    return html`${
      shown
        ? html`<bz-pgp-options
            data-testid="compose-pgp"
            .available=${this.check?.signingKey != null}
            .sender=${this.access.sender() ?? ''}
            .sign=${this.sign}
            .encrypt=${this.encrypt}
            .missing=${this.missing()}
            .links=${this.access.links()}
            @bz-pgp-options-change=${(e: BzPgpOptionsChangeEvent) => this.onChange(e)}
          ></bz-pgp-options>`
        : nothing
    }${this.prompt}`;
  }
}
