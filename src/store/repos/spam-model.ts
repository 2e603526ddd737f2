// SPAM-1/SPAM-2: the local classifier's memory in the `spamModel` table (schema v11): the
// model under 'model' (spam/model-store.ts's StoredSpamModel) and, under 'learnt', which
// messages it learnt from and as what (spam/learnt.ts). Both are written in one
// transaction: a model saved without its record of lessons would count a re-mark twice.
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';

export const SPAM_MODEL_KEY = 'model';
export const SPAM_LEARNT_KEY = 'learnt';

/** The stored values as they are; the spam module parses them strictly. */
export interface StoredSpamState {
  model: unknown;
  learnt: unknown;
}

export async function getSpamState(db: BuzonDb): Promise<StoredSpamState> {
  const [model, learnt] = await storeCall(() =>
    db.spamModel.bulkGet([SPAM_MODEL_KEY, SPAM_LEARNT_KEY]),
  );
  return { model: model?.value, learnt: learnt?.value };
}

export async function putSpamState(db: BuzonDb, state: StoredSpamState): Promise<void> {
  await storeCall(() =>
    db.spamModel.bulkPut([
      { key: SPAM_MODEL_KEY, value: state.model },
      { key: SPAM_LEARNT_KEY, value: state.learnt },
    ]),
  );
}
