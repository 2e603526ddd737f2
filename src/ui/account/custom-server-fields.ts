import { html } from 'lit';
import { msg } from '@lit/localize';

/** IMAP over TLS from the first byte (RFC 8314); STARTTLS uses 143. */
const TLS_PORT = 993;
const STARTTLS_PORT = 143;

/**
 * The fields of the "Other server" entry (a host the user types, when the proxy allows it):
 * IMAP host, port and connection security. Picking the security moves the port to its
 * standard value; the proxy accepts only standard mail ports for typed hosts (ADR 0009).
 */
export function customServerFields() {
  return html`<div class="custom">
    <label>
      ${msg('IMAP server', { id: 'signIn.host' })}
      <input
        name="host"
        required
        autocomplete="off"
        autocapitalize="off"
        spellcheck="false"
        placeholder="imap.example.com"
        data-testid="sign-in-host"
      />
    </label>
    <label>
      ${msg('Port', { id: 'signIn.port' })}
      <input
        name="port"
        type="number"
        required
        min="1"
        max="65535"
        value=${TLS_PORT}
        data-testid="sign-in-port"
      />
    </label>
    <label>
      ${msg('Connection security', { id: 'signIn.security' })}
      <select
        name="tls"
        data-testid="sign-in-tls"
        @change=${(e: Event) => {
          const select = e.target as HTMLSelectElement;
          const port = select.form?.elements.namedItem('port');
          const starttls = select.value === 'starttls';
          if (port instanceof HTMLInputElement)
            port.value = String(starttls ? STARTTLS_PORT : TLS_PORT);
        }}
      >
        <option value="tls">${msg('TLS', { id: 'signIn.tls' })}</option>
        <option value="starttls">STARTTLS</option>
      </select>
    </label>
  </div>`;
}
