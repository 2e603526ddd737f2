// The checks of a SharedList/set create or update (CONTACTS-5): JSON types first, then the
// contract's own rules (checkSharedListInput), then what only the proxy knows — a grant
// must name one person other than the user (refuseGrantee, as Share/set does).
import type { ListGrant, SharedListMember, SharedListUpdate } from '../../protocol/jmap-lists.js';
import { checkSharedListInput } from '../../protocol/jmap-lists.js';
import { isJsonObject } from '../../protocol/json-pointer.js';
import { refuseGrantee } from '../imap/acl.js';

const PROPERTIES = ['name', 'members', 'sharedWith'] as const;

export type InputResult =
  { ok: true; value: SharedListUpdate } | { ok: false; properties: string[]; reason: string };

const refused = (properties: string[], reason: string): InputResult => ({
  ok: false,
  properties,
  reason,
});

function isMember(v: unknown): v is SharedListMember {
  return (
    isJsonObject(v) &&
    typeof v['name'] === 'string' &&
    typeof v['address'] === 'string' &&
    Object.keys(v).every((k) => k === 'name' || k === 'address')
  );
}

function isGrant(v: unknown): v is ListGrant {
  return (
    isJsonObject(v) &&
    typeof v['address'] === 'string' &&
    typeof v['mayEdit'] === 'boolean' &&
    Object.keys(v).every((k) => k === 'address' || k === 'mayEdit')
  );
}

/** SMS and fax members are stored as `digits@SMS` / `digits@FAX`, whatever case was typed. */
function canonicalAddress(address: string): string {
  return address.replace(/@(sms|fax)$/i, (m) => m.toUpperCase());
}

/**
 * A create (every property required) or an update (any of them) checked; `own` is the
 * user's login, never a grantee.
 */
export function parseListInput(value: unknown, own: string, isCreate: boolean): InputResult {
  if (!isJsonObject(value)) return refused([], 'a list is an object');
  const extra = Object.keys(value).filter((k) => !(PROPERTIES as readonly string[]).includes(k));
  if (extra.length > 0) return refused(extra, 'unknown properties');
  const missing = isCreate ? PROPERTIES.filter((p) => value[p] === undefined) : [];
  if (missing.length > 0)
    return refused([...missing], 'a new list needs a name, members and sharedWith');
  const { name, members, sharedWith } = value;
  if (name !== undefined && typeof name !== 'string') return refused(['name'], 'not a string');
  if (members !== undefined && !(Array.isArray(members) && members.every(isMember)))
    return refused(['members'], 'members are { name, address }');
  if (sharedWith !== undefined && !(Array.isArray(sharedWith) && sharedWith.every(isGrant)))
    return refused(['sharedWith'], 'grants are { address, mayEdit }');
  // Checked as sent, before any trimming: a CR/LF at the edge of a value is refused too.
  const problem = checkSharedListInput({
    ...(name !== undefined ? { name } : {}),
    ...(members !== undefined ? { members } : {}),
    ...(sharedWith !== undefined ? { sharedWith } : {}),
  });
  if (problem) return refused([problem.property], problem.reason);
  const input: SharedListUpdate = {};
  if (name !== undefined) input.name = name.trim();
  if (members !== undefined)
    input.members = members.map((m) => ({
      name: m.name.trim(),
      address: canonicalAddress(m.address),
    }));
  if (sharedWith !== undefined)
    input.sharedWith = sharedWith.map((g) => ({ address: g.address.trim(), mayEdit: g.mayEdit }));
  const seen = new Set<string>();
  for (const g of input.sharedWith ?? []) {
    const why = refuseGrantee(g.address, own);
    if (why !== null) return refused(['sharedWith'], `${g.address}: ${why}`);
    const key = g.address.toLowerCase();
    if (seen.has(key)) return refused(['sharedWith'], `${g.address} is named twice`);
    seen.add(key);
  }
  return { ok: true, value: input };
}
