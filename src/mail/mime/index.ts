// The browser's MIME builder (RFC 5322, 2045–2049, 2047, 2231, 2387): pure, no DOM, no Node APIs.
export { buildMessage } from './build.js';
export { MimeBuildError } from './errors.js';
export { newMessageId } from './message-id.js';
export type { MdnReport, OutgoingAttachment, OutgoingMessage, OutgoingPriority } from './types.js';
