// The account lists the proxy keeps in the user's IMAP METADATA (POP3: ADR 0014; other
// IMAP accounts: ADR 0016) share one envelope: `{ "v": 1, "accounts": [...] }`. Anything
// can be written there, so it is read strictly: a broken envelope is an empty list, a bad
// entry is dropped, a repeated id keeps its first entry, and the list is cut at `max`.

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseStoredList<T extends { id: string }>(
  bytes: Buffer | null,
  max: number,
  parseEntry: (entry: unknown) => T | null,
): T[] {
  if (bytes === null) return [];
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch {
    return [];
  }
  if (!isRecord(data) || data['v'] !== 1 || !Array.isArray(data['accounts'])) return [];
  const out: T[] = [];
  for (const entry of data['accounts'].slice(0, max)) {
    const account = parseEntry(entry);
    if (account && !out.some((a) => a.id === account.id)) out.push(account);
  }
  return out;
}

export function serializeStoredList(accounts: readonly unknown[]): Buffer {
  return Buffer.from(JSON.stringify({ v: 1, accounts }), 'utf8');
}
