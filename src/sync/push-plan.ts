// Planning one round of the op runner (ADR 0012): due ops → the items of one JMAP
// request (Mailbox/set, Email/set; imports are uploaded separately), keeping per-target
// order — a change that names a folder or a message the server does not know yet waits
// for a later round.
import type { Invocation } from '../protocol/jmap-core.js';
import type { MailboxRecord, OpRecord } from '../store/records.js';
import { localToServer } from '../store/sync/apply-mailboxes.js';

/**
 * Messages uploaded per round: each is a separate upload of up to 50 MB, so a round stays
 * a bounded amount of work and progress is saved in between.
 */
export const IMPORTS_PER_ROUND = 20;

export interface Round {
  /** Messages that exist only here, to upload and Email/import. */
  imports: OpRecord[];
  mailboxCreate: Record<string, { name: string; parentId: string | null }>;
  mailboxUpdate: Record<string, Record<string, unknown>>;
  mailboxDestroy: string[];
  emailUpdate: Record<string, Record<string, unknown>>;
  emailDestroy: string[];
  /** Which ops each item carries, by item key (creation id, server id, email id). */
  carriers: Map<string, OpRecord[]>;
  skipped: number;
}

function newRound(): Round {
  return {
    imports: [],
    mailboxCreate: {},
    mailboxUpdate: {},
    mailboxDestroy: [],
    emailUpdate: {},
    emailDestroy: [],
    carriers: new Map(),
    skipped: 0,
  };
}

function carry(round: Round, key: string, rec: OpRecord): void {
  round.carriers.set(key, [...(round.carriers.get(key) ?? []), rec]);
}

/** Builds a round; returns op seqs that can never be sent (their target is unknown). */
export function plan(
  due: readonly OpRecord[],
  mailboxes: readonly MailboxRecord[],
): { round: Round; orphans: OpRecord[] } {
  const round = newRound();
  const orphans: OpRecord[] = [];
  const sid = localToServer(mailboxes);
  const exists = new Set(mailboxes.map((m) => m.id));
  // A folder reference resolves to the server id, "null" (root), or undefined = not yet.
  const parentRef = (local: string | null): string | null | undefined =>
    local === null ? null : sid.get(local);
  const waiting = new Set<string>();

  for (const rec of due) {
    const op = rec.op;
    if (waiting.has(rec.target)) {
      round.skipped++; // an earlier op of this target goes first: next round, in order
      continue;
    }
    switch (op.kind) {
      case 'mailbox-create': {
        const parentId = parentRef(op.parentId);
        if (parentId === undefined) {
          waiting.add(rec.target);
          round.skipped++;
          break;
        }
        const cid = `c${rec.seq}`;
        round.mailboxCreate[cid] = { name: op.name, parentId };
        carry(round, cid, rec);
        break;
      }
      case 'mailbox-update':
      case 'mailbox-destroy': {
        const id = sid.get(op.target) ?? (op.kind === 'mailbox-destroy' ? op.serverId : undefined);
        if (id === undefined) {
          if (exists.has(op.target)) {
            waiting.add(rec.target);
            round.skipped++;
          } else orphans.push(rec);
          break;
        }
        if (op.kind === 'mailbox-destroy') {
          round.mailboxDestroy.push(id);
          carry(round, id, rec);
          break;
        }
        const patch: Record<string, unknown> = {};
        if (op.name !== undefined) patch['name'] = op.name;
        if (op.parentId !== undefined) {
          const parentId = parentRef(op.parentId);
          if (parentId === undefined) {
            waiting.add(rec.target);
            round.skipped++;
            break;
          }
          patch['parentId'] = parentId;
        }
        round.mailboxUpdate[id] = { ...round.mailboxUpdate[id], ...patch };
        carry(round, id, rec);
        break;
      }
      case 'email-replace':
        // Where the message is now is read when it is uploaded (uploadImports).
        if (round.imports.length < IMPORTS_PER_ROUND) round.imports.push(rec);
        else round.skipped++;
        waiting.add(rec.target);
        break;
      case 'email-import': {
        if (sid.get(op.mailboxId) === undefined) {
          if (exists.has(op.mailboxId)) round.skipped++;
          else {
            orphans.push(rec);
            break;
          }
        } else if (round.imports.length < IMPORTS_PER_ROUND) round.imports.push(rec);
        else round.skipped++;
        // Later changes to this message wait for its server id.
        waiting.add(rec.target);
        break;
      }
      case 'email-destroy':
        round.emailDestroy.push(op.target);
        carry(round, op.target, rec);
        break;
      case 'email-keywords':
      case 'email-move': {
        const patch: Record<string, unknown> = {};
        if (op.kind === 'email-keywords') {
          for (const [k, on] of Object.entries(op.keywords)) patch[`keywords/${k}`] = on || null;
        } else {
          const from = sid.get(op.from);
          const to = sid.get(op.to);
          if (from === undefined || to === undefined) {
            if (exists.has(op.to) && exists.has(op.from)) {
              waiting.add(rec.target);
              round.skipped++;
            } else orphans.push(rec);
            break;
          }
          patch[`mailboxIds/${from}`] = null;
          patch[`mailboxIds/${to}`] = true;
        }
        round.emailUpdate[op.target] = { ...round.emailUpdate[op.target], ...patch };
        carry(round, op.target, rec);
        break;
      }
    }
  }
  return { round, orphans };
}

export function calls(accountId: string, r: Round): Invocation[] {
  const out: Invocation[] = [];
  const mailboxes =
    Object.keys(r.mailboxCreate).length +
    Object.keys(r.mailboxUpdate).length +
    r.mailboxDestroy.length;
  if (mailboxes > 0) {
    out.push([
      'Mailbox/set',
      {
        accountId,
        create: r.mailboxCreate,
        update: r.mailboxUpdate,
        destroy: r.mailboxDestroy,
        onDestroyRemoveEmails: true,
      },
      'm',
    ]);
  }
  if (Object.keys(r.emailUpdate).length + r.emailDestroy.length > 0) {
    out.push(['Email/set', { accountId, update: r.emailUpdate, destroy: r.emailDestroy }, 'e']);
  }
  return out;
}
