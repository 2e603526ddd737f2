// Simulates a full disk: a Dexie DBCore middleware that makes the Nth write to a table
// fail with a real DOMException named QuotaExceededError, as a browser does. Dexie then
// aborts that transaction, exactly as after a real quota failure.
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import type { BuzonDb } from '../../../src/store/db.js';

export async function failWritesFrom(db: BuzonDb, table: string, nth: number): Promise<void> {
  let writes = 0;
  const mw: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'simulated-quota',
    create: (down) => ({
      ...down,
      table: (name) => {
        const t = down.table(name);
        return {
          ...t,
          mutate: (req: DBCoreMutateRequest) => {
            if (name === table && req.type !== 'delete' && ++writes >= nth) {
              return Promise.reject(
                new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
              );
            }
            return t.mutate(req);
          },
        };
      },
    }),
  };
  // Middlewares are wired when the database opens.
  db.close();
  db.use(mw);
  await db.open();
}
