// SEND-15 settings from the environment: where the link store lives, how long links last,
// and the operator's SMTP account for download notices. Checked at start like the
// providers, so a mistake stops the server with the variable's name.
import { resolve } from 'node:path';
import { ConfigError, parseEndpoint } from '../config/providers.js';
import type { LinksConfig, NoticeSmtpConfig } from '../config/types.js';
import { isEnvelopeAddress } from '../smtp/envelope.js';

/** Under the working directory, so `npm start` needs no setup; operators point it elsewhere. */
export const DEFAULT_DATA_DIR = '.buzon-data';
/** A week: long enough for a recipient back from a weekend, short enough not to linger. */
export const DEFAULT_LINK_DAYS = 7;
/** A month at most: a link is a delivery, not an archive. */
export const MAX_LINK_DAYS = 30;

type Env = Readonly<Record<string, string | undefined>>;

function parseDays(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_LINK_DAYS;
  const days = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_LINK_DAYS) {
    throw new ConfigError(
      `BUZON_LINK_DAYS must be a whole number of days from 1 to ${MAX_LINK_DAYS} (got ${JSON.stringify(value)})`,
    );
  }
  return days;
}

const NOTICE = 'BUZON_NOTICE_SMTP';

function parseNotice(env: Env): NoticeSmtpConfig | undefined {
  const host = env[`${NOTICE}_HOST`];
  if (!host) {
    for (const name of ['PORT', 'TLS', 'USER', 'PASS', 'FROM']) {
      if (env[`${NOTICE}_${name}`])
        throw new ConfigError(`${NOTICE}_${name} is set but ${NOTICE}_HOST is not`);
    }
    return undefined;
  }
  const endpoint = parseEndpoint(
    { host, port: env[`${NOTICE}_PORT`] || undefined, tls: env[`${NOTICE}_TLS`] || undefined },
    `${NOTICE}_*`,
    'smtp',
  );
  const user = env[`${NOTICE}_USER`] || undefined;
  const pass = env[`${NOTICE}_PASS`] || undefined;
  if ((user === undefined) !== (pass === undefined))
    throw new ConfigError(`Set both ${NOTICE}_USER and ${NOTICE}_PASS, or neither`);
  const from = env[`${NOTICE}_FROM`] ?? '';
  if (!isEnvelopeAddress(from)) {
    throw new ConfigError(
      `${NOTICE}_FROM must be the notices' sender address, e.g. buzon@example.org (got ${JSON.stringify(from)})`,
    );
  }
  return { endpoint, from, ...(user && pass ? { user, pass } : {}) };
}

/** BUZON_DATA_DIR, BUZON_LINK_DAYS and BUZON_NOTICE_SMTP_HOST/PORT/TLS/USER/PASS/FROM. */
export function linksFromEnv(env: Env, cwd: string = process.cwd()): LinksConfig {
  const notice = parseNotice(env);
  return {
    dataDir: resolve(cwd, env['BUZON_DATA_DIR'] || DEFAULT_DATA_DIR),
    days: parseDays(env['BUZON_LINK_DAYS']),
    ...(notice ? { notice } : {}),
  };
}
