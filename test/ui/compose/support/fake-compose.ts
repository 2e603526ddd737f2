// A ComposeService for the composer's element tests: it records what it is given and
// answers as each test decides (MIME, storage and sending are tested with the real service).
import { parseRecipients } from '../../../../src/mail/recipients.js';
import type { Observer } from '../../../../src/state/observable.js';
import type {
  ComposeService,
  DraftInput,
  MailAddress,
  OutboxItem,
  ParsedRecipients,
} from '../../../../src/state/types.js';
import type { SenderIdentity } from '../../../../src/state/identity-types.js';

export const ANA: MailAddress = { name: 'Ana Pérez', address: 'ana@buzon.test' };
export const ANA_WORK: MailAddress = { name: 'Ana (trabajo)', address: 'ana@work.test' };
/** A year: the undo window never closes during a test. */
export const FAR = 365 * 24 * 3600 * 1000;

/** Splits at commas and semicolons outside quotes, like the real parser's first step. */

/** A sender identity as the service answers it (no reply-to, Bcc or signature unless given). */
export function identity(a: MailAddress, extra: Partial<SenderIdentity> = {}): SenderIdentity {
  return {
    id: `id-${a.address}`,
    ...a,
    replyTo: [],
    bcc: [],
    signature: '',
    htmlSignature: '',
    isDefault: false,
    mayDelete: true,
    ...extra,
  };
}

const EMPTY: DraftInput = { to: [], cc: [], bcc: [], subject: '', text: '' };

export class FakeCompose implements ComposeService {
  sendable = true;
  senderList: SenderIdentity[] = [identity(ANA, { isDefault: true }), identity(ANA_WORK)];
  sent: { id: string; from: MailAddress; draft: DraftInput }[] = [];
  undone: string[] = [];
  retried: string[] = [];
  discarded: string[] = [];
  items: OutboxItem[] = [];
  private readonly observers = new Set<Observer<OutboxItem[]>>();

  /** SEND-12: what maxMessageBytes answers. */
  limit = 50 * 1024 * 1024;

  canSend() {
    return this.sendable;
  }
  async maxMessageBytes() {
    return this.limit;
  }
  /** SEND-15: what linkPolicy answers. */
  links: { days: number; notices: boolean } | null = null;
  async linkPolicy() {
    return this.links;
  }
  /** SEND-16: what requiredSignature answers. */
  required: string | null = null;
  async requiredSignature() {
    return this.required;
  }
  async senders() {
    return this.senderList;
  }
  /** The real parser: it is pure, and what the composer shows depends on it. */
  parseRecipients(text: string): ParsedRecipients {
    return parseRecipients(text);
  }

  async send(from: MailAddress, draft: DraftInput) {
    const id = `m${this.sent.length + 1}`;
    this.sent.push({ id, from, draft: structuredClone(draft) });
    const now = Date.now();
    this.set([
      ...this.items,
      {
        id,
        subject: draft.subject,
        recipients: [...draft.to, ...draft.cc, ...draft.bcc].map((a) => a.name || a.address),
        state: 'waiting',
        error: null,
        createdAt: now,
        sendAt: now + FAR,
      },
    ]);
    return id;
  }
  saved: { from: MailAddress; draft: DraftInput; id: string }[] = [];
  droppedDrafts: string[] = [];
  async saveDraft(from: MailAddress, draft: DraftInput) {
    const id = `d${this.saved.length + 1}`;
    this.saved.push({ from, draft: structuredClone(draft), id });
    return id;
  }
  async editDraft() {
    return { from: ANA, draft: { to: [], cc: [], bcc: [], subject: '', text: '' } };
  }
  async answerReceipt() {}
  templates: { id: string; from: MailAddress; draft: DraftInput }[] = [];
  async saveTemplate(from: MailAddress, draft: DraftInput) {
    const id = `t${this.templates.length + 1}`;
    this.templates.push({ id, from, draft: structuredClone(draft) });
    return id;
  }
  async listTemplates() {
    return this.templates.map((t) => ({ id: t.id, subject: t.draft.subject, preview: '' }));
  }
  async useTemplate(chosen: string | { id: string }) {
    const id = typeof chosen === 'string' ? chosen : chosen.id;
    const t = this.templates.find((x) => x.id === id);
    return { from: t?.from ?? null, draft: { ...(t?.draft ?? EMPTY), fillVariables: true } };
  }
  async discardDraft(id: string) {
    this.droppedDrafts.push(id);
  }
  async respond() {
    return { from: ANA_WORK, draft: { to: [], cc: [], bcc: [], subject: 'Re: x', text: '' } };
  }
  async undo(id: string) {
    this.undone.push(id);
    this.set(this.items.filter((i) => i.id !== id));
    return this.sent.find((s) => s.id === id)?.draft ?? null;
  }
  observeOutbox() {
    return {
      subscribe: (o: Observer<OutboxItem[]>) => {
        this.observers.add(o);
        o.next(this.items);
        return { unsubscribe: () => this.observers.delete(o) };
      },
    };
  }
  async retry(id: string) {
    this.retried.push(id);
  }
  async discard(id: string) {
    this.discarded.push(id);
    this.set(this.items.filter((i) => i.id !== id));
  }
  set(items: OutboxItem[]) {
    this.items = items;
    for (const o of this.observers) o.next(items);
  }
}
