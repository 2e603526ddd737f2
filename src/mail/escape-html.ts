// Text into HTML: the five characters that matter escaped, for content and quoted
// attribute values alike. Shared by the reader (linkify.ts) and everything the composer
// turns into HTML (quotes, signatures, links lists, the mandatory signature).

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}
