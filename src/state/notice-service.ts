// NoticeService: the one place errors and notes are shown (STYLE.md § Errors). In memory.
import { ValueSubject } from './subscribable.js';
import type { Notice, NoticeService } from './types.js';

// Why 20: notices are for the last few events; an error storm must not grow without bound.
const MAX_NOTICES = 20;

export function createNoticeService(): NoticeService {
  const notices = new ValueSubject<Notice[]>([]);
  let nextId = 1;
  return {
    observeNotices: () => notices,
    notify(kind, message) {
      notices.set([...notices.value, { id: nextId++, kind, message }].slice(-MAX_NOTICES));
    },
    dismiss(id) {
      notices.set(notices.value.filter((n) => n.id !== id));
    },
  };
}
