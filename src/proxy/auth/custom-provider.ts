// A provider the user typed (only when the operator set allowCustomHosts). Every host
// goes through the SSRF guard, and the provider keeps the checked IP as its host, so
// every later connection dials exactly the address that was checked.
import { CUSTOM_PROVIDER_ID } from '../config/types.js';
import type { Endpoint, ProviderConfig } from '../config/types.js';
import { HttpError } from '../http/errors.js';
import { isTypedHostTls } from '../security/tls-policy.js';
import { checkCustomHost, ForbiddenHostError } from '../security/upstream-guard.js';
import type { Resolver } from '../security/upstream-guard.js';

/** Ports a user may type: the standard mail ports, never e.g. 22, 80, 6379 (no port scanning through us). */
export const CUSTOM_PORTS: Readonly<Record<'imap' | 'smtp', readonly number[]>> = {
  imap: [993, 143],
  smtp: [465, 587, 25],
};

function field(
  body: Record<string, unknown>,
  name: 'imap' | 'smtp',
): Record<string, unknown> | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(
      400,
      'invalidArguments',
      `${name} must be an object with host, port and tls.`,
    );
  }
  return value as Record<string, unknown>;
}

async function endpoint(
  value: Record<string, unknown>,
  service: 'imap' | 'smtp',
  resolve?: Resolver,
): Promise<Endpoint> {
  const { host, port, tls } = value;
  if (typeof host !== 'string')
    throw new HttpError(400, 'invalidArguments', `${service}.host must be a server name.`);
  if (typeof port !== 'number' || !CUSTOM_PORTS[service].includes(port)) {
    throw new HttpError(
      400,
      'invalidArguments',
      `${service}.port must be one of ${CUSTOM_PORTS[service].join(', ')}.`,
    );
  }
  // A password never crosses the Internet in cleartext: no `none` for a typed host.
  if (!isTypedHostTls(tls)) {
    throw new HttpError(400, 'invalidArguments', `${service}.tls must be implicit or starttls.`);
  }
  try {
    const checked = await checkCustomHost(host, resolve);
    const result: Endpoint = { host: checked.address, port, tls };
    if (checked.servername) result.servername = checked.servername;
    return result;
  } catch (err) {
    if (err instanceof ForbiddenHostError) throw new HttpError(400, 'hostNotAllowed', err.message);
    throw err;
  }
}

/** The provider described by a login body `{ imap: {host, port, tls}, smtp?: {...} }`. */
export async function customProvider(
  body: Record<string, unknown>,
  resolve?: Resolver,
): Promise<ProviderConfig> {
  const imapField = field(body, 'imap');
  if (!imapField)
    throw new HttpError(
      400,
      'invalidArguments',
      'Give the IMAP server: imap.host, imap.port, imap.tls.',
    );
  const imap = await endpoint(imapField, 'imap', resolve);
  const provider: ProviderConfig = {
    id: CUSTOM_PROVIDER_ID,
    name: imap.servername ?? imap.host,
    imap,
  };
  const smtpField = field(body, 'smtp');
  if (smtpField) provider.smtp = await endpoint(smtpField, 'smtp', resolve);
  return provider;
}
