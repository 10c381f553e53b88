import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/tables.ts';
import type { ForgetReport, UserRef } from '../ports/community-records.ts';

/** Deletes clips (with their message mappings and posting markers) chosen by `clipIds`. */
export async function deleteClips(trx: Transaction<Database>, clipIds: string[]): Promise<number> {
  if (clipIds.length === 0) return 0;
  await trx.deleteFrom('clip_messages').where('clip_id', 'in', clipIds).execute();
  await trx.deleteFrom('clip_postings').where('clip_id', 'in', clipIds).execute();
  const result = await trx.deleteFrom('clips').where('id', 'in', clipIds).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * /forget: the user's creations (sentences, plans), clip records and preferences go, in one
 * transaction. Ledger lines stay — they hold amounts and times, no words — so today's limits
 * still hold after a /forget; they expire with RETENTION_DAYS like every other line.
 */
export async function forgetUser(db: Kysely<Database>, user: UserRef): Promise<ForgetReport> {
  return db.transaction().execute(async (trx) => {
    const creations = await trx.deleteFrom('creations').where('platform', '=', user.platform).where('user_id', '=', user.userId).executeTakeFirst();
    const clipRows = await trx.selectFrom('clips').select('id').where('platform', '=', user.platform).where('user_id', '=', user.userId).execute();
    const clips = await deleteClips(
      trx,
      clipRows.map((row) => row.id),
    );
    const preferences = await trx.deleteFrom('user_preferences').where('platform', '=', user.platform).where('user_id', '=', user.userId).executeTakeFirst();
    const kept = await trx
      .selectFrom('ledger')
      .select((eb) => eb.fn.countAll<number>().as('lines'))
      .where('platform', '=', user.platform)
      .where('user_id', '=', user.userId)
      .executeTakeFirstOrThrow();
    return { creations: Number(creations.numDeletedRows), clips, preferences: Number(preferences.numDeletedRows), ledgerLinesKept: Number(kept.lines) };
  });
}
