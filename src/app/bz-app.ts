import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { localized, msg } from '@lit/localize';
import * as ctx from '../state/context.js';
import type { Services } from '../state/context.js';
import type { Folder, ListQuery, Settings, SyncStatus } from '../state/types.js';
import { RenamedIdsController } from '../ui/controllers/renamed-ids-controller.js';
import { SubscribeController } from '../ui/controllers/subscribe-controller.js';
import { WindowEventController } from '../ui/controllers/window-event-controller.js';
import type { BzComposeEvent } from '../ui/events/bz-compose.js';
import type { BzOpenToolEvent } from '../ui/events/bz-open-tool.js';
import type { BzSearchAdvancedEvent } from '../ui/events/bz-search-advanced.js';
import { SearchModeController } from '../ui/search/search-mode-controller.js';
import type { BzToolbar } from '../ui/shell/bz-toolbar.js';
import { carriesFiles } from '../ui/shared/drag.js';
import { formatCount } from '../ui/shared/format.js';
import { icons } from '../ui/shared/icons.js';
import { baseStyles } from '../ui/shared/styles.js';
import type { BzImportDialog } from '../ui/import/bz-import-dialog.js';
import type { BzListToolbar } from '../ui/list/bz-list-toolbar.js';
import type { BzMessageList } from '../ui/list/bz-message-list.js';
import type { BzFolderTree } from '../ui/folders/bz-folder-tree.js';
import type { BzComposer } from '../ui/compose/bz-composer.js';
import type { BzThreadOpenEvent } from '../ui/threads/bz-thread-open.js';
import { appStyles } from './app-styles.js';
import { applyLocale, resolveLocale } from './localization.js';
import { ToolLoader } from './tool-loader.js';
import type { UpdateHandle } from './sw-registration.js';
import '../ui/shell/bz-toolbar.js';
import '../ui/shell/bz-notices.js';
import '../ui/shell/bz-storage-meter.js';
import '../ui/shell/bz-sync-status.js';
import '../ui/shell/bz-update-prompt.js';
import '../ui/folders/bz-folder-tree.js';
import '../ui/list/bz-list-toolbar.js';
import '../ui/list/bz-message-list.js';
import '../ui/reader/bz-message-view.js';
import '../ui/import/bz-import-dialog.js';
import '../ui/compose/bz-outbox-button.js';

/**
 * The composition root's element: provides one context per service and lays out the
 * toolbar, folder tree, message list and reader. Holds only navigation state (current
 * folder, open message, selection); everything else lives in the services.
 */
@customElement('bz-app')
@localized()
export class BzApp extends LitElement {
  static override styles = [baseStyles, appStyles];

  @provide({ context: ctx.folderServiceContext }) folderService!: Services['folders'];
  @provide({ context: ctx.messageServiceContext }) messageService!: Services['messages'];
  @provide({ context: ctx.readerServiceContext }) readerService!: Services['reader'];
  @provide({ context: ctx.importServiceContext }) importService!: Services['importer'];
  @provide({ context: ctx.archiveServiceContext }) archiveService!: Services['archives'];
  @provide({ context: ctx.documentServiceContext }) documentService!: Services['documents'];
  @provide({ context: ctx.settingsServiceContext }) settingsService!: Services['settings'];
  @provide({ context: ctx.storageServiceContext }) storageService!: Services['storage'];
  @provide({ context: ctx.noticeServiceContext }) noticeService!: Services['notices'];
  @provide({ context: ctx.accountServiceContext }) accountService!: Services['accounts'];
  @provide({ context: ctx.syncServiceContext }) syncService!: Services['sync'];
  @provide({ context: ctx.quotaServiceContext }) quotaService!: Services['quota'];
  /** Absent on the local mailbox and on shared mailboxes (EXTERNAL-1 needs one's own account). */
  @provide({ context: ctx.pop3ServiceContext }) pop3Service: Services['pop3'];
  /** Absent where POP3 is (EXTERNAL-2 joins one's own account). */
  @provide({ context: ctx.externalImapServiceContext })
  externalImapService: Services['externalImap'];
  @provide({ context: ctx.shareServiceContext }) shareService!: Services['share'];
  /** SEND-*: without it the composer opens but cannot send. */
  @provide({ context: ctx.composeServiceContext }) composeService: Services['compose'];
  /** CONTACTS-1: a loader; the address book loads on the first suggestion asked for. */
  @provide({ context: ctx.contactServiceContext }) contactService: Services['contacts'];
  @provide({ context: ctx.identityServiceContext }) identityService: Services['identities'];
  /** SEARCH-1…6: without it no search box, results or saved searches show. */
  @provide({ context: ctx.searchServiceContext }) searchService: Services['search'];
  /** TAG-1, COMMENT-1: loaders; without them no tags or comments show. */
  @provide({ context: ctx.tagServiceContext }) tagService: Services['tags'];
  @provide({ context: ctx.commentServiceContext }) commentService: Services['comments'];
  /** SPAM-2: a loader; the classifier loads on the first "Spam" / "Not spam". */
  @provide({ context: ctx.spamServiceContext }) spamService: Services['spam'];
  /** FILTER-1…5: a loader; the service, engine and compiler load when the dialog opens. */
  @provide({ context: ctx.filterServiceContext }) filterService: Services['filters'];
  /** PGP-1…5: a loader; the service, its worker and OpenPGP.js load on first use. */
  @provide({ context: ctx.pgpServiceContext }) pgpService: Services['pgp'];
  /** THREAD-1/2: the threads view (SETTINGS-2); its real code loads when first shown. */
  @provide({ context: ctx.threadServiceContext }) threadService!: Services['threads'];

