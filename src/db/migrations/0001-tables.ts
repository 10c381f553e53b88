import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The first schema: every table of issue #12. Written with Kysely's dialect-neutral schema
 * builder and types both SQLite and PostgreSQL understand, so one migration set serves both.
 * Migrations take Kysely<unknown>: they must keep working after tables.ts moves on.
 */
export const tables0001: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('creations')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('platform', 'text', (column) => column.notNull())
      .addColumn('community_id', 'text', (column) => column.notNull())
      .addColumn('conversation_id', 'text', (column) => column.notNull())
      .addColumn('user_id', 'text', (column) => column.notNull())
      .addColumn('display_name', 'text', (column) => column.notNull())
      .addColumn('sentence', 'text', (column) => column.notNull())
      .addColumn('plan', 'text')
      .addColumn('model_id', 'text')
      .addColumn('seconds', 'double precision')
      .addColumn('state', 'text', (column) => column.notNull())
      .addColumn('cost_usd', 'double precision')
      .addColumn('clip_id', 'text')
      .addColumn('clip_message_id', 'text')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('ledger')
      .addColumn('creation_id', 'text', (column) => column.notNull())
      .addColumn('shot', 'integer', (column) => column.notNull())
      .addColumn('round', 'integer', (column) => column.notNull())
      .addColumn('platform', 'text', (column) => column.notNull())
      .addColumn('user_id', 'text', (column) => column.notNull())
      .addColumn('community_id', 'text', (column) => column.notNull())
      .addColumn('model_id', 'text', (column) => column.notNull())
      .addColumn('seconds', 'double precision', (column) => column.notNull())
      .addColumn('usd', 'double precision')
      .addColumn('state', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      // The key that makes reserve an insert-if-absent: one line per shot per round, ever.
      .addPrimaryKeyConstraint('ledger_pk', ['creation_id', 'shot', 'round'])
      .execute();
    await db.schema
      .createTable('community_settings')
      .addColumn('platform', 'text', (column) => column.notNull())
      .addColumn('community_id', 'text', (column) => column.notNull())
      .addColumn('settings', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('community_settings_pk', ['platform', 'community_id'])
      .execute();
    await db.schema
      .createTable('user_preferences')
      .addColumn('platform', 'text', (column) => column.notNull())
      .addColumn('user_id', 'text', (column) => column.notNull())
      .addColumn('preferences', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('user_preferences_pk', ['platform', 'user_id'])
      .execute();
    await db.schema
      .createTable('clips')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('platform', 'text', (column) => column.notNull())
      .addColumn('user_id', 'text', (column) => column.notNull())
      .addColumn('record', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('clip_messages')
      .addColumn('platform', 'text', (column) => column.notNull())
      .addColumn('message_id', 'text', (column) => column.notNull())
      .addColumn('clip_id', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('clip_messages_pk', ['platform', 'message_id'])
      .execute();
    await db.schema
      .createTable('clip_postings')
      .addColumn('clip_id', 'text', (column) => column.primaryKey())
      .addColumn('state', 'text', (column) => column.notNull())
      .addColumn('message_id', 'text')
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
  },
};
