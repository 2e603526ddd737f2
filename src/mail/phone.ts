// SEND-8, SEND-9: SMS and fax recipients are written as addresses, `32475123456@SMS` and
// `322123456@FAX`, so they go in To/Cc/Bcc like anyone else; the proxy hands them to the
// operator's gateway. Pure and tiny: the composer's recipient parsing uses it.

/**
 * E.164 caps a number at 15 digits; below 7 digits no real subscriber number exists. An SMS
 * number must be international (country code first, so no leading 0) because the gateway
 * cannot guess the country.
 */
const SMS_ADDRESS = /^[1-9]\d{6,14}@sms$/i;
/** A fax number may be national, so a leading 0 is allowed. */
const FAX_ADDRESS = /^\d{7,15}@fax$/i;

export function isSmsAddress(address: string): boolean {
  return SMS_ADDRESS.test(address);
}

export function isFaxAddress(address: string): boolean {
  return FAX_ADDRESS.test(address);
}

/** `…@SMS` or `…@FAX` whatever the number: typed as a phone recipient, right or wrong. */
export function looksLikePhoneRecipient(address: string): boolean {
  return /@(sms|fax)$/i.test(address);
}
