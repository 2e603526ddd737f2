// Maps an archive's folder path (["Bandeja de entrada", "Proyectos"]) to a folder id,
// creating missing folders (IMPORT-1). Localised system names map to system folders.
import { systemRoleForFolderName } from '../../archive/system-folders.js';
import type { BuzonDb } from '../../store/db.js';
import { FolderRuleError } from '../../store/errors.js';
import { byIdMap, canHaveChildren, findSibling, isInTrash } from '../../store/folder-rules.js';
import type { MailboxRecord } from '../../store/records.js';
import { addMailbox, listMailboxes } from '../../store/repos/mailboxes.js';

export interface ResolvedFolder {
  id: string;
  inTrash: boolean;
  role: MailboxRecord['role'];
}

export class FolderResolver {
  private all: MailboxRecord[] = [];
  private readonly cache = new Map<string, ResolvedFolder>();

  constructor(
    private readonly db: BuzonDb,
    private readonly now: () => number,
  ) {}

  async load(): Promise<void> {
    this.all = await listMailboxes(this.db);
  }

  private resolved(mb: MailboxRecord): ResolvedFolder {
    return { id: mb.id, inTrash: isInTrash(byIdMap(this.all), mb.id), role: mb.role };
  }

  /** Null or [] means Inbox (a single .eml, or a file at the archive's mail/ root). */
  async resolve(folderPath: readonly string[] | null): Promise<ResolvedFolder> {
    const key = (folderPath ?? []).join('\u0000');
    const hit = this.cache.get(key);
    if (hit) return hit;
    const result = await this.walk(folderPath ?? []);
    this.cache.set(key, result);
    return result;
  }

  private byRole(role: string): MailboxRecord | undefined {
    return this.all.find((m) => m.role === role);
  }

  private async walk(path: readonly string[]): Promise<ResolvedFolder> {
    const inbox = this.byRole('inbox');
    if (!inbox) throw new FolderRuleError('Inbox is missing.');
    const [first, ...rest] = path;
    if (first === undefined) return this.resolved(inbox);
    const role = systemRoleForFolderName(first);
    let current = role ? this.byRole(role) : await this.child(null, first);
    if (!current) return this.resolved(inbox);
    for (const name of rest) {
      // FOLDER-2: Sent and Spam take no subfolders; their mail stays in them.
      if (!canHaveChildren(current)) break;
      const next: MailboxRecord | undefined = await this.child(current.id, name);
      if (!next) break;
      current = next;
    }
    return this.resolved(current);
  }

  /** The sibling named `name`, created when missing; undefined when the name is unusable. */
  private async child(parentId: string | null, name: string): Promise<MailboxRecord | undefined> {
    const existing = findSibling(this.all, parentId, name.trim());
    if (existing) return existing;
    try {
      const created = await addMailbox(this.db, name, parentId, this.now());
      this.all.push(created);
      return created;
    } catch (err) {
      if (!(err instanceof FolderRuleError)) throw err;
      // Another import may have created it meanwhile; otherwise the name is unusable
      // ("a/b", control characters) and the mail is filed one level up.
      this.all = await listMailboxes(this.db);
      return findSibling(this.all, parentId, name.trim());
    }
  }
}
