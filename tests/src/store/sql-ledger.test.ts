import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerReservation } from '../../../src/ports/community-records.ts';
import { createSqlLedger } from '../../../src/store/sql-ledger.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.ts';

const ANN = { platform: 'discord', userId: 'ann' } as const;
const BO = { platform: 'discord', userId: 'bo' } as const;
const GUILD = { platform: 'discord', communityId: 'guild-1' } as const;

function line(creationId: string, shot: number, overrides: Partial<LedgerReservation> = {}): LedgerReservation {
  return { creationId, shot, round: 0, user: ANN, communityId: GUILD.communityId, modelId: 'fal:kling-3-std', seconds: 5, usd: 0.5, ...overrides };
}

describe.each(DIALECTS)('the SQL ledger on %s', (dialect) => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.cleanup();
    test = undefined;
  });

  it('reserves a key once: a second reserve of the same creation, shot and round inserts nothing', async () => {
    test = await createTestDatabase(dialect);
    const { ledger } = test.records;
    expect(await ledger.reserve(line('c1', 0), 1_000)).toBe(true);
    expect(await ledger.reserve(line('c1', 0, { usd: 9 }), 1_001)).toBe(false);
    expect(await ledger.reserve(line('c1', 0, { round: 1 }), 1_002)).toBe(true);
    expect(await ledger.spentBy(ANN, 0)).toEqual({ seconds: 10, usd: 1 });
  });

  it('settles with the actual price per shot where known, the estimate elsewhere, and only once', async () => {
    test = await createTestDatabase(dialect);
    const { ledger } = test.records;
    await ledger.reserve(line('c1', 0), 1_000);
    await ledger.reserve(line('c1', 1), 1_000);
    await ledger.hold({ creationId: 'c1', shot: 1, round: 0 }, 1_100);
    expect(
      await ledger.settle(
        'c1',
        new Map([
          [0, 0.75],
          [1, null],
        ]),
        2_000,
      ),
    ).toBe(2);
    expect(await ledger.settle('c1', new Map([[0, 5]]), 2_001)).toBe(0);
    expect(await ledger.spentBy(ANN, 0)).toEqual({ seconds: 10, usd: 1.25 });
  });

  it('lets two workers on two connections racing to settle one creation settle it exactly once', async () => {
    test = await createTestDatabase(dialect);
    const other = await test.openAnother();
    const first = test.records.ledger;
    const second = createSqlLedger(other.db);
    for (let round = 0; round < 20; round += 1) await first.reserve(line('race', 0, { round }), 1_000);
    const settled = await Promise.all([first.settle('race', null, 2_000), second.settle('race', null, 2_000), first.settle('race', null, 2_001), second.settle('race', null, 2_001)]);
    expect(settled.reduce((sum, count) => sum + count, 0)).toBe(20);
    expect(await second.release('race', 3_000, { includeHeld: true })).toBe(0);
  });

  it('releases reserved lines (held ones only when asked, or one shot and round), and released lines cost nothing', async () => {
    test = await createTestDatabase(dialect);
    const { ledger } = test.records;
    await ledger.reserve(line('c1', 0), 1_000);
    await ledger.reserve(line('c1', 1), 1_000);
    await ledger.reserve(line('c1', 2), 1_000);
    await ledger.hold({ creationId: 'c1', shot: 2, round: 0 }, 1_100);
    expect(await ledger.release('c1', 2_000, { shot: 1, round: 0 })).toBe(1);
    expect(await ledger.spentBy(ANN, 0)).toEqual({ seconds: 10, usd: 1 });
    expect(await ledger.release('c1', 2_001)).toBe(1);
    expect(await ledger.spentBy(ANN, 0)).toEqual({ seconds: 5, usd: 0.5 });
    expect(await ledger.release('c1', 2_002, { includeHeld: true })).toBe(1);
    expect(await ledger.spentBy(ANN, 0)).toEqual({ seconds: 0, usd: 0 });
  });

  it('sums spend since a time per user, per community and for the top spenders, unknown prices as 0 USD', async () => {
    test = await createTestDatabase(dialect);
    const { ledger } = test.records;
    await ledger.reserve(line('old', 0), 500);
    await ledger.reserve(line('a1', 0), 1_000);
    await ledger.reserve(line('a2', 0, { communityId: 'guild-2' }), 1_000);
    await ledger.reserve(line('b1', 0, { user: BO, usd: 2 }), 1_000);
    await ledger.reserve(line('b2', 0, { user: BO, usd: null, seconds: 8 }), 1_000);
    expect(await ledger.spentBy(ANN, 1_000)).toEqual({ seconds: 10, usd: 1 });
    expect(await ledger.spentBy(ANN, 1_000, 'guild-1')).toEqual({ seconds: 5, usd: 0.5 });
    expect(await ledger.spentIn(GUILD, 1_000)).toEqual({ seconds: 18, usd: 2.5 });
    expect(await ledger.spentIn({ platform: 'telegram', communityId: 'guild-1' }, 0)).toEqual({ seconds: 0, usd: 0 });
    expect(await ledger.topSpenders(GUILD, 0, 5)).toEqual([
      { userId: 'bo', seconds: 13, usd: 2 },
      { userId: 'ann', seconds: 10, usd: 1 },
    ]);
    expect(await ledger.topSpenders(GUILD, 0, 1)).toHaveLength(1);
  });
});
