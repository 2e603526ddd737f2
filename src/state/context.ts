// Context keys through which elements receive services (@lit/context). The composition
// root (app/) provides them; elements @consume them. Nothing else is global.
import { createContext } from '@lit/context';
import type {
  ArchiveService,
  DocumentService,
  FolderService,
  ImportService,
  MessageService,
  NoticeService,
  ReaderService,
  SettingsService,
  StorageService,
} from './types.js';

export interface Services {
  folders: FolderService;
  messages: MessageService;
  reader: ReaderService;
  importer: ImportService;
  archives: ArchiveService;
  documents: DocumentService;
  settings: SettingsService;
  storage: StorageService;
  notices: NoticeService;
}

export const servicesContext = createContext<Services>(Symbol('bz-services'));
