// PGP-4: what the reader knows about a message's OpenPGP. A reactive controller, so the
// reader only tells it which message is shown and places what it renders. OpenPGP is
// loaded only when the raw bytes could carry it (mayCarryPgp), never for plain mail.
import { html, nothing } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { ContextConsumer } from '@lit/context';
import { isUnparseable, type ParsedMessage } from '../../../mail/types.js';
import { pgpServiceContext, readerServiceContext } from '../../../state/context.js';
import { mayCarryPgp } from '../../../state/pgp-types.js';
import type {
  PgpDecrypted,
  PgpMessageRef,
  PgpMessageStatus,
  PgpService,
} from '../../../state/pgp-types.js';

/**
 * The elements load with the first message that carries OpenPGP: the reader is in the
 * start-up bundle, they are not. One load, shared; a failed one is tried again next time.
 */
let elements: Promise<unknown> | null = null;
function loadElements(): Promise<unknown> {
  return (elements ??= Promise.all([
    import('./bz-pgp-status.js'),
    import('./bz-decrypted-part.js'),
  ]).catch((err: unknown) => {
    elements = null;
    throw err;
  }));
}

/** What bz-pgp-status may ask of the controller. */
export interface PgpReaderActions {
  decrypt(
    index: number,
    unlock?: { passphrase: string; rememberForSession: boolean },
  ): Promise<void>;
  /** After a key was imported: the signatures may now be known. */
  reinspect(): void;
}

export type PgpPhase =
  /** Plain mail (or no OpenPGP wired): nothing is shown. */
  | 'none'
  /** Loading OpenPGP and checking the message. */
  | 'checking'
  | 'ready'
  | 'failed';

type Host = ReactiveControllerHost & HTMLElement;

export class PgpReaderController implements ReactiveController, PgpReaderActions {
  phase: PgpPhase = 'none';
  status: PgpMessageStatus | null = null;
  error = '';
  /** Decrypted protections by index; kept in memory only, dropped with the message. */
  decrypted = new Map<number, PgpDecrypted>();

  private readonly loader: ContextConsumer<typeof pgpServiceContext, Host>;
  private readonly reader: ContextConsumer<typeof readerServiceContext, Host>;
  private parsed: ParsedMessage | null = null;
  private raw: Uint8Array | null = null;
  /** The stored message shown: lets the service find and keep its decrypted copy. */
  private where: PgpMessageRef | null = null;
  /** Bumped on every open: answers for a message no longer shown are dropped. */
  private generation = 0;

  constructor(private readonly host: Host) {
    host.addController(this);
    this.loader = new ContextConsumer(host, { context: pgpServiceContext, subscribe: true });
    this.reader = new ContextConsumer(host, { context: readerServiceContext });
  }

  /** The reader left the page: answers still on their way are dropped… */
  hostDisconnected(): void {
    this.generation++;
  }

  /** …and a check cut short that way is done again when it is back. */
  hostConnected(): void {
    if (this.phase === 'checking') this.reinspect();
  }

  /** The reader shows a stored message (or none / a read-only one: null, no status). */
  open(messageId: string | null, parsed: ParsedMessage | null): void {
    const gen = ++this.generation;
    this.parsed = parsed;
    this.raw = null;
    this.where = messageId ? { emailId: messageId } : null;
    this.status = null;
    this.error = '';
    this.decrypted = new Map();
    this.phase = 'none';
    this.host.requestUpdate();
    if (messageId && parsed) void this.check(gen, messageId);
  }

  private async check(gen: number, id: string): Promise<void> {
    const load = this.loader.value;
    const reader = this.reader.value;
    if (!load || !reader) return;
    try {
      const raw = await reader.getRawMessage(id);
      if (gen !== this.generation || !mayCarryPgp(raw)) return;
      this.raw = raw;
      await this.inspect(gen, load);
    } catch {
      // No raw bytes (e.g. offline and not downloaded): no status rather than a wrong one.
    }
  }

