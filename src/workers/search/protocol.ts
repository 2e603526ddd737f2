// Messages between the page and the search worker. Plain data (structured clone).
import type { IndexingStatus, SearchSnippet } from '../../state/types.js';

export type SearchWorkerRequest =
  /** `paused`: open without building the index until resumed. */
  | { type: 'open'; dbName: string; paused: boolean }
  | { type: 'search'; id: number; text: string; folderId: string | null; utcOffsetMinutes: number }
  | { type: 'snippets'; id: number; text: string; ids: string[]; utcOffsetMinutes: number }
  | { type: 'cancel'; id: number }
  /** Messages were stored or removed: look for new ones to index. */
  /** `volume`: the mail volume signal (saved-searches.ts) the change was seen at. */
  | { type: 'changed'; volume?: string }
  | { type: 'pause' }
  | { type: 'resume' };

export type SearchWorkerResponse =
  | {
      type: 'searched';
      id: number;
      ids: string[];
      capped: boolean;
      warnings: string[];
      pending: number;
    }
  | { type: 'snippets'; id: number; snippets: Record<string, SearchSnippet> }
  | { type: 'failed'; id: number; error: string }
  | { type: 'status'; status: IndexingStatus };
