// SEND-8, SEND-9: SMS and fax recipients (`32475123456@SMS`, `322123456@FAX`) reach a
// gateway the operator configured per provider — an e-mail gateway (the address is
// rewritten to `number@<domain>` and the message goes out over SMTP with the rest) or an
// HTTP webhook (one JSON POST per recipient). Without one, those recipients are reported
// undelivered by name and everyone else still gets the message.
import type { GatewayConfig } from '../config/types.js';

export type PhoneKind = 'sms' | 'fax';

/** The number and kind of a phone recipient, or null for an e-mail address. */
export function phoneRecipient(address: string): { kind: PhoneKind; number: string } | null {
  const m = /^(\d{7,15})@(sms|fax)$/i.exec(address);
  if (!m) return null;
  return { kind: (m[2] as string).toLowerCase() as PhoneKind, number: m[1] as string };
}

export interface Routed {
  /** Envelope recipients for SMTP, with phone recipients rewritten to their gateway's domain. */
  smtp: string[];
  /** The SMTP address a phone recipient became → the address the user wrote. */
  rewritten: Map<string, string>;
  webhook: { address: string; kind: PhoneKind; number: string; url: string }[];
  /** Phone recipients with no gateway of their kind. */
  unroutable: { address: string; kind: PhoneKind }[];
}

export function routeRecipients(
  rcptTo: readonly string[],
  gateways: { sms?: GatewayConfig | undefined; fax?: GatewayConfig | undefined },
): Routed {
  const out: Routed = { smtp: [], rewritten: new Map(), webhook: [], unroutable: [] };
  for (const address of rcptTo) {
    const phone = phoneRecipient(address);
    if (!phone) {
      out.smtp.push(address);
      continue;
    }
    const gateway = gateways[phone.kind];
    if (gateway?.emailDomain) {
      const via = `${phone.number}@${gateway.emailDomain}`;
      out.smtp.push(via);
      out.rewritten.set(via.toLowerCase(), address);
    } else if (gateway?.webhookUrl) {
      out.webhook.push({ address, ...phone, url: gateway.webhookUrl });
    } else out.unroutable.push({ address, kind: phone.kind });
  }
  return out;
}

/** A webhook that has not answered by then is down; the user is told, nothing retries. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookMessage {
  kind: PhoneKind;
  to: string;
  from: string;
  subject: string;
  text: string;
  /** Fax only (SEND-9: the body on the first page, attachments after); SMS never gets them. */
  attachments?: { filename: string; contentType: string; contentBase64: string }[];
}

/** One POST; resolves why it failed, or null when the gateway took it (2xx). */
export async function postToWebhook(url: string, message: WebhookMessage): Promise<string | null> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(message),
      redirect: 'error',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? null : `the ${message.kind} gateway answered ${res.status}`;
  } catch {
    return `the ${message.kind} gateway cannot be reached`;
  }
}
