import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import type { CommunityRecords } from '../ports/community-records.ts';
import { createSqlCreationLog } from './sql-creation-log.ts';
import { forgetUser } from './sql-forget.ts';
import { createSqlLedger } from './sql-ledger.ts';
import { createSqlSettingsStore } from './sql-settings-store.ts';

/** The whole record on one database (SQLite or PostgreSQL: the queries are the same). */
export function createSqlCommunityRecords(db: Kysely<Database>): CommunityRecords {
  return {
    creations: createSqlCreationLog(db),
    ledger: createSqlLedger(db),
    settings: createSqlSettingsStore(db),
    forget: (user) => forgetUser(db, user),
  };
}
