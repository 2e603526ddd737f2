// PGP-1: what the user sees of one key — in the keystore lists, when importing and when
// confirming whose it is. User ids come from keys others made: they are shown as text
// only (Lit text bindings), never as HTML.
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { formatAlgorithm, formatKeyDate, groupFingerprint, isExpired } from './key-format.js';

/** What KeyInfo (a key read for import) and PgpKeyView (a stored key) have in common. */
export interface KeyFacts {
  fingerprint: string;
  userIds: readonly string[];
  created: number;
  expiresAt: number | null;
  algorithm: string;
  revoked: boolean;
  /** Only stored correspondents' keys have it; absent: no "unconfirmed" badge. */
  confirmed?: boolean;
}

function badge(id: string, text: string): TemplateResult {
  return html`<span class="badge ${id}" data-testid="badge-${id}">${text}</span>`;
}

function badges(key: KeyFacts): TemplateResult {
  return html`${key.revoked ? badge('revoked', msg('Revoked', { id: 'pgp.badge.revoked' })) : nothing}
  ${isExpired(key.expiresAt) ? badge('expired', msg('Expired', { id: 'pgp.badge.expired' })) : nothing}
  ${key.confirmed === false ? badge('unconfirmed', msg('Unconfirmed', { id: 'pgp.badge.unconfirmed' })) : nothing}`;
}

/** The key's fingerprint in blocks of four, labelled, for comparing with its owner. */
export function renderFingerprint(fingerprint: string): TemplateResult {
  return html`<p class="fpr">
    <span class="label">${msg('Fingerprint', { id: 'pgp.fingerprint' })}</span>
    <code data-testid="fingerprint" translate="no">${groupFingerprint(fingerprint)}</code>
  </p>`;
}

/** User ids (text), badges, fingerprint, dates and algorithm of one key. */
export function renderKeyFacts(key: KeyFacts): TemplateResult {
  const expiry =
    key.expiresAt === null
      ? msg('never expires', { id: 'pgp.neverExpires' })
      : isExpired(key.expiresAt)
        ? msg(str`expired ${formatKeyDate(key.expiresAt)}`, { id: 'pgp.expiredOn' })
        : msg(str`expires ${formatKeyDate(key.expiresAt)}`, { id: 'pgp.expiresOn' });
  return html`<div class="facts">
    <ul class="uids" data-testid="user-ids">
      ${
        key.userIds.length
          ? key.userIds.map((u) => html`<li><bdi>${u}</bdi></li>`)
          : html`<li class="none">${msg('(no user id)', { id: 'pgp.noUserId' })}</li>`
      }
    </ul>
    <div class="badges">${badges(key)}</div>
    ${renderFingerprint(key.fingerprint)}
    <p class="meta" data-testid="key-meta">
      ${msg(str`Created ${formatKeyDate(key.created)}`, { id: 'pgp.created' })} · ${expiry} ·
      ${formatAlgorithm(key.algorithm)}
    </p>
  </div>`;
}

/** A short name for a key in questions: its first user id, else its fingerprint. */
export function keyName(key: { userIds: readonly string[]; fingerprint: string }): string {
  return key.userIds[0] ?? groupFingerprint(key.fingerprint);
}

/** PGP-1: the question asked before a correspondent's key is trusted. */
export function renderWhoseKey(): TemplateResult {
  return html`<p class="question">
    <strong>${msg('Whose key is this?', { id: 'pgp.whose' })}</strong> ${msg(
      'Compare the fingerprint with the one its owner reads to you, in person or on the phone. Confirm only if every block matches: a confirmed key is used to encrypt to them and to recognise their signatures.',
      { id: 'pgp.whoseHint' },
    )}
  </p>`;
}
