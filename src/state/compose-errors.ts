// What can stop a message before it leaves (the composer words them for the user).

/** SEND-12: over 50 MB, or over the server's SMTP SIZE: refused before sending. */
export class MessageTooLargeError extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`The message is ${size} bytes; this account sends at most ${limit} bytes.`);
    this.name = 'MessageTooLargeError';
  }
}

/** SEND-15: files go as links only while online (the links must exist before the messages). */
export class LinksNeedNetworkError extends Error {
  constructor() {
    super('Sending files as links needs a connection.');
    this.name = 'LinksNeedNetworkError';
  }
}
