import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The indexes behind the record's questions: a user's history and spend, a community's spend,
 * the clips of one user (/forget) and every table's age (the RETENTION_DAYS sweep).
 */
export const indexes0002: Migration = {
  async up(db: Kysely<unknown>) {
    const indexes: Array<[name: string, table: string, columns: string[]]> = [
      ['creations_user_idx', 'creations', ['platform', 'user_id', 'created_at']],
      ['creations_created_idx', 'creations', ['created_at']],
      ['ledger_user_idx', 'ledger', ['platform', 'user_id', 'created_at']],
      ['ledger_community_idx', 'ledger', ['platform', 'community_id', 'created_at']],
      ['ledger_created_idx', 'ledger', ['created_at']],
      ['clips_user_idx', 'clips', ['platform', 'user_id']],
      ['clips_created_idx', 'clips', ['created_at']],
      ['clip_messages_clip_idx', 'clip_messages', ['clip_id']],
    ];
    for (const [name, table, columns] of indexes) await db.schema.createIndex(name).on(table).columns(columns).execute();
  },
};
