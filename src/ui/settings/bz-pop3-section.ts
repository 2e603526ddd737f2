import { LitElement, css, html, nothing } from 'lit';
import { tlsRefusalText } from '../../state/tls-refusal.js';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { noticeServiceContext, pop3ServiceContext } from '../../state/context.js';
import type {
  NoticeService,
  Pop3Account,
  Pop3AccountInput,
  Pop3CheckResult,
  Pop3Service,
  Pop3Setup,
  Progress,
} from '../../state/types.js';
import { reportError } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';
import './bz-pop3-form.js';
import { accountListStyles } from './account-list-styles.js';

interface Running {
  progress: Progress;
  controller: AbortController;
}

/** A refusal's code (the proxy's problem type), when the service says one. */
const codeOf = (err: unknown): string => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};

/**
 * EXTERNAL-1: "Other accounts (POP3)" in the settings dialog: list, add, edit, delete,
 * check now with a progress bar and Cancel, and each account's last result as text. On
 * the local mailbox (no service) it says that POP3 needs a signed-in account.
 */
@customElement('bz-pop3-section')
@localized()
export class BzPop3Section extends LitElement {
  static override styles = [
    baseStyles,
    accountListStyles,
    css`
      progress {
        flex: 1;
        min-width: 8rem;
      }
    `,
  ];

