// SEND-7, SEND-16: what the identities tests in Settings share — an in-memory identity
// service that behaves like the real one (which needs the proxy: test/sync covers it): it
// keeps a list, accepts only plus-addresses of the sign-in address, never removes the
// sign-in identity, refuses signatures over the proxy's limits, and can be switched
// offline — and the section mounted with it, the real settings service over a fresh
// IndexedDB, and queries that pierce the shadow roots.
import { ContextProvider } from '@lit/context';
import {
  identityServiceContext,
  noticeServiceContext,
  settingsServiceContext,
} from '../../../../src/state/context.js';
import { IdentityRefusedError } from '../../../../src/state/identity-types.js';
import type {
  IdentityInput,
  IdentityService,
  SenderIdentity,
} from '../../../../src/state/identity-types.js';
import type { Subscribable } from '../../../../src/state/observable.js';
import { createSettingsService } from '../../../../src/state/settings-service.js';
import { ValueSubject } from '../../../../src/state/subscribable.js';
import type {
  Notice,
  NoticeKind,
  NoticeService,
  SettingsService,
} from '../../../../src/state/types.js';
import { openDb } from '../../../../src/store/db.js';
import type { BuzonDb } from '../../../../src/store/db.js';
import '../../../../src/ui/settings/bz-identities-section.js';
import '../../../../src/ui/settings/bz-settings-dialog.js';
import { deepAll, must, until } from '../../harness.js';

export const SIGN_IN = 'ana@buzon.test';
/** src/proxy/identities/model.ts: MAX_TEXT_SIGNATURE_CHARS, MAX_HTML_SIGNATURE_CHARS. */
const PROXY_MAX_TEXT = 10_000;
const PROXY_MAX_HTML = 200_000;

export function identity(address: string, more: Partial<SenderIdentity> = {}): SenderIdentity {
  return {
    id: `id-${address}`,
    name: '',
    address,
    replyTo: [],
    bcc: [],
    signature: '',
    htmlSignature: '',
    isDefault: false,
    mayDelete: true,
    ...more,
  };
}

/** Behaves like src/sync/identity-service.ts over a proxy that enforces the same rules. */
export class FakeIdentities implements IdentityService {
  list_: SenderIdentity[] = [
    identity(SIGN_IN, { name: 'Ana Pérez', isDefault: true, mayDelete: false }),
  ];
  readonly subject = new ValueSubject<SenderIdentity[]>([]);
  offline = false;
  editable = true;
  refreshes = 0;
  calls: string[] = [];
  /** Every input saved, as the server received it. */
  inputs: IdentityInput[] = [];

  private publish(): void {
    const sorted = [...this.list_].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
    this.subject.set(structuredClone(sorted));
  }
  private online(): void {
    if (this.offline)
      throw new IdentityRefusedError('offline', 'Identities can be changed only online.');
  }
  private find(id: string): SenderIdentity {
    const found = this.list_.find((i) => i.id === id);
    if (!found) throw new IdentityRefusedError('invalid', `no identity ${id}`);
    return found;
  }
  /** The proxy's Identity/set checks of the signatures (identity-set.ts). */
  private check(input: IdentityInput): void {
    if (input.signature.length > PROXY_MAX_TEXT)
      throw new IdentityRefusedError('invalid', `textSignature: at most ${PROXY_MAX_TEXT}`);
    if (input.htmlSignature.length > PROXY_MAX_HTML)
      throw new IdentityRefusedError('invalid', `htmlSignature: at most ${PROXY_MAX_HTML}`);
    this.inputs.push(structuredClone(input));
  }

