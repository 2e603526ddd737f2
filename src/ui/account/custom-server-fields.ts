import { html } from 'lit';
import { msg } from '@lit/localize';

/** What differs between the typed IMAP server's fields and the typed SMTP server's. */
interface ServerFieldSpec {
  /** Form field names for host, port and security. */
  names: { host: string; port: string; tls: string };
  /** data-testid of host, port and security. */
  ids: { host: string; port: string; tls: string };
  /** The standard ports: TLS from the first byte (RFC 8314), and STARTTLS. */
  ports: { tls: number; starttls: number };
  hostLabel: () => string;
  placeholder: string;
  required: boolean;
}

/**
 * Host, port and connection security of a typed server. Picking the security moves the
 * port to its standard value; the proxy accepts only standard mail ports for typed hosts
 * (ADR 0009).
 */
function serverFields(spec: ServerFieldSpec) {
  const { names, ids, ports } = spec;
  return html`<label>
      ${spec.hostLabel()}
      <input
        name=${names.host}
        ?required=${spec.required}
        autocomplete="off"
        autocapitalize="off"
        spellcheck="false"
        placeholder=${spec.placeholder}
        data-testid=${ids.host}
      />
    </label>
    <label>
      ${msg('Port', { id: 'signIn.port' })}
      <input
        name=${names.port}
        type="number"
        ?required=${spec.required}
        min="1"
        max="65535"
        value=${ports.tls}
        data-testid=${ids.port}
      />
    </label>
    <label>
      ${msg('Connection security', { id: 'signIn.security' })}
      <select
        name=${names.tls}
        data-testid=${ids.tls}
        @change=${(e: Event) => {
          const select = e.target as HTMLSelectElement;
          const port = select.form?.elements.namedItem(names.port);
          const starttls = select.value === 'starttls';
          if (port instanceof HTMLInputElement)
            port.value = String(starttls ? ports.starttls : ports.tls);
        }}
      >
        <option value="tls">${msg('TLS', { id: 'signIn.tls' })}</option>
        <option value="starttls">STARTTLS</option>
      </select>
    </label>`;
}

/** The "Other server" entry's IMAP server (a host the user types, when the proxy allows it). */
export function customServerFields() {
  return html`<div class="custom">
    ${serverFields({
      names: { host: 'host', port: 'port', tls: 'tls' },
      ids: { host: 'sign-in-host', port: 'sign-in-port', tls: 'sign-in-tls' },
      ports: { tls: 993, starttls: 143 },
      hostLabel: () => msg('IMAP server', { id: 'signIn.host' }),
      placeholder: 'imap.example.com',
      required: true,
    })}
  </div>`;
}

/** SMTP submission: TLS from the first byte on 465 (RFC 8314), STARTTLS on 587. */
const SMTP_PORTS = { tls: 465, starttls: 587 };

/**
 * The optional outgoing server of the "Other server" entry (EXTERNAL-3): left empty, the
 * account receives mail only. Named `smtp*` so one form can hold both servers.
 */
export function customSmtpFields() {
  return html`<fieldset class="custom">
    <legend>${msg('Sending (optional)', { id: 'signIn.smtpLegend' })}</legend>
    ${serverFields({
      names: { host: 'smtpHost', port: 'smtpPort', tls: 'smtpTls' },
      ids: { host: 'custom-smtp-host', port: 'custom-smtp-port', tls: 'custom-smtp-tls' },
      ports: SMTP_PORTS,
      hostLabel: () => msg('SMTP server', { id: 'signIn.smtpHost' }),
      placeholder: 'smtp.example.com',
      required: false,
    })}
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
    port: Number(data.get('smtpPort') ?? SMTP_PORTS.tls),
    tls: data.get('smtpTls') === 'starttls' ? 'starttls' : 'implicit',
  };
}
