// The test Cyrus: a real JMAP server (Cyrus IMAP 3.6 from Debian) for the proxy's
// passthrough mode. What it offers, as measured by test/support/cyrus.smoke.test.ts:
// - Session at sessionUrl (`/jmap`; `/.well-known/jmap` redirects there with 301). The URLs in
//   it (apiUrl, downloadUrl, uploadUrl, eventSourceUrl) are origin-relative paths: resolve
//   them against sessionUrl. Account ids are the user names (alice@buzon.test).
// - HTTP Basic auth checked against the instance's sasldb; a wrong password gets 401.
// - Mail methods: Mailbox/get|set|changes, Email/query|get|set|changes|queryChanges|import,
//   Thread/get, blob upload and download; text filters via Xapian, indexed by the rolling
//   squatter within a few tenths of a second of a delivery. Identity/get and
//   EmailSubmission/set only with `smtp` given to startCyrus (Cyrus then relays every
//   submission through that server with one SMTP AUTH login).
// - No push: Debian builds Cyrus without wslay, which leaves EventSource disabled, so the
//   eventSourceUrl it advertises answers 204 No Content. Poll `/changes` instead.
// - Logs go to syslog only, which a test machine usually lacks.
export { startCyrus, CyrusStartError, DEFAULT_CYRUS_USERS } from './cyrus.js';
export type { CyrusInstance, CyrusOptions, CyrusUser, CyrusSmtp } from './cyrus.js';
export { DEFAULT_FOLDERS } from './provision.js';
export type { SpecialFolder } from './provision.js';
