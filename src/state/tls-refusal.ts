// ADR 0033: the proxy's three TLS refusals (src/proxy/security/tls-policy.ts), in the
// user's language. Each says that nothing was sent: the proxy stops before any password.
import { msg } from '@lit/localize';

export function tlsRefusalText(code: string): string | null {
  switch (code) {
    case 'serverCertificateInvalid':
      return msg(
        "The mail server's certificate could not be verified, so your password was not sent. Ask the server's operator.",
        { id: 'tls.certificate' },
      );
    case 'serverNotEncrypted':
      return msg(
        'The mail server does not offer an encrypted connection, so your password was not sent.',
        { id: 'tls.noEncryption' },
      );
    case 'serverTlsOutdated':
      return msg(
        'The mail server only offers outdated encryption (older than TLS 1.2), so Buzón did not connect.',
        { id: 'tls.outdated' },
      );
    default:
      return null;
  }
}
