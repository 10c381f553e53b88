import { afterEach, describe, expect, it } from 'vitest';
import { NO_SETTINGS } from '../../../src/ports/community-records.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.ts';

const GUILD = { platform: 'discord', communityId: 'guild-1' } as const;
const ANN = { platform: 'discord', userId: 'ann' } as const;

describe.each(DIALECTS)('the SQL settings store on %s', (dialect) => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.cleanup();
    test = undefined;
  });

  it('keeps each community’s settings: patches apply field by field and null clears one back to the default', async () => {
    test = await createTestDatabase(dialect);
    const { settings } = test.records;
    expect(await settings.get(GUILD)).toEqual(NO_SETTINGS);
    await settings.update(GUILD, { defaultModel: 'fal:kling-3-std', allowedModels: ['fal:kling-3-std', 'local:storyboard'] }, 1_000);
    const updated = await settings.update(GUILD, { userDailyUsd: 2.5, defaultModel: null, channels: ['c1'] }, 2_000);
    const expected = { ...NO_SETTINGS, allowedModels: ['fal:kling-3-std', 'local:storyboard'], userDailyUsd: 2.5, channels: ['c1'] };
    expect(updated).toEqual(expected);
    expect(await settings.get(GUILD)).toEqual(expected);
    expect(await settings.get({ platform: 'telegram', communityId: 'guild-1' })).toEqual(NO_SETTINGS);
  });

  it('keeps each user’s preferences per platform', async () => {
    test = await createTestDatabase(dialect);
    const { settings } = test.records;
    expect(await settings.preferencesOf(ANN)).toEqual({ locale: null, style: null, model: null });
    await settings.setPreferences(ANN, { locale: 'zh-TW', style: 'noir' }, 1_000);
    expect(await settings.setPreferences(ANN, { style: null, model: 'runway:gen4.5' }, 2_000)).toEqual({ locale: 'zh-TW', style: null, model: 'runway:gen4.5' });
    expect(await settings.preferencesOf({ platform: 'telegram', userId: 'ann' })).toEqual({ locale: null, style: null, model: null });
  });
});
