// The test Dovecot: start it, deliver mail into it, speak raw protocols to it.
export { startDovecot, DovecotStartError, DEFAULT_USERS, DEFAULT_QUOTA } from './dovecot.js';
export type { DovecotInstance, DovecotOptions, DovecotUser, DovecotQuota, DovecotPorts } from './dovecot.js';
export { deliverByLmtp, encodeLmtpData, LmtpError } from './lmtp.js';
export type { LmtpDeliveryOptions, LmtpTarget } from './lmtp.js';
export { LineConnection, LineConnectionError } from './line-connection.js';
export { execRaw, imapAtom, imapString, tokenStrings } from './imap-raw.js';
export type { ImapToken, UntaggedResponse } from './imap-raw.js';
export { pop3Session } from './pop3.js';
export type { Pop3Target } from './pop3.js';
export { installSieveScript, ManageSieveError } from './managesieve.js';
export type { SieveTarget } from './managesieve.js';
export { withTimeout, waitForGreeting, WaitTimeoutError, GreetingTimeoutError } from './wait.js';
