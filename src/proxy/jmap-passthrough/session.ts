// The Session a browser gets for a JMAP provider (ADR 0017): the server's own accounts,
// capabilities and state, with every URL pointing at the proxy (same origin: the cookie
// and the Origin check guard them, and the server's credentials never reach the page).
import type { Session } from '../../protocol/jmap-core.js';
import { CORE_CAPABILITY } from '../../protocol/jmap-core.js';
import { MAX_SIZE_REQUEST, MAX_SIZE_UPLOAD } from '../../protocol/limits.js';
import { API_URL, DOWNLOAD_URL, EVENT_SOURCE_URL, UPLOAD_URL } from '../../protocol/session.js';

/** Capabilities the proxy cannot carry: a WebSocket would go to the server directly. */
const NOT_PASSED = ['urn:ietf:params:jmap:websocket'];

export function proxiedSession(upstream: Session): Session {
  const capabilities: Record<string, unknown> = Object.fromEntries(
    Object.entries(upstream.capabilities).filter(([urn]) => !NOT_PASSED.includes(urn)),
  );
  const core = upstream.capabilities[CORE_CAPABILITY];
  // The proxy reads a request and an upload whole before passing them on: its bounds hold.
  capabilities[CORE_CAPABILITY] = {
    ...core,
    maxSizeRequest: Math.min(core.maxSizeRequest, MAX_SIZE_REQUEST),
    maxSizeUpload: Math.min(core.maxSizeUpload, MAX_SIZE_UPLOAD),
  };
  return {
    ...upstream,
    capabilities: capabilities as Session['capabilities'],
    apiUrl: API_URL,
    downloadUrl: DOWNLOAD_URL,
    uploadUrl: UPLOAD_URL,
    eventSourceUrl: EVENT_SOURCE_URL,
  };
}
