// Small pure helpers shared by the body and header tokenizers: folding text the way search
// does (camion finds camión), and breaking hosts, IP addresses and URLs into the prefixes
// and suffixes SpamBayes found telling ("url:example.com", "received:10.1").

/** Lower case, accents removed (NFKD then combining marks dropped): "CAMIÓN" → "camion". */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Labels of a host name kept, from the right: deeper ones are per-message noise. */
const MAX_HOST_LABELS = 4;
/** Longest host name considered (RFC 1035 caps a name at 253 octets). */
const MAX_HOST_CHARS = 253;

/** "a.b.example.com" → "com", "example.com", "b.example.com", "a.b.example.com" (capped). */
export function hostTokens(host: string): string[] {
  const clean = host.toLowerCase().replace(/\.$/, '').slice(0, MAX_HOST_CHARS);
  if (!clean) return [];
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(clean)) return ipTokens(clean);
  const labels = clean.split('.').filter(Boolean);
  const out: string[] = [];
  for (let i = 1; i <= Math.min(labels.length, MAX_HOST_LABELS); i++) {
    out.push(labels.slice(-i).join('.'));
  }
  return out;
}

/** "10.1.2.3" → "ip:10", "ip:10.1", "ip:10.1.2", "ip:10.1.2.3": a network's spam shares prefixes. */
export function ipTokens(ip: string): string[] {
  const parts = ip.split('.');
  return parts.map((_, i) => `ip:${parts.slice(0, i + 1).join('.')}`);
}

/** Characters of a link read: real links fit; longer ones are tracking payloads. */
const MAX_URL_CHARS = 2048;
const URL_PARTS = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(?:[^@/\s]*@)?([^/:?#\s]+)(?::(\d+))?/i;

/** A link's tokens: its scheme, host breakdown, and odd shapes (IP hosts, ports, @-tricks). */
export function urlTokens(url: string): string[] {
  const trimmed = url.trim().slice(0, MAX_URL_CHARS);
  if (/^mailto:/i.test(trimmed)) return ['proto:mailto'];
  const m = URL_PARTS.exec(trimmed);
  if (!m?.[2]) return [];
  const scheme = (m[1] ?? 'http').toLowerCase();
  const out = [`proto:${scheme}`];
  for (const h of hostTokens(m[2])) out.push(`url:${h}`);
  if (m[3]) out.push('url:has-port');
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s]*@/i.test(url)) out.push('url:has-userinfo');
  if (/%[0-9a-f]{2}/i.test(m[2])) out.push('url:escaped-host');
  return out;
}
