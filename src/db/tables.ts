import type { Selectable } from 'kysely';

/**
 * The database's tables as Kysely sees them, one interface per table, written to match the
 * migrations in ./migrations. The same shape on SQLite and PostgreSQL: JSON is stored as text
 * (parsed with the domain zod schemas when read back), money as double precision, times as epoch
 * milliseconds in BIGINT columns (the pg driver is told to hand those back as numbers).
 */

export interface CreationsTable {
  id: string;
  platform: string;
  community_id: string;
  conversation_id: string;
  user_id: string;
  display_name: string;
  sentence: string;
  /** CreativePlan as JSON, once planned. */
  plan: string | null;
  model_id: string | null;
  seconds: number | null;
  state: string;
  cost_usd: number | null;
  clip_id: string | null;
  clip_message_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface LedgerTable {
  creation_id: string;
  shot: number;
  round: number;
  platform: string;
  user_id: string;
  community_id: string;
  model_id: string;
  seconds: number;
  usd: number | null;
  state: string;
  created_at: number;
  updated_at: number;
}

export interface CommunitySettingsTable {
  platform: string;
  community_id: string;
  /** The set fields of CommunitySettings as JSON. */
  settings: string;
  updated_at: number;
}

export interface UserPreferencesTable {
  platform: string;
  user_id: string;
  /** The set fields of UserPreferences as JSON. */
  preferences: string;
  updated_at: number;
}

export interface ClipsTable {
  id: string;
  platform: string;
  user_id: string;
  /** The whole ClipRecord as JSON. */
  record: string;
  created_at: number;
}

/** Which platform message shows which clip, so a reaction or a reply on it finds the clip. */
export interface ClipMessagesTable {
  platform: string;
  message_id: string;
  clip_id: string;
}

/** The delivery's own "posting" marker per clip (see ClipStore.readPosting). */
export interface ClipPostingsTable {
  clip_id: string;
  state: string;
  message_id: string | null;
  updated_at: number;
}

export interface Database {
  creations: CreationsTable;
  ledger: LedgerTable;
  community_settings: CommunitySettingsTable;
  user_preferences: UserPreferencesTable;
  clips: ClipsTable;
  clip_messages: ClipMessagesTable;
  clip_postings: ClipPostingsTable;
}

export type CreationRow = Selectable<CreationsTable>;
export type LedgerRow = Selectable<LedgerTable>;
