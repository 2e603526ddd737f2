import { describe, expect, it } from 'vitest';
import {
  archiveFolderNameForRole,
  systemRoleForFolderName,
  systemRoleForFolderPath,
} from '../../src/archive/system-folders.js';
import type { FolderRole } from '../../src/mail/types.js';

describe('systemRoleForFolderName', () => {
  it.each<[string, FolderRole]>([
    ['Bandeja de entrada', 'inbox'],
    ['Enviados', 'sent'],
    ['Papelera', 'trash'],
    ['Borradores', 'drafts'],
    ['Plantillas', 'templates'],
    ['Correo no deseado', 'spam'],
    ['Elementos enviados', 'sent'],
    ['Elementos eliminados', 'trash'],
    ['Entrada', 'inbox'],
  ])('IMPORT-1 maps Spanish "%s" to %s', (name, role) => {
    expect(systemRoleForFolderName(name)).toBe(role);
  });

  it.each<[string, FolderRole]>([
    ['Inbox', 'inbox'],
    ['INBOX', 'inbox'],
    ['Sent', 'sent'],
    ['Sent Items', 'sent'],
    ['Sent Messages', 'sent'],
    ['Drafts', 'drafts'],
    ['Templates', 'templates'],
    ['Trash', 'trash'],
    ['Deleted Items', 'trash'],
    ['Bin', 'trash'],
    ['Spam', 'spam'],
    ['Junk', 'spam'],
    ['Junk E-mail', 'spam'],
  ])('IMPORT-1 maps English "%s" to %s', (name, role) => {
    expect(systemRoleForFolderName(name)).toBe(role);
  });

  it.each<[string, FolderRole]>([
    ['Boîte de réception', 'inbox'],
    ['Éléments envoyés', 'sent'],
    ['Corbeille', 'trash'],
    ['Brouillons', 'drafts'],
    ['Courrier indésirable', 'spam'],
    ['Posteingang', 'inbox'],
    ['Gesendete Elemente', 'sent'],
    ['Entwürfe', 'drafts'],
    ['Papierkorb', 'trash'],
    ['Vorlagen', 'templates'],
    ['Posta in arrivo', 'inbox'],
    ['Posta inviata', 'sent'],
    ['Bozze', 'drafts'],
    ['Cestino', 'trash'],
    ['Caixa de entrada', 'inbox'],
    ['Itens enviados', 'sent'],
    ['Rascunhos', 'drafts'],
    ['Lixeira', 'trash'],
    ['Postvak IN', 'inbox'],
    ['Verzonden items', 'sent'],
    ['Concepten', 'drafts'],
    ['Prullenbak', 'trash'],
    ['Ongewenste e-mail', 'spam'],
  ])('IMPORT-1 maps "%s" (fr/de/it/pt/nl) to %s', (name, role) => {
    expect(systemRoleForFolderName(name)).toBe(role);
  });

  it('IMPORT-1 ignores case, accents, spaces and punctuation', () => {
    expect(systemRoleForFolderName('BANDEJA DE ENTRADA')).toBe('inbox');
    expect(systemRoleForFolderName('  papelera ')).toBe('trash');
    expect(systemRoleForFolderName('Boite de reception')).toBe('inbox');
    expect(systemRoleForFolderName('junk-email')).toBe('spam');
    expect(systemRoleForFolderName('Entwu\u0308rfe')).toBe('drafts');
  });

  it('IMPORT-1 leaves user folders alone', () => {
    for (const name of [
      'Work',
      'Facturas',
      'Sent to Bob',
      'Inbox old',
      '',
      'Concept',
      'Deleted stuff',
    ]) {
      expect(systemRoleForFolderName(name)).toBeNull();
    }
  });
});

describe('systemRoleForFolderPath', () => {
  it('IMPORT-1 maps only top-level folders, and Gmail system folders under [Gmail]', () => {
    expect(systemRoleForFolderPath(['Enviados'])).toBe('sent');
    expect(systemRoleForFolderPath(['Work', 'Sent'])).toBeNull();
    expect(systemRoleForFolderPath(['[Gmail]', 'Sent Mail'])).toBe('sent');
    expect(systemRoleForFolderPath(['[Google Mail]', 'Bin'])).toBe('trash');
    expect(systemRoleForFolderPath([])).toBeNull();
  });
});

describe('archiveFolderNameForRole', () => {
  it('ARCHIVE-1 writes English names that import back to the same system folder', () => {
    const roles: FolderRole[] = ['inbox', 'sent', 'drafts', 'templates', 'trash', 'spam'];
    expect(roles.map(archiveFolderNameForRole)).toEqual([
      'Inbox',
      'Sent',
      'Drafts',
      'Templates',
      'Trash',
      'Spam',
    ]);
    for (const role of roles)
      expect(systemRoleForFolderName(archiveFolderNameForRole(role))).toBe(role);
  });
});