  /** Set once, before the element is connected (main.ts, tests). */
  set services(s: Services) {
    this.folderService = s.folders;
    this.messageService = s.messages;
    this.readerService = s.reader;
    this.importService = s.importer;
    this.archiveService = s.archives;
    this.documentService = s.documents;
    this.settingsService = s.settings;
    this.storageService = s.storage;
    this.noticeService = s.notices;
    this.accountService = s.accounts;
    this.syncService = s.sync;
    this.quotaService = s.quota;
    this.pop3Service = s.pop3;
    this.externalImapService = s.externalImap;
    this.shareService = s.share;
    this.composeService = s.compose;
    this.contactService = s.contacts;
    this.identityService = s.identities;
    this.searchService = s.search;
    this.tagService = s.tags;
    this.commentService = s.comments;
    this.spamService = s.spam;
    this.filterService = s.filters;
    this.pgpService = s.pgp;
    this.threadService = s.threads;
  }

  /** Set by main.ts when a new service worker is waiting (PWA-1). */
  @property({ attribute: false }) updateHandle: UpdateHandle | null = null;
  @property({ type: Boolean, reflect: true }) reading = false;

  @state() private folderId: string | null = null;
  @state() private openId: string | null = null;
  /** THREAD-1: the thread row opened in the threads view, shown in the reader pane. */
  @state() private openThread: { folderId: string; key: string } | null = null;
  @state() private selectedIds: readonly string[] = [];
  @state() private selectionSeen = false;
  @state() private dropping = false;
  @state() private foldersOpen = false;
  private query: ListQuery | null = null;
  private readyFired = false;
  private readonly settings = new SubscribeController<Settings>(
    this,
    (s) => void applyLocale(resolveLocale(s.locale, navigator.languages)),
  );
  // Folder counts change whenever a message is read, moved or deleted: found rows follow.
  private readonly folders = new SubscribeController<Folder[]>(this, () =>
    this.search.request ? this.list?.refreshRows() : undefined,
  );
  /** SEARCH-*: the list pane shows found messages while a search is on. */
  private readonly search = new SearchModeController(
    this,
    () => this.searchService,
    () => {
      this.reading = false;
      this.foldersOpen = false;
    },
  );
  /** The open message keeps its place when the server gives it its own id (ADR 0012). */
  private readonly openRenamed = new RenamedIdsController(
    this,
    () => this.messageService,
    (renamed) => {
      const to = this.openId === null ? undefined : renamed.get(this.openId);
      if (to !== undefined) this.openId = to;
    },
  );
  /** On a phone the status line is in the folder drawer: the drawer's button echoes it. */
  private readonly syncStatus = new SubscribeController<SyncStatus>(this);
  private readonly tools = new ToolLoader(this, (e) => void this.openComposer(e));
  @query('bz-import-dialog') private importDialog!: BzImportDialog;
  @query('bz-list-toolbar') private listToolbar!: BzListToolbar;
  @query('bz-message-list') private list!: BzMessageList;
  @query('bz-folder-tree') private tree!: BzFolderTree;
  @query('bz-composer') private composer!: BzComposer;
  @query('bz-toolbar') private toolbar!: BzToolbar;
  /** The composer is loaded on the first New message (the start-up bundle's budget). */
  @state() private composerLoaded = false;

  private async openComposer(e: BzComposeEvent): Promise<void> {
    if (!this.composerLoaded) {
      await import('../ui/compose/bz-composer.js');
      this.composerLoaded = true;
      await this.updateComplete;
    }
    await this.composer.open(e.draft, e.outboxId, e.from);
  }

