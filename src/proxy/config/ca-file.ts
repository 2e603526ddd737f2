// `caFile` / BUZON_*_CA_FILE: an operator's private CA for one upstream server, read once
// at start (ADR 0033). Only the operator may name one; it replaces the system's CAs for
// that server, so the proxy still verifies every certificate.
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/** A CA file is a few certificates; a megabyte is already a mistake (a key, a log file). */
const MAX_CA_FILE_BYTES = 1024 * 1024;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Why a CA file cannot be used; the caller names the file and the field. */
export class CaFileError extends Error {
  override name = 'CaFileError';
}

/**
 * The PEM certificates in `path`. Every one must parse, so a wrong file fails at start,
 * not later as "the server's certificate could not be verified".
 */
export function readCaFile(path: unknown): string {
  if (typeof path !== 'string') throw new CaFileError('must be a file path');
  let text: string;
  try {
    if (statSync(path).size > MAX_CA_FILE_BYTES) throw new Error('it is larger than 1 MiB');
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CaFileError(`${path} cannot be read: ${(err as Error).message}`);
  }
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0)
    throw new CaFileError(`${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (err) {
      throw new CaFileError(
        `${path} has a certificate that does not parse (${(err as Error).message})`,
      );
    }
  }
  return blocks.join('\n');
}
