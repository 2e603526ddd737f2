// TEMPLATE-1…3 for the compose service: templates are messages in the Templates folder
// (synced like any), a message started from one is a new message with no link back (so
// editing it never changes the template), and its variables are filled in at Send.
import type { MailAddress, MailParser, ParsedMessage } from '../../mail/types.js';
import type { BuzonDb } from '../../store/db.js';
import { ensureFolderOnServer } from '../../store/repos/mailboxes.js';
import { currentTemplateId, listTemplateRows } from '../../store/repos/templates.js';
import { getBodyOrNull } from '../../store/sync/bodies.js';
import type { ComposeService, DraftInput } from '../types.js';
import { draftFromSaved } from './drafts.js';

export interface TemplateDeps {
  db: BuzonDb;
  parser?: Pick<MailParser, 'parse'>;
  now: () => number;
  /** Stores what is written as a message in a folder (the service's draft saving). */
  storeComposed(
    from: MailAddress,
    draft: DraftInput,
    mailboxId: 'templates',
    keywords: Record<string, true>,
  ): Promise<{ id: string }>;
  /** The user's identity a saved message was written from. */
  senderOf(parsed: ParsedMessage): Promise<MailAddress | null>;
  respond: ComposeService['respond'];
}

/** TEMPLATE-3: the variables filled in for the first recipient (a contact's names first). */
export async function fillVariables(db: BuzonDb, draft: DraftInput): Promise<DraftInput> {
  const to = draft.to[0] ?? draft.cc[0] ?? draft.bcc[0];
  if (!to) return draft;
  const [{ fillTemplate, valuesFor }, { findContactsByAddress }] = await Promise.all([
    import('../../mail/template-vars.js'),
    import('../../store/repos/contacts.js'),
  ]);
  const contact = (await findContactsByAddress(db, to.address).catch(() => []))[0];
  const values = valuesFor(to, contact ?? null);
  return {
    ...draft,
    subject: fillTemplate(draft.subject, values),
    text: fillTemplate(draft.text, values),
  };
}

export function templateMethods(
  d: TemplateDeps,
): Pick<ComposeService, 'saveTemplate' | 'listTemplates' | 'useTemplate'> {
  async function parsedStored(id: string): Promise<ParsedMessage> {
    const raw = await getBodyOrNull(d.db, id);
    if (!raw || !d.parser) throw new Error('This template is not on this device yet.');
    const parsed = await d.parser.parse(raw);
    if ('error' in parsed) throw new Error(parsed.error);
    return parsed;
  }

  return {
    async saveTemplate(from, draft) {
      // A template answers nothing and continues no draft: only what is written is kept.
      const kept = { ...draft, draftId: null, inReplyTo: null, references: [], respondsTo: null };
      const { id } = await d.storeComposed(from, kept, 'templates', {});
      // Templates has no IANA role: a server without the folder gets one (TEMPLATE-1).
      await ensureFolderOnServer(d.db, 'templates', d.now());
      return id;
    },
    listTemplates: () => listTemplateRows(d.db),
    async useTemplate(chosen, original) {
      const template =
        typeof chosen === 'string'
          ? await parsedStored(chosen)
          : 'parsed' in chosen
            ? chosen.parsed
            : await parsedStored((await currentTemplateId(d.db, chosen)) ?? chosen.id);
      const fromTemplate = draftFromSaved(template);
      const base = { ...fromTemplate, draftId: null, fillVariables: true };
      if (!original) return { from: await d.senderOf(template), draft: base };
      const reply = await d.respond(original, 'reply');
      return {
        from: reply.from,
        draft: {
          ...reply.draft,
          text: `${fromTemplate.text}${reply.draft.text}`,
          ...(fromTemplate.attachments ? { attachments: fromTemplate.attachments } : {}),
          fillVariables: true,
        },
      };
    },
  };
}