  constructor() {
    super();
    new WindowEventController(this, 'keydown', (e) => this.onGlobalKey(e));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.settings.setSource(this.settingsService?.observeSettings());
    this.folders.setSource(this.folderService?.observeFolders());
    this.syncStatus.setSource(this.syncService?.observeStatus());
    // The search box, saved searches and indexing line: after the first paint, only when
    // search exists.
    if (this.searchService) void import('../ui/search/search-parts.js');
    // TAG-1, COMMENT-1: tags in the tree, rows and reader, after the first paint.
    if (this.tagService) void import('../ui/tags/tag-parts.js');
  }

  protected override willUpdate(): void {
    this.openRenamed.watch(this.openId === null ? [] : [this.openId]);
  }

  protected override async updated(): Promise<void> {
    if (this.readyFired || !this.folderId || !this.settings.value) return;
    this.readyFired = true;
    await this.list?.updateComplete;
    window.dispatchEvent(new CustomEvent('bz-ready'));
  }

  /** The list's query, rebuilt only when one of its inputs changes. */
  private listQuery(): ListQuery | null {
    const s = this.settings.value;
    if (!s || !this.folderId) return null;
    const q: ListQuery = {
      folderId: this.folderId,
      sort: s.sort,
      descending: s.descending,
      unreadOnly: s.unreadOnlyFolders.includes(this.folderId),
    };
    const p = this.query;
    if (
      !p ||
      p.folderId !== q.folderId ||
      p.sort !== q.sort ||
      p.descending !== q.descending ||
      p.unreadOnly !== q.unreadOnly
    ) {
      this.query = q;
    }
    return this.query;
  }

