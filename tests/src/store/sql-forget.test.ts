import { afterEach, describe, expect, it } from 'vitest';
import { createSqlClipStore } from '../../../src/store/sql-clip-store.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.ts';
import { makeClip } from '../../helpers/records.ts';

const ANN = { platform: 'discord', userId: 'ann' } as const;
const asked = (id: string, userId: string) => ({ id, platform: 'discord', communityId: 'g', conversationId: 'c', userId, displayName: userId, sentence: `secret words of ${userId}` }) as const;

describe.each(DIALECTS)('/forget on %s', (dialect) => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.cleanup();
    test = undefined;
  });

  it('deletes the user’s creations, clips (and message mappings) and preferences, keeps ledger lines, and touches nobody else', async () => {
    test = await createTestDatabase(dialect);
    const { creations, ledger, settings } = test.records;
    const clips = createSqlClipStore(test.database.db, Date.now);
    await creations.accepted(asked('a1', 'ann'), 1_000);
    await creations.accepted(asked('a2', 'ann'), 1_000);
    await creations.accepted(asked('b1', 'bo'), 1_000);
    await clips.save(makeClip({ id: 'a1', userId: 'ann' }));
    await clips.markDelivered('a1', 'discord', 'm-a1');
    await clips.save(makeClip({ id: 'b1', userId: 'bo' }));
    await settings.setPreferences(ANN, { style: 'noir' }, 1_000);
    await ledger.reserve({ creationId: 'a1', shot: 0, round: 0, user: ANN, communityId: 'g', modelId: 'm', seconds: 4, usd: 0.4 }, 1_000);

    expect(await test.records.forget(ANN)).toEqual({ creations: 2, clips: 1, preferences: 1, ledgerLinesKept: 1 });
    expect(await creations.recentOf(ANN, 10)).toEqual([]);
    expect(await clips.get('a1')).toBeNull();
    expect(await clips.findByMessage('discord', 'm-a1')).toBeNull();
    expect(await settings.preferencesOf(ANN)).toEqual({ locale: null, style: null, model: null });
    expect(await ledger.spentBy(ANN, 0)).toEqual({ seconds: 4, usd: 0.4 });
    expect((await creations.get('b1'))?.sentence).toBe('secret words of bo');
    expect(await clips.get('b1')).not.toBeNull();
    expect(await test.records.forget(ANN)).toEqual({ creations: 0, clips: 0, preferences: 0, ledgerLinesKept: 1 });
  });
});
