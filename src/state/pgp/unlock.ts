// How long the worker keeps a passphrase the user typed (issue 6: "optionally remembered
// for the session only"). Never written anywhere; the worker caps it (MAX_REMEMBER_MS).
import { MAX_REMEMBER_MS } from '../../workers/pgp/passphrase-memory.js';
import type { Unlock } from '../pgp-client.js';

/**
 * Not remembered for the session: kept just long enough for the use it was asked for —
 * the composer asks right before Send, and protect() runs when the message is queued
 * (after building it and its attachments, seconds on a slow device); two minutes cover
 * that without leaving the key open for the rest of the visit.
 */
export const NEXT_USE_MS = 2 * 60 * 1000;

/** "For this session": as long as the worker allows (a working day), or until it stops. */
export const SESSION_MS = MAX_REMEMBER_MS;

export function unlockFor(
  passphrase: string,
  rememberForSession: boolean,
  brief = NEXT_USE_MS,
): Unlock {
  return { passphrase, rememberMs: rememberForSession ? SESSION_MS : brief };
}
