// The plaintext of the EFAIL message: HTML, as an attacker hopes it gets joined with the
// `<img src="…/leak?` before it and the `">` after it.

/** Unique words to look for: found anywhere but the decrypted frame means a leak. */
export const EFAIL_SECRET = 'Meet at the harbour at dawn, code 5512';

export function efailInner(): string {
  return `Content-Type: text/html; charset=utf-8\r\n\r\n<p>${EFAIL_SECRET}</p>\r\n`;
}
