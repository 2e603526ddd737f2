// RFC 8620 §2: downloadUrl, uploadUrl and eventSourceUrl are level-1 URI templates
// (RFC 6570 §1.2): `{name}` is replaced by the percent-encoded value. The sync engine
// expands whatever template the Session gives it, the proxy's own or a real JMAP
// server's (passthrough), so this follows RFC 6570 rather than Buzón's own URLs.

import type { DownloadUrlVars, EventSourceUrlVars, Id } from './jmap-core.js';

/** RFC 6570 §2.3 varname: varchars (ALPHA, DIGIT, `_`, pct-encoded) joined by single dots. */
const VARNAME = /^(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+(?:\.(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+)*$/;

/** An unpaired UTF-16 surrogate, which has no UTF-8 encoding (encodeURIComponent throws). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * RFC 6570 §3.2.2 simple string expansion: UTF-8, then every octet outside the
 * unreserved set (`A-Z a-z 0-9 - . _ ~`) is percent-encoded. encodeURIComponent also
 * leaves `! ' ( ) *` alone, so those are encoded here. Lone surrogates become U+FFFD
 * instead of throwing.
 */
export function encodeTemplateValue(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD')).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * RFC 6570 level 1: replaces each `{varname}` with its encoded value; an undefined
 * variable expands to "" (§3.2.1). Expressions of higher levels (`{+x}`, `{?x,y}`) are
 * not level 1 and are left as they are, as is any text outside braces.
 */
export function expandUriTemplate(
  template: string,
  vars: Readonly<Record<string, string>>,
): string {
  return template.replace(/\{([^{}]*)\}/g, (expression: string, name: string) => {
    if (!VARNAME.test(name)) return expression;
    return Object.hasOwn(vars, name) ? encodeTemplateValue(vars[name] as string) : '';
  });
}

/** RFC 8620 §6.2: the URL to GET a blob, from the Session's `downloadUrl`. */
export function expandDownloadUrl(template: string, vars: DownloadUrlVars): string {
  return expandUriTemplate(template, { ...vars });
}

/** RFC 8620 §6.1: the URL to POST a blob to, from the Session's `uploadUrl`. */
export function expandUploadUrl(template: string, vars: { accountId: Id }): string {
  return expandUriTemplate(template, { ...vars });
}

/** RFC 8620 §7.3: the URL to open an EventSource on, from the Session's `eventSourceUrl`. */
export function expandEventSourceUrl(template: string, vars: EventSourceUrlVars): string {
  return expandUriTemplate(template, { ...vars });
}
