import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.ts';
import { makePlan } from '../../helpers/records.ts';

const ASKED = { platform: 'telegram', communityId: '-1001', conversationId: '-1001', userId: 'u1', displayName: 'Ann', sentence: 'a fox in the snow, 你好' } as const;

describe.each(DIALECTS)('the SQL creation log on %s', (dialect) => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.cleanup();
    test = undefined;
  });

  it('follows a creation from accepted through planned to delivered, with plan, model, seconds, clip and cost', async () => {
    test = await createTestDatabase(dialect);
    const { creations } = test.records;
    const plan = makePlan();
    await creations.accepted({ ...ASKED, id: 'r1' }, 1_000);
    await creations.accepted({ ...ASKED, id: 'r1', sentence: 'a re-delivered event' }, 1_001);
    expect(await creations.get('r1')).toMatchObject({ sentence: ASKED.sentence, state: 'accepted', plan: null, createdAt: 1_000, updatedAt: 1_000 });
    await creations.planned('r1', plan, 'fal:kling-3-std', 8, 2_000);
    await creations.finished('r1', { state: 'delivered', costUsd: 0.84, clipId: 'r1', clipMessageId: 'm-77' }, 3_000);
    expect(await creations.get('r1')).toEqual({
      ...ASKED,
      id: 'r1',
      plan,
      modelId: 'fal:kling-3-std',
      seconds: 8,
      state: 'delivered',
      costUsd: 0.84,
      clipId: 'r1',
      clipMessageId: 'm-77',
      createdAt: 1_000,
      updatedAt: 3_000,
    });
    // A late plan job never drags a finished creation back.
    await creations.planned('r1', plan, 'other', 4, 4_000);
    expect((await creations.get('r1'))?.state).toBe('delivered');
    expect(await creations.get('missing')).toBeNull();
  });

  it('lists a user’s and everyone’s latest creations, newest first, within the limit', async () => {
    test = await createTestDatabase(dialect);
    const { creations } = test.records;
    await creations.accepted({ ...ASKED, id: 'a' }, 1_000);
    await creations.accepted({ ...ASKED, id: 'b' }, 3_000);
    await creations.accepted({ ...ASKED, id: 'c', userId: 'u2' }, 2_000);
    await creations.accepted({ ...ASKED, id: 'd', platform: 'discord' }, 4_000);
    await creations.finished('a', { state: 'refused' }, 5_000);
    expect((await creations.recentOf({ platform: 'telegram', userId: 'u1' }, 10)).map((entry) => [entry.id, entry.state])).toEqual([
      ['b', 'accepted'],
      ['a', 'refused'],
    ]);
    expect((await creations.recent(3)).map((entry) => entry.id)).toEqual(['d', 'b', 'c']);
  });
});