  @consume({ context: pop3ServiceContext, subscribe: true }) pop3?: Pop3Service;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;
  @state() private setup: Pop3Setup | null = null;
  @state() private editing: Pop3Account | 'new' | null = null;
  @state() private confirmDelete: string | null = null;
  @state() private running = new Map<string, Running>();
  @state() private results = new Map<string, Pop3CheckResult>();

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  /** Asks the proxy again (the dialog calls it when it opens). */
  async reload(): Promise<void> {
    if (!this.pop3) return;
    try {
      this.setup = await this.pop3.load();
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not read the POP3 accounts', { id: 'pop3.loadError' }),
        err,
      );
    }
  }

  private refusal(err: unknown): string {
    switch (codeOf(err)) {
      case 'pop3InvalidCredentials':
        return msg('The POP3 server did not accept this username and password.', {
          id: 'pop3.errorAuth',
        });
      case 'pop3Unreachable':
        return msg('Could not reach the POP3 server. Check the server and try again.', {
          id: 'pop3.errorUnreachable',
        });
      case 'hostNotAllowed':
        return msg(
          'This server is not allowed: it is on a private or local network, or only listed servers may be used.',
          { id: 'pop3.errorHost' },
        );
      case 'tooManyAttempts':
        return msg('Too many failed POP3 sign-ins. Try again later.', {
          id: 'pop3.errorThrottled',
        });
      case 'passwordRequired':
        return msg('Enter the POP3 password again.', { id: 'pop3.errorPasswordRequired' });
      case 'metadataUnsupported':
        return msg('Your mail server cannot keep the list of POP3 accounts.', {
          id: 'pop3.errorMetadata',
        });
      case 'offline':
        return msg('You are offline: POP3 accounts need the network.', { id: 'pop3.errorOffline' });
    }
    return tlsRefusalText(codeOf(err)) ?? (err instanceof Error ? err.message : String(err));
  }

  private async save(input: Pop3AccountInput): Promise<void> {
    const pop3 = this.pop3;
    if (!pop3) return;
    const editing = this.editing;
    try {
      if (editing === 'new' || editing === null) await pop3.addAccount(input);
      else await pop3.updateAccount(editing.id, input);
    } catch (err) {
      throw new Error(this.refusal(err), { cause: err });
    }
    this.editing = null;
    await this.reload();
  }

  private async deleteAccount(id: string): Promise<void> {
    this.confirmDelete = null;
    this.running.get(id)?.controller.abort();
    try {
      await this.pop3?.deleteAccount(id);
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not delete the POP3 account', { id: 'pop3.deleteError' }),
        new Error(this.refusal(err)),
      );
    }
    await this.reload();
  }

  private async check(id: string): Promise<void> {
    const pop3 = this.pop3;
    if (!pop3 || this.running.has(id)) return;
    const entry: Running = {
      progress: { done: 0, total: 0, label: '' },
      controller: new AbortController(),
    };
    this.running = new Map(this.running).set(id, entry);
    try {
      const result = await pop3.checkNow(id, {
        signal: entry.controller.signal,
        onProgress: (p) => {
          entry.progress = p;
          this.running = new Map(this.running);
        },
      });
      this.results = new Map(this.results).set(id, result);
    } catch (err) {
      reportError(
        this.notices,
        msg('The POP3 check failed', { id: 'pop3.checkError' }),
        new Error(this.refusal(err)),
      );
    } finally {
      const next = new Map(this.running);
      next.delete(id);
      this.running = next;
    }
    await this.reload();
  }

  private checkError(code: Pop3CheckResult['errorCode'], fallback: string | null): string {
    switch (code) {
      case 'auth':
        return msg('The POP3 server did not accept this username and password.', {
          id: 'pop3.errorAuth',
        });
      case 'unreachable':
        return msg('Could not reach the POP3 server.', { id: 'pop3.errorUnreachableShort' });
      case 'passwordLost':
        return msg(
          'The saved password was lost when the server restarted. Edit the account and enter it again.',
          { id: 'pop3.errorPasswordLost' },
        );
      case 'throttled':
        return msg('Too many failed POP3 sign-ins. Try again later.', {
          id: 'pop3.errorThrottled',
        });
      case 'mailbox':
        return msg('Your mailbox did not take the fetched messages.', { id: 'pop3.errorMailbox' });
    }
    return fallback ?? msg('The check failed.', { id: 'pop3.errorFailed' });
  }

  private lastResult(a: Pop3Account) {
    const result = this.results.get(a.id);
    const last = a.lastCheck;
    const outcome = result ? (result.state === 'done' ? 'ok' : result.state) : last?.outcome;
    if (!outcome)
      return html`<span class="muted">${msg('Not checked yet.', { id: 'pop3.never' })}</span>`;
    const fetched = result?.fetched ?? last?.fetched ?? 0;
    const when = last ? new Date(last.at).toLocaleString() : '';
    if (outcome === 'failed') {
      const text = result
        ? this.checkError(result.errorCode, result.error)
        : (last?.error ?? msg('The check failed.', { id: 'pop3.errorFailed' }));
      return html`<span class="error" data-testid="pop3-result">${text}</span>`;
    }
    const text =
      outcome === 'cancelled'
        ? msg(str`Cancelled after ${fetched} message(s).`, { id: 'pop3.cancelled' })
        : msg(str`${fetched} new message(s).`, { id: 'pop3.fetched' });
    return html`<span class="muted" data-testid="pop3-result"
      >${when ? msg(str`Last check ${when}:`, { id: 'pop3.lastCheck' }) : nothing} ${text}</span
    >`;
  }

  private renderAccount(a: Pop3Account) {
    const run = this.running.get(a.id);
    return html`<li data-testid="pop3-account" data-pop3-id=${a.id}>
      <div><strong>${a.name}</strong> <span class="muted">${a.username} · ${a.host}</span></div>
      ${a.passwordSaved ? nothing : html`<div class="error">${msg('The saved password was lost when the server restarted. Edit the account and enter it again.', { id: 'pop3.errorPasswordLost' })}</div>`}
      ${
        run
          ? html`<div class="row">
              <progress
                data-testid="pop3-progress"
                max=${run.progress.total || 1}
                .value=${run.progress.done}
                aria-label=${msg('Checking', { id: 'pop3.checking' })}
              ></progress>
              <span class="muted"
                >${run.progress.total ? `${run.progress.done} / ${run.progress.total}` : ''}</span
              >
              <button
                data-testid="pop3-cancel"
                @click=${() => run.controller.abort()}
                ?disabled=${run.controller.signal.aborted}
              >
                ${msg('Cancel', { id: 'common.cancel' })}
              </button>
            </div>`
          : html`<div>${this.lastResult(a)}</div>`
      }
      ${
        this.confirmDelete === a.id
          ? html`<div class="row" role="group">
              <span
                >${msg('Delete this POP3 account? Messages already downloaded stay in your mailbox.', { id: 'pop3.deleteConfirm' })}</span
              >
              <button
                data-testid="pop3-delete-confirm"
                @click=${() => void this.deleteAccount(a.id)}
              >
                ${msg('Delete', { id: 'common.delete' })}
              </button>
              <button @click=${() => (this.confirmDelete = null)}>
                ${msg('Cancel', { id: 'common.cancel' })}
              </button>
            </div>`
          : html`<div class="row">
              <button
                data-testid="pop3-check"
                ?disabled=${!!run}
                @click=${() => void this.check(a.id)}
              >
                ${msg('Check now', { id: 'pop3.checkNow' })}
              </button>
              <button data-testid="pop3-edit" @click=${() => (this.editing = a)}>
                ${msg('Edit', { id: 'pop3.edit' })}
              </button>
              <button data-testid="pop3-delete" @click=${() => (this.confirmDelete = a.id)}>
                ${msg('Delete', { id: 'common.delete' })}
              </button>
            </div>`
      }
    </li>`;
  }

  override render() {
    const heading = html`<h3>${msg('Other accounts (POP3)', { id: 'pop3.heading' })}</h3>`;
    if (!this.pop3)
      return html`${heading}
        <p class="muted" data-testid="pop3-needs-account">
          ${msg('POP3 accounts need a signed-in mail account: their messages are fetched into its Inbox. Sign in first.', { id: 'pop3.needsAccount' })}
        </p>`;
    const s = this.setup;
    if (!s) return heading;
    if (this.editing !== null)
      return html`${heading}<bz-pop3-form
          .presets=${s.presets}
          .typedHosts=${s.typedHosts}
          .account=${this.editing === 'new' ? null : this.editing}
          .save=${(input: Pop3AccountInput) => this.save(input)}
          .cancel=${() => (this.editing = null)}
        ></bz-pop3-form>`;
    return html`${heading}
      ${
        s.passwordsSurviveRestart
          ? nothing
          : html`<p class="muted" data-testid="pop3-restart-warning">
              ${msg('This server keeps saved POP3 passwords only until it restarts; then enter them again.', { id: 'pop3.restartWarning' })}
            </p>`
      }
      ${
        s.accounts.length === 0
          ? html`<p class="muted">${msg('No POP3 accounts yet.', { id: 'pop3.none' })}</p>`
          : html`<ul>
              ${s.accounts.map((a) => this.renderAccount(a))}
            </ul>`
      }
      <button data-testid="pop3-add" @click=${() => (this.editing = 'new')}>
        ${msg('Add a POP3 account…', { id: 'pop3.addButton' })}
      </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-pop3-section': BzPop3Section;
  }
}
