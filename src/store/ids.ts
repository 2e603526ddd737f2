/** A new random id for a row (folders, messages, documents). */
export function newId(): string {
  return crypto.randomUUID();
}