  private async inspect(gen: number, load: () => Promise<PgpService>): Promise<void> {
    const raw = this.raw;
    const where = this.where ?? undefined;
    if (!raw) return;
    try {
      await loadElements();
      if (gen !== this.generation) return;
      this.phase = 'checking';
      this.host.requestUpdate();
      const service = await load();
      const status = await service.inspect(raw, where);
      // ADR 0031: a kept decrypted copy is shown at once, without asking for the passphrase.
      const kept =
        status.keptIndex === undefined
          ? null
          : await service.decrypt(raw, status.keptIndex, undefined, where).catch(() => null);
      if (gen !== this.generation) return;
      this.status = status;
      if (kept && status.keptIndex !== undefined)
        this.decrypted = new Map([...this.decrypted, [status.keptIndex, kept]]);
      this.phase = 'ready';
    } catch (err) {
      if (gen !== this.generation) return;
      this.error = err instanceof Error ? err.message : String(err);
      this.phase = 'failed';
    }
    this.host.requestUpdate();
  }

  reinspect(): void {
    const load = this.loader.value;
    if (load && this.raw) void this.inspect(this.generation, load);
  }

  async decrypt(
    index: number,
    unlock?: { passphrase: string; rememberForSession: boolean },
  ): Promise<void> {
    const gen = this.generation;
    const load = this.loader.value;
    const raw = this.raw;
    if (!load || !raw) return;
    const result = await (await load()).decrypt(raw, index, unlock, this.where ?? undefined);
    if (gen !== this.generation) return;
    this.decrypted = new Map([...this.decrypted, [index, result]]);
    this.host.requestUpdate();
  }

  /**
   * SEND-5/6 on encrypted mail: what Reply and Forward quote, and whether the answer starts
   * encrypted. A message decrypted whole is quoted from its decrypted body (a serious client
   * does not quote ciphertext) and answered encrypted; a decrypted part is never joined with
   * the rest (EFAIL), so the original is quoted as it is — but still answered encrypted.
   */
  forResponse(parsed: ParsedMessage): { parsed: ParsedMessage; encrypt: boolean } {
    const encrypted = this.status?.protections.some((p) => p.kind === 'encrypted') ?? false;
    const whole = [...this.decrypted.values()].find((d) => d.coverage === 'whole');
    if (!whole || isUnparseable(whole.parsed)) return { parsed, encrypt: encrypted };
    return {
      parsed: { ...parsed, parts: whole.parsed.parts, attachments: whole.parsed.attachments },
      encrypt: true,
    };
  }

  /** The status lines (nothing at all for plain mail). */
  renderStatus(): TemplateResult | typeof nothing {
    if (this.phase === 'none') return nothing;
    return html`<bz-pgp-status
      .phase=${this.phase}
      .status=${this.status}
      .error=${this.error}
      .decryptedIndexes=${[...this.decrypted.keys()]}
      .attachments=${this.parsed?.attachments ?? []}
      .sender=${this.parsed?.summary.from[0]?.address ?? ''}
      .actions=${this as PgpReaderActions}
    ></bz-pgp-status>`;
  }

  /**
   * The body: a decrypted whole message replaces `original` (frames and attachments); each
   * decrypted part gets its own box before the untouched rest. Never joined with other parts.
   */
  renderBody(original: TemplateResult): TemplateResult {
    const sender = this.parsed?.summary.from[0]?.address ?? '';
    const boxes = [...this.decrypted].map(([index, d]) => ({ index, d }));
    const whole = boxes.find(({ d }) => d.coverage === 'whole');
    const box = (d: PgpDecrypted, index: number) =>
      html`<bz-decrypted-part
        data-index=${index}
        .decrypted=${d}
        .sender=${sender}
      ></bz-decrypted-part>`;
    if (whole) return box(whole.d, whole.index);
    return html`${boxes.map(({ index, d }) => box(d, index))}${original}`;
  }
}
