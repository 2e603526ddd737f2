import { html, nothing } from 'lit';
import type { ReactiveControllerHost, TemplateResult } from 'lit';
import { failed } from './pgp-errors.js';

/**
 * PGP-1: one step at a time in a keystore dialog, with a progress line while it works and,
 * when it fails, a sentence saying what failed and why; nothing else changes on a failure.
 */
export class StepRunner {
  private busyText = '';
  private problemText = '';

  /** `host` is re-rendered whenever the progress line or the problem changes. */
  constructor(private readonly host: ReactiveControllerHost) {}

  /** What is being done now ('' when idle). */
  get busy(): string {
    return this.busyText;
  }

  /** The failure said next to the actions ('' when none). */
  get problem(): string {
    return this.problemText;
  }

  set problem(text: string) {
    this.problemText = text;
    this.host.requestUpdate();
  }

  /** Runs `work` with the progress line `busy`; a failure is said as "`what`: why". */
  async run(busy: string, what: string, work: () => Promise<void>): Promise<void> {
    this.busyText = busy;
    this.problem = '';
    try {
      await work();
    } catch (err) {
      this.problemText = failed(what, err);
    } finally {
      this.busyText = '';
      this.host.requestUpdate();
    }
  }

  /** The progress line and the problem, where the dialog shows them. */
  render(): TemplateResult {
    return html`${
      this.busy
        ? html`<div class="busy" role="status"><progress></progress>${this.busy}</div>`
        : nothing
    }${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}`;
  }
}
