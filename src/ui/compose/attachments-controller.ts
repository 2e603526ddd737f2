import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DraftAttachment } from '../../state/types.js';

/** What the user added, with a key for the list (two files may share a name). */
export interface ComposerAttachment extends DraftAttachment {
  key: number;
}

/** A file as the composer keeps it: its bytes read now, so the Outbox can hold them. */
async function fromFile(file: File): Promise<DraftAttachment> {
  return {
    filename: file.name || 'attachment',
    type: file.type || 'application/octet-stream',
    bytes: new Uint8Array(await file.arrayBuffer()),
  };
}

/**
 * ATTACH-1: the composer's attachments — from the picker, a drop, a paste or Documents —
 * and their total, checked against the account's limit (SEND-12) as they are added, so
 * the user hears of a message too big before pressing Send.
 */
export class AttachmentsController implements ReactiveController {
  private next = 1;
  list: ComposerAttachment[] = [];
  /** SEND-12: the account's limit in bytes (the service tells; 50 MB until it has). */
  limit = 50 * 1024 * 1024;
  /** Reading files in progress: Send waits for them. */
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onChange: () => void,
    /** A file that could not be read (the composer says so). */
    private readonly onError: (err: unknown) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  get total(): number {
    return this.list.reduce((n, a) => n + a.bytes.byteLength, 0);
  }

  /** Attachments grow by a third in base64: what the message will roughly weigh. */
  get encodedTotal(): number {
    return Math.ceil(this.total / 3) * 4;
  }

  get tooBig(): boolean {
    return this.encodedTotal > this.limit;
  }

  set(items: readonly DraftAttachment[]): void {
    this.list = items.map((a) => ({ ...a, key: this.next++ }));
    this.host.requestUpdate();
  }

  add(items: readonly DraftAttachment[]): void {
    if (items.length === 0) return;
    this.list = [...this.list, ...items.map((a) => ({ ...a, key: this.next++ }))];
    this.host.requestUpdate();
    this.onChange();
  }

  /** Reads the files and adds them; a file that cannot be read rejects with its error. */
  addFiles(files: Iterable<File>): Promise<void> {
    const chosen = [...files];
    const run = this.reading.then(async () => this.add(await Promise.all(chosen.map(fromFile))));
    this.reading = run.catch(() => undefined);
    return run;
  }

  /** ATTACH-1: files from the picker, a drop or a paste. */
  attachFiles(files: FileList | readonly File[] | null | undefined): void {
    if (!files || files.length === 0) return;
    this.addFiles([...files]).catch((err: unknown) => this.onError(err));
  }

  onDragOver(e: DragEvent): void {
    if (!e.dataTransfer?.types.includes('Files')) return;
    // Accepting the drag is what lets the drop happen here instead of opening the file.
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }

  onDrop(e: DragEvent): void {
    if (!e.dataTransfer?.files.length) return;
    e.preventDefault();
    this.attachFiles(e.dataTransfer.files);
  }

  /** A pasted file (a screenshot, a copied file) is attached; pasted text stays text. */
  onPaste(e: ClipboardEvent): void {
    const files = e.clipboardData?.files;
    if (!files || files.length === 0) return;
    e.preventDefault();
    this.attachFiles(files);
  }

  remove(key: number): void {
    this.list = this.list.filter((a) => a.key !== key);
    this.host.requestUpdate();
    this.onChange();
  }

  /** Every file read so far, as the draft carries them. */
  async settled(): Promise<DraftAttachment[]> {
    await this.reading;
    return this.list.map(({ filename, type, bytes }) => ({ filename, type, bytes }));
  }
}
