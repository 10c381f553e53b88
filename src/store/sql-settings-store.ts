import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/tables.ts';
import { NO_SETTINGS, type CommunitySettings, type SettingsStore, type UserPreferences } from '../ports/community-records.ts';

/**
 * Settings and preferences are stored as JSON text and read back through these schemas; a field
 * missing from an older row reads as null (the default), so adding a setting needs no migration.
 */
const idList = z.array(z.string()).nullable();
const StoredSettings = z
  .object({
    defaultModel: z.string().nullable(),
    allowedModels: idList,
    userDailySeconds: z.number().nullable(),
    userDailyUsd: z.number().nullable(),
    communityMonthlyUsd: z.number().nullable(),
    maxActivePerUser: z.number().int().nullable(),
    cooldownSeconds: z.number().nullable(),
    channels: idList,
    locale: z.string().nullable(),
  })
  .partial();
const StoredPreferences = z.object({ locale: z.string().nullable(), style: z.string().nullable(), model: z.string().nullable() }).partial();

const NO_PREFERENCES: UserPreferences = { locale: null, style: null, model: null };

/** Only the keys of `patch` that are present (undefined means "leave as is"). */
function presentKeys<T extends object>(patch: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export function createSqlSettingsStore(db: Kysely<Database>): SettingsStore {
  const get: SettingsStore['get'] = async (community) => {
    const row = await db.selectFrom('community_settings').select('settings').where('platform', '=', community.platform).where('community_id', '=', community.communityId).executeTakeFirst();
    return { ...NO_SETTINGS, ...(row ? StoredSettings.parse(JSON.parse(row.settings)) : {}) };
  };
  const preferencesOf: SettingsStore['preferencesOf'] = async (user) => {
    const row = await db.selectFrom('user_preferences').select('preferences').where('platform', '=', user.platform).where('user_id', '=', user.userId).executeTakeFirst();
    return { ...NO_PREFERENCES, ...(row ? StoredPreferences.parse(JSON.parse(row.preferences)) : {}) };
  };
  return {
    get,
    preferencesOf,
    // Read-modify-write in one transaction, so two admins' changes to different fields both stay.
    async update(community, patch, atMs) {
      return db.transaction().execute(async (trx) => {
        const next: CommunitySettings = { ...(await createSqlSettingsStore(trx).get(community)), ...StoredSettings.parse(presentKeys(patch)) };
        await trx
          .insertInto('community_settings')
          .values({ platform: community.platform, community_id: community.communityId, settings: JSON.stringify(next), updated_at: atMs })
          .onConflict((conflict) => conflict.columns(['platform', 'community_id']).doUpdateSet({ settings: JSON.stringify(next), updated_at: atMs }))
          .execute();
        return next;
      });
    },
    async setPreferences(user, patch, atMs) {
      return db.transaction().execute(async (trx) => {
        const next: UserPreferences = { ...(await createSqlSettingsStore(trx).preferencesOf(user)), ...StoredPreferences.parse(presentKeys(patch)) };
        await trx
          .insertInto('user_preferences')
          .values({ platform: user.platform, user_id: user.userId, preferences: JSON.stringify(next), updated_at: atMs })
          .onConflict((conflict) => conflict.columns(['platform', 'user_id']).doUpdateSet({ preferences: JSON.stringify(next), updated_at: atMs }))
          .execute();
        return next;
      });
    },
  };
}
