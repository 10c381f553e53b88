import type { Kysely } from 'kysely';
import { z } from 'zod';
import { Platform } from '../domain/creation-request.ts';
import { CreativePlan } from '../domain/creative-plan.ts';
import type { Database } from '../db/tables.ts';
import type { CreationEntry, CreationLog, CreationState } from '../ports/community-records.ts';
import { dbNullableNumber, dbNumber } from './sql-rows.ts';

const CREATION_STATES = ['accepted', 'planned', 'rendering', 'delivered', 'failed', 'refused', 'cancelled'] as const satisfies readonly CreationState[];
const TERMINAL_STATES: readonly CreationState[] = ['delivered', 'failed', 'refused', 'cancelled'];

/** A creations row read back: validated, plan JSON parsed with the domain schema. */
const CreationRow = z.object({
  id: z.string(),
  platform: Platform,
  community_id: z.string(),
  conversation_id: z.string(),
  user_id: z.string(),
  display_name: z.string(),
  sentence: z.string(),
  plan: z.string().nullable(),
  model_id: z.string().nullable(),
  seconds: dbNullableNumber,
  state: z.enum(CREATION_STATES),
  cost_usd: dbNullableNumber,
  clip_id: z.string().nullable(),
  clip_message_id: z.string().nullable(),
  created_at: dbNumber,
  updated_at: dbNumber,
});

function toEntry(raw: unknown): CreationEntry {
  const row = CreationRow.parse(raw);
  return {
    id: row.id,
    platform: row.platform,
    communityId: row.community_id,
    conversationId: row.conversation_id,
    userId: row.user_id,
    displayName: row.display_name,
    sentence: row.sentence,
    plan: row.plan === null ? null : CreativePlan.parse(JSON.parse(row.plan)),
    modelId: row.model_id,
    seconds: row.seconds,
    state: row.state,
    costUsd: row.cost_usd,
    clipId: row.clip_id,
    clipMessageId: row.clip_message_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createSqlCreationLog(db: Kysely<Database>): CreationLog {
  return {
    async accepted(entry, atMs) {
      await db
        .insertInto('creations')
        .values({
          id: entry.id,
          platform: entry.platform,
          community_id: entry.communityId,
          conversation_id: entry.conversationId,
          user_id: entry.userId,
          display_name: entry.displayName,
          sentence: entry.sentence,
          state: 'accepted',
          created_at: atMs,
          updated_at: atMs,
        })
        .onConflict((conflict) => conflict.column('id').doNothing())
        .execute();
    },
    async planned(id, plan, modelId, seconds, atMs) {
      // A late plan never drags a finished creation back to "planned".
      await db
        .updateTable('creations')
        .set({ plan: JSON.stringify(CreativePlan.parse(plan)), model_id: modelId, seconds, state: 'planned', updated_at: atMs })
        .where('id', '=', id)
        .where('state', 'not in', TERMINAL_STATES)
        .execute();
    },
    async finished(id, outcome, atMs) {
      await db
        .updateTable('creations')
        .set({
          state: outcome.state,
          updated_at: atMs,
          ...(outcome.costUsd !== undefined ? { cost_usd: outcome.costUsd } : {}),
          ...(outcome.clipId !== undefined ? { clip_id: outcome.clipId } : {}),
          ...(outcome.clipMessageId !== undefined ? { clip_message_id: outcome.clipMessageId } : {}),
        })
        .where('id', '=', id)
        .execute();
    },
    async get(id) {
      const row = await db.selectFrom('creations').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toEntry(row) : null;
    },
    async recentOf(user, limit) {
      const rows = await db
        .selectFrom('creations')
        .selectAll()
        .where('platform', '=', user.platform)
        .where('user_id', '=', user.userId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toEntry);
    },
    async recent(limit) {
      const rows = await db.selectFrom('creations').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toEntry);
    },
  };
}
