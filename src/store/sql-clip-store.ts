import type { Kysely } from 'kysely';
import { ClipRecord } from '../domain/clip.ts';
import type { Database } from '../db/tables.ts';
import type { ClipStore, PostingMark } from './clip-store.ts';

/**
 * Clip records and "which message shows which clip" in the database: kept RETENTION_DAYS (see
 * sql-retention.ts) instead of a 30-day Redis TTL, so 🔁, 🎲, 🗑️ and revise-by-reply work on any
 * clip still on the platform, after any restart. `now` stamps the posting markers.
 */
export function createSqlClipStore(db: Kysely<Database>, now: () => number): ClipStore {
  const get: ClipStore['get'] = async (clipId) => {
    const row = await db.selectFrom('clips').select('record').where('id', '=', clipId).executeTakeFirst();
    return row ? ClipRecord.parse(JSON.parse(row.record)) : null;
  };
  return {
    async save(clip) {
      const record = JSON.stringify(ClipRecord.parse(clip));
      await db
        .insertInto('clips')
        .values({ id: clip.id, platform: clip.request.where.platform, user_id: clip.request.requester.userId, record, created_at: clip.createdAt })
        .onConflict((conflict) => conflict.column('id').doUpdateSet({ record }))
        .execute();
    },
    get,
    async markDelivered(clipId, platform, messageId) {
      await db.transaction().execute(async (trx) => {
        const clip = await createSqlClipStore(trx, now).get(clipId);
        if (!clip) return;
        await trx
          .updateTable('clips')
          .set({ record: JSON.stringify({ ...clip, messageId }) })
          .where('id', '=', clipId)
          .execute();
        await trx
          .insertInto('clip_messages')
          .values({ platform, message_id: messageId, clip_id: clipId })
          .onConflict((conflict) => conflict.columns(['platform', 'message_id']).doUpdateSet({ clip_id: clipId }))
          .execute();
      });
    },
    async findByMessage(platform, messageId) {
      const row = await db
        .selectFrom('clip_messages')
        .innerJoin('clips', 'clips.id', 'clip_messages.clip_id')
        .select('clips.record')
        .where('clip_messages.platform', '=', platform)
        .where('clip_messages.message_id', '=', messageId)
        .executeTakeFirst();
      return row ? ClipRecord.parse(JSON.parse(row.record)) : null;
    },
    async readPosting(clipId): Promise<PostingMark | null> {
      const row = await db.selectFrom('clip_postings').select(['state', 'message_id']).where('clip_id', '=', clipId).executeTakeFirst();
      if (!row) return null;
      return row.state === 'posted' && row.message_id !== null ? { state: 'posted', messageId: row.message_id } : { state: 'started' };
    },
    async markPosting(clipId, mark) {
      const values = { state: mark.state, message_id: mark.state === 'posted' ? mark.messageId : null, updated_at: now() };
      await db
        .insertInto('clip_postings')
        .values({ clip_id: clipId, ...values })
        .onConflict((conflict) => conflict.column('clip_id').doUpdateSet(values))
        .execute();
    },
    async clearPosting(clipId) {
      await db.deleteFrom('clip_postings').where('clip_id', '=', clipId).execute();
    },
  };
}
