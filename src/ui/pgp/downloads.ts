// PGP-1: saving keys as files. Keys are armored text; `application/pgp-keys` (RFC 3156 §7)
// lets the system hand a saved .asc to an OpenPGP program.
import type { PgpKeyView } from '../../state/pgp-types.js';
import { downloadBlob } from '../shared/download.js';
import { keyFileName } from './key-format.js';
import type { KeyFileKind } from './key-format.js';

const KEYS_TYPE = 'application/pgp-keys';

/** Saves armored key text under the key's file name for `kind`. */
export function downloadKeyText(key: PgpKeyView, kind: KeyFileKind, armored: string): void {
  downloadBlob(new Blob([armored], { type: KEYS_TYPE }), keyFileName(key, kind));
}