  async list() {
    return structuredClone(this.subject.value.length ? this.subject.value : this.list_);
  }
  observe(): Subscribable<SenderIdentity[]> {
    return this.subject;
  }
  async refresh() {
    if (this.offline) throw new Error('offline');
    this.refreshes++;
    this.publish();
  }
  async canEdit() {
    return this.editable;
  }
  async create(address: string, input: IdentityInput) {
    this.online();
    const [local, domain] = SIGN_IN.split('@');
    const plus = new RegExp(`^${local}\\+[^@+]+@${domain?.replace('.', '\\.')}$`, 'i');
    if (!plus.test(address))
      throw new IdentityRefusedError('forbiddenFrom', `${address} is not yours to send from`);
    this.check(input);
    this.calls.push(`create ${address}`);
    this.list_.push({ ...identity(address), ...input });
    this.publish();
  }
  async update(id: string, input: IdentityInput) {
    this.online();
    this.check(input);
    this.calls.push(`update ${id}`);
    Object.assign(this.find(id), input);
    this.publish();
  }
  async makeDefault(id: string) {
    this.online();
    this.calls.push(`default ${id}`);
    for (const i of this.list_) i.isDefault = i.id === id;
    this.publish();
  }
  async remove(id: string) {
    this.online();
    if (!this.find(id).mayDelete)
      throw new IdentityRefusedError('forbidden', 'The sign-in identity cannot be removed');
    this.calls.push(`remove ${id}`);
    this.list_ = this.list_.filter((i) => i.id !== id);
    this.publish();
  }
  async mandatorySignature() {
    return null;
  }
}

export class RecordingNotices implements NoticeService {
  readonly said: string[] = [];
  observeNotices(): Subscribable<Notice[]> {
    return new ValueSubject<Notice[]>([]);
  }
  notify(_kind: NoticeKind, message: string) {
    this.said.push(message);
  }
  dismiss() {}
}

let host: HTMLElement | undefined;
let db: BuzonDb | undefined;

/** For afterEach: removes what `mount` made. */
export async function unmount(): Promise<void> {
  host?.remove();
  host = undefined;
  // Let the settings live query of the removed element settle before the database goes.
  await new Promise((r) => setTimeout(r, 50));
  db?.close();
  db = undefined;
}

export interface Mounted {
  el: HTMLElement;
  settings: SettingsService;
  notices: RecordingNotices;
}

export async function mount(
  service: FakeIdentities | undefined,
  tag: 'bz-identities-section' | 'bz-settings-dialog' = 'bz-identities-section',
): Promise<Mounted> {
  db = await openDb(`bz-identities-${crypto.randomUUID()}`);
  const settings = createSettingsService(db);
  const notices = new RecordingNotices();
  host = document.createElement('div');
  if (service)
    new ContextProvider(host, {
      context: identityServiceContext,
      initialValue: async () => service,
    });
  new ContextProvider(host, { context: settingsServiceContext, initialValue: settings });
  new ContextProvider(host, { context: noticeServiceContext, initialValue: notices });
  document.body.append(host);
  const el = document.createElement(tag);
  host.append(el);
  await el.updateComplete;
  return { el, settings, notices };
}

/** The first element with data-testid `id` in the section or its form (open shadow roots). */
export const find = <E extends HTMLElement = HTMLElement>(
  el: HTMLElement,
  id: string,
): E | undefined => deepAll<E>(`[data-testid="${id}"]`, must(el.shadowRoot))[0];
export const part = <E extends HTMLElement = HTMLElement>(el: HTMLElement, id: string): E =>
  must(find<E>(el, id), id);
export const rows = (el: HTMLElement) => deepAll('[data-testid="identity"]', must(el.shadowRoot));
export const row = (el: HTMLElement, address: string) =>
  must(
    rows(el).find((r) => r.dataset['identityAddress'] === address),
    address,
  );
export const inRow = (r: HTMLElement, id: string) =>
  r.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`);

/** Every control that has no accessible name (a label, aria-label or its own text). */
export function unnamed(el: HTMLElement): string[] {
  return deepAll<HTMLElement>('button, input, select, textarea', must(el.shadowRoot))
    .filter((c) => {
      if (c.getAttribute('aria-label')) return false;
      if (c instanceof HTMLButtonElement) return !c.textContent?.trim();
      return ((c as HTMLInputElement).labels?.length ?? 0) === 0;
    })
    .map((c) => c.outerHTML);
}

export async function settled(service: FakeIdentities, el: HTMLElement): Promise<void> {
  await until(() => service.refreshes > 0 && find(el, 'identity-add'));
}
