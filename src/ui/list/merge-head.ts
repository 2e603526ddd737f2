// A long view's keys after a change, before its whole key list has been read again: the
// fresh first keys (the head, read in a few milliseconds) on top of the last whole list.
// Reading a 10,000-message folder's keys again took ~140 ms on the sync bench, and every
// read queued behind it; the head is what a user looks at.

/**
 * The view's keys from a fresh `head` (its first keys; fewer than `headSize` when that is
 * the whole view) and an older whole list `all`. Changes within the head are exact: what
 * the old list held down to the head's last key is replaced by the head. Changes further
 * down show when the whole list is read again.
 */
export function mergeHead(
  head: readonly string[],
  all: readonly string[],
  headSize: number,
): readonly string[] {
  if (head.length < headSize) return head;
  // Where the head ends in the old list: at its last key the old list had (new mail may
  // fill the head's end); none of them, and the whole old list comes below it.
  let at = -1;
  for (let i = head.length - 1; i >= 0 && at < 0; i--) at = all.indexOf(head[i] as string);
  if (at === head.length - 1 && sameStart(head, all)) return all;
  const inHead = new Set(head);
  return head.concat(all.slice(at + 1).filter((k) => !inHead.has(k)));
}

function sameStart(head: readonly string[], all: readonly string[]): boolean {
  for (let i = 0; i < head.length; i++) if (head[i] !== all[i]) return false;
  return true;
}
