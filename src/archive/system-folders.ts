// Maps folder names found in archives to system folders (IMPORT-1): exports from
// Thunderbird, Outlook, Gmail, Apple Mail or webmails name them in the user's language.
// Matching ignores case, accents, spaces and punctuation, so "Junk E-mail", "junk email"
// and "JUNK-EMAIL" are one name, and "Boîte de réception" matches "Boite de reception".
import type { FolderRole } from '../mail/types.js';

// One line per language, in the order: English, Spanish, French, German, Italian,
// Portuguese, Dutch.
// prettier-ignore
const NAMES: Record<FolderRole, readonly string[]> = {
  inbox: [
    'Inbox', // English
    'Bandeja de entrada', 'Entrada', 'Recibidos', // Spanish (Entrada also Portuguese)
    'Boîte de réception', 'Réception', 'Courrier entrant', // French
    'Posteingang', 'Eingang', // German
    'Posta in arrivo', 'In arrivo', // Italian
    'Caixa de entrada', 'Caixa de correio de entrada', // Portuguese
    'Postvak IN', 'Ontvangen', // Dutch
  ],
  sent: [
    'Sent', 'Sent Items', 'Sent Messages', 'Sent Mail',
    'Enviados', 'Elementos enviados', 'Enviado', 'Mensajes enviados',
    'Envoyés', 'Éléments envoyés', 'Messages envoyés', 'Envoyé',
    'Gesendet', 'Gesendete Elemente', 'Gesendete Objekte', 'Gesendete Nachrichten',
    'Inviati', 'Posta inviata', 'Elementi inviati', 'Inviata',
    'Itens enviados', 'Mensagens enviadas', 'Enviadas',
    'Verzonden', 'Verzonden items', 'Verzonden berichten',
  ],
  drafts: [
    'Drafts', 'Draft',
    'Borradores', 'Borrador',
    'Brouillons', 'Brouillon',
    'Entwürfe', 'Entwurf',
    'Bozze', 'Bozza',
    'Rascunhos', 'Rascunho',
    'Concepten',
  ],
  templates: [
    'Templates', 'Template',
    'Plantillas',
    'Modèles',
    'Vorlagen',
    'Modelli',
    'Modelos',
    'Sjablonen',
  ],
  trash: [
    'Trash', 'Deleted Items', 'Deleted Messages', 'Deleted', 'Bin', 'Rubbish', 'Wastebasket',
    'Papelera', 'Elementos eliminados', 'Eliminados', 'Mensajes eliminados',
    'Corbeille', 'Éléments supprimés', 'Messages supprimés',
    'Papierkorb', 'Gelöschte Elemente', 'Gelöschte Objekte', 'Gelöschte Nachrichten',
    'Cestino', 'Posta eliminata', 'Elementi eliminati',
    'Lixo', 'Lixeira', 'Reciclagem', 'Itens excluídos', 'Itens eliminados',
    'Prullenbak', 'Prullenmand', 'Verwijderde items', 'Verwijderde berichten',
  ],
  spam: [
    'Spam', 'Junk', 'Junk E-mail', 'Junk Mail', 'Bulk Mail',
    'Correo no deseado', 'Correo basura', 'No deseado',
    'Courrier indésirable', 'Indésirables', 'Pourriel', 'Pourriels',
    'Junk-E-Mail', 'Unerwünscht', 'Spamverdacht',
    'Posta indesiderata', 'Indesiderata',
    'Lixo eletrônico', 'Lixo electrónico', 'Correio não solicitado', 'Correio indesejado',
    'Ongewenste e-mail', 'Ongewenst', 'Ongewenste berichten',
  ],
};

/** English canonical names, written when archiving so an import maps them back. */
const ARCHIVE_NAMES: Record<FolderRole, string> = {
  inbox: 'Inbox',
  sent: 'Sent',
  drafts: 'Drafts',
  templates: 'Templates',
  trash: 'Trash',
  spam: 'Spam',
};

/** Lower case, accents off (NFD then drop marks), letters and digits only. */
export function folderNameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

const BY_KEY: ReadonlyMap<string, FolderRole> = (() => {
  const map = new Map<string, FolderRole>();
  for (const [role, names] of Object.entries(NAMES) as [FolderRole, readonly string[]][]) {
    for (const name of names) map.set(folderNameKey(name), role);
  }
  return map;
})();

/** The system folder a name stands for, in any of the languages above; null for a user folder. */
export function systemRoleForFolderName(name: string): FolderRole | null {
  return BY_KEY.get(folderNameKey(name)) ?? null;
}

/**
 * The system folder a folder path from an archive stands for. Only a top-level folder
 * counts ("Work/Sent" is the user's own folder), except under Gmail's "[Gmail]" or
 * "[Google Mail]" folder, where Gmail keeps its system folders ("[Gmail]/Sent Mail").
 */
export function systemRoleForFolderPath(folderPath: readonly string[]): FolderRole | null {
  if (folderPath.length === 1) return systemRoleForFolderName(folderPath[0] as string);
  if (
    folderPath.length === 2 &&
    /^\[(gmail|google mail)\]$/iu.test((folderPath[0] as string).trim())
  ) {
    return systemRoleForFolderName(folderPath[1] as string);
  }
  return null;
}

export function archiveFolderNameForRole(role: FolderRole): string {
  return ARCHIVE_NAMES[role];
}
