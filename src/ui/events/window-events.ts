import type { ImportReport } from '../../state/types.js';

// The app's announcements on `window` (stable hooks for automated checks, see issue 2).
declare global {
  interface WindowEventMap {
    /** The app has booted and shows its mailbox. */
    'bz-ready': Event;
    /** An import ended (finished, cancelled or failed); the detail is its report. */
    'bz-import-done': CustomEvent<ImportReport>;
  }
}

export {};
