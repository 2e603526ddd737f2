// Every schema version in order. Add a file per version (0002-….ts with its upgrade
// function and a test that opens v1, seeds it, upgrades and checks data and indexes).
import type Dexie from 'dexie';
import { declareV1 } from './0001-initial.js';
import { declareV2 } from './0002-sync.js';
import { declareV3 } from './0003-outbox.js';
import { declareV4 } from './0004-contacts.js';
import { declareV5 } from './0005-identities.js';
import { declareV6 } from './0006-contact-lists.js';
import { declareV7 } from './0007-outbox-bytes.js';
import { declareV8 } from './0008-search.js';
import { declareV9 } from './0009-tags-comments.js';
import { declareV10 } from './0010-threads.js';
import { declareV11 } from './0011-incoming.js';
import { declareV12 } from './0012-pgp.js';
import { declareV13 } from './0013-decrypted.js';
import { declareV14 } from './0014-body-packs.js';
import { declareV15 } from './0015-email-renames.js';
import { declareV16 } from './0016-lazy-sort-keys.js';
import { declareV17 } from './0017-no-body-pack-index.js';

export const MIGRATIONS: readonly ((db: Dexie) => void)[] = [
  declareV1,
  declareV2,
  declareV3,
  declareV4,
  declareV5,
  declareV6,
  declareV7,
  declareV8,
  declareV9,
  declareV10,
  declareV11,
  declareV12,
  declareV13,
  declareV14,
  declareV15,
  declareV16,
  declareV17,
];

/** The schema version this code writes. A database newer than this is refused. */
export const SCHEMA_VERSION = MIGRATIONS.length;
