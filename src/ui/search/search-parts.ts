// The search parts of the shell, loaded together right after start once a search service
// exists: the toolbar's box, the saved searches and the indexing line. None is needed for
// the first paint of the mailbox, and the start-up bundle has a budget (≤ 100 KB gzip).
import './bz-search-box.js';
import './bz-saved-searches.js';
import './bz-indexing-status.js';
