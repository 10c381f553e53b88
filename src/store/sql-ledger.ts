import type { ExpressionBuilder, Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/tables.ts';
import type { Ledger, LedgerState, Spend } from '../ports/community-records.ts';
import { dbNumber } from './sql-rows.ts';

/** Lines that count against limits: released ones cost nothing. */
const COUNTED: readonly LedgerState[] = ['reserved', 'held', 'settled'];

const SpendRow = z.object({ seconds: dbNumber, usd: dbNumber });
const SpenderRow = SpendRow.extend({ user_id: z.string() });

/** sum(seconds), sum(usd) as 0 rather than null when nothing matched. */
function spendColumns(eb: ExpressionBuilder<Database, 'ledger'>) {
  return [eb.fn.coalesce(eb.fn.sum<number>('seconds'), eb.lit(0)).as('seconds'), eb.fn.coalesce(eb.fn.sum<number>('usd'), eb.lit(0)).as('usd')] as const;
}

/**
 * The cost ledger. Every change of state is one conditional UPDATE ("… where state in (…)"), so
 * when two workers settle or release the same creation the database lets exactly one of them
 * change each line, and each is told how many lines it changed.
 */
export function createSqlLedger(db: Kysely<Database>): Ledger {
  const counted = (since: number) => db.selectFrom('ledger').where('state', 'in', COUNTED).where('created_at', '>=', since);
  return {
    async reserve(line, atMs) {
      const result = await db
        .insertInto('ledger')
        .values({
          creation_id: line.creationId,
          shot: line.shot,
          round: line.round,
          platform: line.user.platform,
          user_id: line.user.userId,
          community_id: line.communityId,
          model_id: line.modelId,
          seconds: line.seconds,
          usd: line.usd,
          state: 'reserved',
          created_at: atMs,
          updated_at: atMs,
        })
        .onConflict((conflict) => conflict.columns(['creation_id', 'shot', 'round']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async settle(creationId, actualUsdByShot, atMs) {
      const known = [...(actualUsdByShot ?? [])].filter((entry): entry is [number, number] => entry[1] !== null);
      const result = await db
        .updateTable('ledger')
        .set((eb) => {
          const [first, ...rest] = known;
          if (!first) return { state: 'settled', updated_at: atMs };
          // One statement for every shot: the actual price where known, else the estimate.
          let usd = eb.case().when('shot', '=', first[0]).then(first[1]);
          for (const [shot, actual] of rest) usd = usd.when('shot', '=', shot).then(actual);
          return { state: 'settled', updated_at: atMs, usd: usd.else(eb.ref('usd')).end() };
        })
        .where('creation_id', '=', creationId)
        .where('state', 'in', ['reserved', 'held'])
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async release(creationId, atMs, options = {}) {
      let query = db
        .updateTable('ledger')
        .set({ state: 'released', updated_at: atMs })
        .where('creation_id', '=', creationId)
        .where('state', 'in', options.includeHeld ? ['reserved', 'held'] : ['reserved']);
      if (options.shot !== undefined) query = query.where('shot', '=', options.shot);
      if (options.round !== undefined) query = query.where('round', '=', options.round);
      return Number((await query.executeTakeFirst()).numUpdatedRows);
    },
    async hold(key, atMs) {
      await db
        .updateTable('ledger')
        .set({ state: 'held', updated_at: atMs })
        .where('creation_id', '=', key.creationId)
        .where('shot', '=', key.shot)
        .where('round', '=', key.round)
        .where('state', '=', 'reserved')
        .execute();
    },
    async spentBy(user, sinceMs, communityId): Promise<Spend> {
      let query = counted(sinceMs).where('platform', '=', user.platform).where('user_id', '=', user.userId);
      if (communityId !== undefined) query = query.where('community_id', '=', communityId);
      return SpendRow.parse(await query.select(spendColumns).executeTakeFirst());
    },
    async spentIn(community, sinceMs) {
      const row = await counted(sinceMs).where('platform', '=', community.platform).where('community_id', '=', community.communityId).select(spendColumns).executeTakeFirst();
      return SpendRow.parse(row);
    },
    async topSpenders(community, sinceMs, limit) {
      const rows = await counted(sinceMs)
        .where('platform', '=', community.platform)
        .where('community_id', '=', community.communityId)
        .select((eb) => [eb.ref('user_id').as('user_id'), ...spendColumns(eb)])
        .groupBy('user_id')
        .orderBy('usd', 'desc')
        .orderBy('seconds', 'desc')
        .orderBy('user_id')
        .limit(limit)
        .execute();
      return rows.map((raw) => {
        const row = SpenderRow.parse(raw);
        return { userId: row.user_id, seconds: row.seconds, usd: row.usd };
      });
    },
  };
}
