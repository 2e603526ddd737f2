import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { pgpServiceContext } from '../../state/context.js';
import type { PgpKeyView, PgpService, PgpServiceLoader } from '../../state/pgp-types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import '../shared/bz-confirm-dialog.js';
import type { BzConfirmDialog } from '../shared/bz-confirm-dialog.js';
import { baseStyles } from '../shared/styles.js';
import './bz-pgp-confirm-key-dialog.js';
import type { BzPgpConfirmKeyDialog } from './bz-pgp-confirm-key-dialog.js';
import './bz-pgp-generate-form.js';
import './bz-pgp-import-dialog.js';
import type { BzPgpImportDialog } from './bz-pgp-import-dialog.js';
import './bz-pgp-passphrase-dialog.js';
import type { BzPgpPassphraseDialog } from './bz-pgp-passphrase-dialog.js';
import { downloadKeyText } from './downloads.js';
import type { KeyFileKind } from './key-format.js';
import { keyName } from './pgp-key-row.js';
import { renderKeyCard } from './pgp-key-card.js';
import { pgpStyles } from './pgp-styles.js';
import { StepRunner } from './step-runner.js';

/** Said after an action, with a file to save when there is one (the revoked key). */
interface Outcome {
  text: string;
  save?: { label: string; key: PgpKeyView; kind: KeyFileKind; armored: string };
}

/**
 * PGP-1: the keystore, opened from Settings — the user's own keys and correspondents'
 * keys with their user ids (text only), fingerprints, dates and state; create a key pair,
 * import, confirm whose a key is, export, back up, revoke and delete. Loads the PGP
 * service (and its worker) when first shown (`show()`).
 */
@customElement('bz-pgp-dialog')
@localized()
export class BzPgpDialog extends LitElement {
  static override styles = [baseStyles, pgpStyles];

  @consume({ context: pgpServiceContext, subscribe: true }) loader?: PgpServiceLoader;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('bz-confirm-dialog') private confirm!: BzConfirmDialog;
  @query('bz-pgp-confirm-key-dialog') private confirmKey!: BzPgpConfirmKeyDialog;
  @query('bz-pgp-passphrase-dialog') private passphrase!: BzPgpPassphraseDialog;
  @query('bz-pgp-import-dialog') private importer!: BzPgpImportDialog;
  @state() private service: PgpService | null = null;
  @state() private generating = false;
  @state() private outcome: Outcome | null = null;
  private readonly keys = new SubscribeController<PgpKeyView[]>(this);
  /** One action at a time, with a progress line; a failure is said and nothing is lost. */
  private readonly steps = new StepRunner(this);

  async show(): Promise<void> {
    this.dialog.showModal();
    this.outcome = null;
    if (this.service) return;
    await this.steps.run(
      msg('Loading OpenPGP…', { id: 'pgp.loading' }),
      msg('Could not open the keystore', { id: 'pgp.loadError' }),
      async () => {
        const service = (this.service = (await this.loader?.()) ?? null);
        this.keys.setSource(service?.observeKeys());
      },
    );
  }

  private need(): PgpService {
    if (!this.service)
      throw new Error(msg('OpenPGP is not available here.', { id: 'pgp.unavailable' }));
    return this.service;
  }

  private exportKey(key: PgpKeyView): Promise<void> {
    return this.steps.run(
      msg('Exporting the public key…', { id: 'pgp.exporting' }),
      msg('Could not export the key', { id: 'pgp.exportError' }),
      async () =>
        downloadKeyText(key, 'public', await this.need().exportPublicKey(key.fingerprint)),
    );
  }

  private backUp(key: PgpKeyView): Promise<void> {
    return this.steps.run(
      msg('Preparing the backup…', { id: 'pgp.backingUp' }),
      msg('Could not back up the key', { id: 'pgp.backupError' }),
      async () => {
        downloadKeyText(key, 'secret', await this.need().backupPrivateKey(key.fingerprint));
        this.outcome = {
          text: msg(
            'Private key saved. The file is still protected by your passphrase: keep the file and the passphrase safe, and apart.',
            { id: 'pgp.backupDone' },
          ),
        };
      },
    );
  }

  private async revoke(key: PgpKeyView): Promise<void> {
    const service = this.need();
    let revoked: { key: PgpKeyView; publicKey: string } | null = null;
    const ok = await this.passphrase.ask({
      heading: msg(str`Revoke ${keyName(key)}?`, { id: 'pgp.revokeTitle' }),
      text: msg(
        'A revoked key no longer signs, and correspondents who receive the revoked public key stop encrypting to it. Revoke a key that is lost, stolen or replaced; this cannot be undone.',
        { id: 'pgp.revokeText' },
      ),
      confirmLabel: msg('Revoke key', { id: 'pgp.revokeConfirm' }),
      busyLabel: msg('Revoking…', { id: 'pgp.revoking' }),
      run: async (passphrase) => {
        revoked = await service.revokeKey(key.fingerprint, passphrase);
      },
    });
    const done = revoked as { key: PgpKeyView; publicKey: string } | null;
    if (!ok || !done) return;
    this.outcome = {
      text: msg(
        'The key is revoked. Send the revoked public key to your correspondents, and wherever you published the key, so they stop using it.',
        { id: 'pgp.revokedDone' },
      ),
      save: {
        label: msg('Download the revoked public key', { id: 'pgp.downloadRevoked' }),
        key: done.key,
        kind: 'revoked',
        armored: done.publicKey,
      },
    };
  }