  private onGlobalKey(e: KeyboardEvent): void {
    const target = e.composedPath()[0];
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    if (
      target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))
    )
      return;
    if (this.renderRoot.querySelector('dialog[open]')) return;
    if (e.key === '?') void this.tools.open('help');
    else if (e.key === '/') {
      // SEARCH-1: "/" goes to the search box, when there is one.
      if (!this.toolbar?.focusSearch()) return;
    } else if (e.key === 'l') this.list?.focusList();
    else if (e.key === 'f') this.tree?.focusTree();
    else return;
    e.preventDefault();
  }

  private onDragOver(e: DragEvent): void {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    this.dropping = true;
  }

  private onDrop(e: DragEvent): void {
    this.dropping = false;
    if (!carriesFiles(e)) return;
    e.preventDefault();
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length) void this.importDialog.run(files);
  }

  /** "· 120/1,000" while downloading, "· offline" offline; nothing otherwise. */
  private syncHint() {
    const st = this.syncStatus.value;
    if (!st) return nothing;
    if (st.progress && st.progress.total > 0) {
      return html`<span class="sync-hint" data-testid="sync-hint">
        · ${formatCount(st.progress.done)}/${formatCount(st.progress.total)}</span
      >`;
    }
    if (st.phase === 'offline') {
      return html`<span class="sync-hint" data-testid="sync-hint">
        · ${msg('offline', { id: 'app.offlineHint' })}</span
      >`;
    }
    return nothing;
  }

  private selectFolder(id: string): void {
    if (id !== this.folderId || this.search.request) {
      this.search.clear();
      this.folderId = id;
      this.openId = null;
      this.openThread = null;
      this.reading = false;
    }
    this.foldersOpen = false;
  }

  private openMessage(id: string | null): void {
    this.openId = id;
    this.openThread = null;
    this.reading = id !== null;
  }

  /** The thread view is loaded on the first thread opened (the start-up bundle's budget). */
  private async showThread(e: BzThreadOpenEvent): Promise<void> {
    await import('../ui/threads/bz-thread-view.js');
    this.openId = null;
    this.openThread = { folderId: e.folderId, key: e.threadKey };
    this.reading = true;
  }

  private readonly onOpen = (e: { messageId: string | null }) => this.openMessage(e.messageId);
  private readonly onCompose = (e: BzComposeEvent) => void this.openComposer(e);

  /** The reader pane: the open message, or the open thread (THREAD-1). */
  private renderReader(s: Settings | undefined) {
    const t = this.openThread;
    return t
      ? html`<bz-thread-view
          .folderId=${t.folderId}
          .threadKey=${t.key}
          @bz-message-open=${this.onOpen}
          @bz-compose=${this.onCompose}
        ></bz-thread-view>`
      : html`<bz-message-view
          .messageId=${this.openId}
          ?alwaysShowRemote=${s?.alwaysShowRemote ?? false}
          ?hideAttachments=${s?.hideAttachments ?? false}
          @bz-message-open=${this.onOpen}
          @bz-compose=${this.onCompose}
        ></bz-message-view>`;
  }

  override render() {
    const s = this.settings.value;
    const folder = this.folders.value?.find((f) => f.id === this.folderId) ?? null;
    return html`<bz-toolbar
        .locale=${s?.locale ?? 'auto'}
        .folderId=${this.folderId}
        .searchRequest=${this.search.request}
        @bz-search-advanced=${(e: BzSearchAdvancedEvent) => void this.tools.advancedSearch(e.request)}
        @bz-compose=${(e: BzComposeEvent) => void this.openComposer(e)}
        @bz-import-files=${(e: { files: readonly File[] }) => void this.importDialog.run(e.files)}
        @bz-open-tool=${(e: BzOpenToolEvent) => void this.tools.open(e.tool)}
        @bz-locale-change=${(e: { locale: Settings['locale'] }) => void this.settingsService.updateSettings({ locale: e.locale })}
      ></bz-toolbar>
      <div
        class="body"
        @bz-tag-request=${(e: { ids: readonly string[] }) => void this.tools.tagMessages(e.ids)}
      >
        <nav
          class=${this.foldersOpen ? 'open' : ''}
          aria-label=${msg('Folders', { id: 'app.folders' })}
        >
          <bz-folder-tree
            .selectedId=${this.folderId}
            @bz-folder-select=${(e: { folderId: string }) => this.selectFolder(e.folderId)}
            @bz-archive-request=${(e: { folderId: string; selectedIds: readonly string[] }) => void this.tools.archive(e.folderId, e.selectedIds)}
          ></bz-folder-tree>
          <bz-sync-status
            @bz-open-tool=${(e: BzOpenToolEvent) => void this.tools.open(e.tool)}
          ></bz-sync-status>
          ${this.searchService ? html`<bz-indexing-status></bz-indexing-status>` : nothing}
          <bz-outbox-button
            @bz-compose=${(e: BzComposeEvent) => void this.openComposer(e)}
          ></bz-outbox-button>
          <bz-storage-meter></bz-storage-meter>
        </nav>
        <main
          data-testid="drop-zone"
          aria-label=${msg('Mailbox', { id: 'app.mailbox' })}
          @dragover=${this.onDragOver}
          @dragleave=${(e: DragEvent) => e.target === e.currentTarget && (this.dropping = false)}
          @drop=${this.onDrop}
        >
          <section class="list-pane" aria-label=${msg('Message list', { id: 'app.listPane' })}>
            <button
              class="folders-toggle"
              aria-expanded=${this.foldersOpen ? 'true' : 'false'}
              @click=${() => (this.foldersOpen = !this.foldersOpen)}
            >
              ${icons.folder} ${msg('Folders', { id: 'app.folders' })}${this.syncHint()}
            </button>
            ${
              this.search.request
                ? html`<bz-search-results
                    .request=${this.search.request}
                    .result=${this.search.result}
                    .error=${this.search.error}
                  ></bz-search-results>`
                : nothing
            }
            <bz-list-toolbar
              .folder=${this.search.request ? null : folder}
              .selectedIds=${this.selectedIds}
              .selectionSeen=${this.selectionSeen}
              .settings=${this.search.request ? null : (s ?? null)}
              @bz-archive-request=${(e: { folderId: string; selectedIds: readonly string[] }) => void this.tools.archive(e.folderId, e.selectedIds)}
            ></bz-list-toolbar>
            <bz-message-list
              .query=${this.listQuery()}
              .ids=${this.search.ids}
              .snippets=${this.search.snippets}
              ?compact=${s?.compact ?? false}
              .folderRole=${folder?.role ?? null}
              ?downloading=${this.syncStatus.value?.phase === 'bootstrap'}
              ?threads=${s?.threadsView ?? false}
              @bz-selection-change=${(e: { ids: readonly string[]; allSeen: boolean }) => {
                this.selectedIds = e.ids;
                this.selectionSeen = e.allSeen;
              }}
              @bz-message-open=${(e: { messageId: string | null }) => this.openMessage(e.messageId)}
              @bz-thread-open=${(e: BzThreadOpenEvent) => void this.showThread(e)}
              @bz-list-command=${(e: { command: Parameters<BzListToolbar['run']>[0] }) => this.listToolbar.run(e.command)}
            ></bz-message-list>
          </section>
          ${this.renderReader(s)}
          ${this.dropping ? html`<div class="drop-overlay" aria-hidden="true">${msg('Drop .eml or .zip files to import them', { id: 'app.drop' })}</div>` : nothing}
        </main>
      </div>
      <bz-notices></bz-notices>
      <bz-import-dialog></bz-import-dialog>
      ${this.composerLoaded ? html`<bz-composer></bz-composer>` : nothing}
      <bz-update-prompt
        .open=${this.updateHandle !== null}
        @bz-update-accept=${() => this.updateHandle?.accept()}
      ></bz-update-prompt>
      ${this.tools.render()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-app': BzApp;
  }
}
