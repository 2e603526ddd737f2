// Buzón's policy capability: what the operator decided about outgoing mail, published in
// the Session so the client applies it while building MIME (ARCHITECTURE.md: the proxy
// builds no user mail, it checks).

export const POLICY_CAPABILITY = 'urn:buzon:params:jmap:policy';

export interface PolicyCapability {
  /**
   * SEND-16: plain text appended to every outgoing message (after the user's own
   * signature); the proxy refuses a submission whose text part lacks it. Null: none.
   */
  mandatorySignature: string | null;
  /** Identity objects carry `isDefault`, settable with Identity/set (SEND-7). */
  identityDefault: boolean;
  /** SEND-8/9: whether `number@SMS` / `number@FAX` recipients have a gateway. */
  gateways: { sms: boolean; fax: boolean };
  /**
   * SEND-15: files may be sent as links (POST /links on the proxy), valid `days` days;
   * `notices`: the owner is told by mail when each recipient downloads. Null: not offered.
   */
  links: { days: number; notices: boolean } | null;
}

/** Whitespace folded, so a signature wrapped or re-spaced by a mail client still matches. */
export function foldSignatureText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Whether a message's plain text carries the mandatory signature. */
export function carriesSignature(text: string, signature: string): boolean {
  return foldSignatureText(text).includes(foldSignatureText(signature));
}
