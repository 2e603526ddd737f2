// SEND-3: which links the rich editor lets into a message. Only web pages and mail
// addresses: a javascript:, data: or file: link in outgoing mail is an attack on the
// reader or a dead end, and tel:/sms: are not what a mail reader can follow reliably.

/** A complete http(s) or mailto URL without spaces or control characters. */
const SAFE_LINK = /^(?:https?:\/\/[^\s/?#]+[^\s]*|mailto:[^\s]+)$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** user@host.tld: what someone types for a mail link. */
const BARE_ADDRESS = /^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/;
/** host.tld[/…]: what someone types for a web link. */
const BARE_HOST = /^[^\s@/:]+\.[^\s@/:]+(?:[/?#]\S*)?$/;

/** True for http:, https: and mailto: URLs (the Link mark's schema check). */
export function isSafeLinkUrl(url: string | null | undefined): boolean {
  return typeof url === 'string' && !CONTROL.test(url) && SAFE_LINK.test(url);
}

/**
 * What the user typed in the link field, as the href to set, or null when it is not an
 * allowed link. A bare address gets mailto:, a bare host https://; any other scheme
 * (javascript:, data:, file:, …) is refused rather than guessed at.
 */
export function linkFromInput(input: string): string | null {
  const v = input.trim();
  if (!v) return null;
  if (HAS_SCHEME.test(v)) return isSafeLinkUrl(v) ? v : null;
  if (BARE_ADDRESS.test(v)) return `mailto:${v}`;
  if (BARE_HOST.test(v)) return `https://${v}`;
  return null;
}
