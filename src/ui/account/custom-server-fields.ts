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

/** SMTP submission: TLS from the first byte on 465 (RFC 8314), STARTTLS on 587. */
const SMTP_TLS_PORT = 465;
const SMTP_STARTTLS_PORT = 587;

/**
 * The optional outgoing server of the "Other server" entry (SEND, EXTERNAL-3): left empty,
 * the account receives mail only. Named `smtp*` so one form can hold both servers.
 */
export function customSmtpFields() {
  return html`<fieldset class="custom">
    <legend>${msg('Sending (optional)', { id: 'signIn.smtpLegend' })}</legend>
    <label>
      ${msg('SMTP server', { id: 'signIn.smtpHost' })}
      <input
        name="smtpHost"
        autocomplete="off"
        autocapitalize="off"
        spellcheck="false"
        placeholder="smtp.example.com"
        data-testid="custom-smtp-host"
      />
    </label>
    <label>
      ${msg('Port', { id: 'signIn.port' })}
      <input
        name="smtpPort"
        type="number"
        min="1"
        max="65535"
        value=${SMTP_TLS_PORT}
        data-testid="custom-smtp-port"
      />
    </label>
    <label>
      ${msg('Connection security', { id: 'signIn.security' })}
      <select
        name="smtpTls"
        data-testid="custom-smtp-tls"
        @change=${(e: Event) => {
          const select = e.target as HTMLSelectElement;
          const port = select.form?.elements.namedItem('smtpPort');
          const starttls = select.value === 'starttls';
          if (port instanceof HTMLInputElement)
            port.value = String(starttls ? SMTP_STARTTLS_PORT : SMTP_TLS_PORT);
        }}
      >
        <option value="tls">${msg('TLS', { id: 'signIn.tls' })}</option>
        <option value="starttls">STARTTLS</option>
      </select>
    </label>
  </fieldset>`;
}

/** The typed SMTP server of a form holding customSmtpFields(), or undefined when left empty. */
export function typedSmtpServer(
  data: FormData,
): { host: string; port: number; tls: 'implicit' | 'starttls' } | undefined {
  const host = String(data.get('smtpHost') ?? '').trim();
  if (!host) return undefined;
  return {
    host,
    port: Number(data.get('smtpPort') ?? SMTP_TLS_PORT),
    tls: data.get('smtpTls') === 'starttls' ? 'starttls' : 'implicit',
  };
}