  private async deleteKey(key: PgpKeyView): Promise<void> {
    const name = keyName(key);
    const question =
      key.kind === 'own'
        ? msg(
            str`Delete your key "${name}"? Mail encrypted to this key can no longer be read here, and it no longer signs. Back up the private key first if you may need it.`,
            { id: 'pgp.deleteOwnAsk' },
          )
        : msg(
            str`Delete the key of "${name}"? You can no longer encrypt to them or recognise their signatures until you import it again.`,
            { id: 'pgp.deleteAsk' },
          );
    if (!(await this.confirm.ask(question, msg('Delete key', { id: 'pgp.deleteConfirm' })))) return;
    await this.steps.run(
      msg('Deleting the key…', { id: 'pgp.deleting' }),
      msg('Could not delete the key', { id: 'pgp.deleteError' }),
      () => this.need().deleteKey(key.fingerprint),
    );
  }

  /** ADR 0031: the keep-decrypted opt-in; turning it off deletes the kept copies at once. */
  private keepDecrypted(key: PgpKeyView, on: boolean): Promise<void> {
    return this.steps.run(
      msg('Saving…', { id: 'pgp.keepSaving' }),
      msg('Could not change what is kept', { id: 'pgp.keepError' }),
      async () => {
        await this.need().setStoreDecrypted(key.fingerprint, on);
        this.outcome = {
          text: on
            ? msg(
                'Mail to this key that you decrypt from now on is kept on this device, readable without the passphrase and searchable.',
                { id: 'pgp.keepOn' },
              )
            : msg(
                'Kept copies deleted: mail to this key asks for the passphrase again, and search no longer finds its text.',
                { id: 'pgp.keepOff' },
              ),
        };
      },
    );
  }

  private async confirmWhose(key: PgpKeyView): Promise<void> {
    if (!(await this.confirmKey.ask(key))) return;
    await this.steps.run(
      msg('Confirming…', { id: 'pgp.confirming' }),
      msg('Could not confirm the key', { id: 'pgp.confirmError' }),
      () => this.need().confirmKey(key.fingerprint),
    );
  }

  private renderList(title: string, id: string, keys: PgpKeyView[], empty: string) {
    return html`<section aria-labelledby=${id}>
      <h3 id=${id}>${title}</h3>
      ${
        keys.length
          ? html`<ul class="keys" aria-labelledby=${id}>
              ${keys.map((k) =>
                renderKeyCard(k, !!this.steps.busy, {
                  confirm: () => this.confirmWhose(k),
                  exportKey: () => this.exportKey(k),
                  backUp: () => this.backUp(k),
                  revoke: () => this.revoke(k),
                  deleteKey: () => this.deleteKey(k),
                  storeDecrypted: (on) => this.keepDecrypted(k, on),
                }),
              )}
            </ul>`
          : html`<p class="hint">${empty}</p>`
      }
    </section>`;
  }

  private renderKeys() {
    const keys = this.keys.value ?? [];
    return html`<div class="actions">
        <button
          type="button"
          class="primary"
          ?disabled=${!this.service}
          @click=${() => (this.generating = true)}
        >
          ${msg('New key pair…', { id: 'pgp.new' })}
        </button>
        <button type="button" ?disabled=${!this.service} @click=${() => void this.importer.show()}>
          ${msg('Import or look up keys…', { id: 'pgp.import' })}
        </button>
      </div>
      ${this.renderList(
        msg('Your keys', { id: 'pgp.ownKeys' }),
        'own-h',
        keys.filter((k) => k.kind === 'own'),
        msg(
          'You have no key yet. Create a key pair to sign your mail and receive encrypted mail, or import the one you have.',
          { id: 'pgp.ownNone' },
        ),
      )}
      ${this.renderList(
        msg("Correspondents' keys", { id: 'pgp.theirKeys' }),
        'their-h',
        keys.filter((k) => k.kind === 'correspondent'),
        msg('No keys of correspondents yet.', { id: 'pgp.theirNone' }),
      )}`;
  }

  private renderOutcome(o: Outcome) {
    return html`<div class="card" role="status" data-testid="pgp-outcome">
      <p class="done">${o.text}</p>
      ${
        o.save
          ? html`<div class="actions">
              <button
                type="button"
                @click=${() => o.save && downloadKeyText(o.save.key, o.save.kind, o.save.armored)}
              >
                ${o.save.label}
              </button>
            </div>`
          : nothing
      }
    </div>`;
  }

  override render() {
    return html`<dialog aria-labelledby="pgp-h">
      <h2 id="pgp-h">${msg('OpenPGP keys', { id: 'pgp.title' })}</h2>
      ${this.outcome ? this.renderOutcome(this.outcome) : nothing}
      ${
        this.generating
          ? html`<bz-pgp-generate-form
              .service=${this.service ?? undefined}
              .onDone=${() => (this.generating = false)}
            ></bz-pgp-generate-form>`
          : this.renderKeys()
      }
      ${this.steps.render()}
      <div class="dialog-actions">
        <button type="button" @click=${() => this.dialog.close()}>
          ${msg('Close', { id: 'common.close' })}
        </button>
      </div>
      <bz-pgp-import-dialog></bz-pgp-import-dialog>
      <bz-pgp-passphrase-dialog></bz-pgp-passphrase-dialog>
      <bz-pgp-confirm-key-dialog></bz-pgp-confirm-key-dialog>
      <bz-confirm-dialog></bz-confirm-dialog>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-pgp-dialog': BzPgpDialog;
  }
}
