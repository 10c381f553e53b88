import { describe, expect, it } from 'vitest';
import type { LedgerReservation } from '../../../src/ports/community-records.ts';
import { createTestRecords } from '../../helpers/test-records.ts';

/** The ledger's promises the pipeline relies on, through the port only (they hold for the database too). */

const USER = { platform: 'telegram' as const, userId: 'u7' };
const line = (shot: number, round = 0): LedgerReservation => ({ creationId: 'c1', shot, round, user: USER, communityId: 'group-1', modelId: 'm', seconds: 4, usd: 0.4 });

describe('the ledger', () => {
  it('reserves a key once: a second reserve of the same line changes nothing', async () => {
    const records = createTestRecords();
    expect(await records.ledger.reserve(line(0), 1)).toBe(true);
    expect(await records.ledger.reserve({ ...line(0), usd: 9 }, 2)).toBe(false);
    expect(await records.ledger.spentBy(USER, 0)).toEqual({ seconds: 4, usd: 0.4 });
  });

  it('settles one creation once when two workers settle it at the same time', async () => {
    const records = createTestRecords();
    await records.ledger.reserve(line(0), 1);
    await records.ledger.reserve(line(1), 1);
    const costs = new Map([
      [0, 0.5],
      [1, null],
    ]);
    const settled = await Promise.all([records.ledger.settle('c1', costs, 5), records.ledger.settle('c1', costs, 5)]);
    expect(settled.sort()).toEqual([0, 2]);
    // The actual cost replaces the estimate where known; an unknown one keeps the estimate.
    expect(await records.ledger.spentBy(USER, 0)).toEqual({ seconds: 8, usd: 0.9 });
  });

  it('releases only what is still reserved, held lines only when asked, and never a settled line', async () => {
    const records = createTestRecords();
    await records.ledger.reserve(line(0), 1);
    await records.ledger.reserve(line(1), 1);
    await records.ledger.reserve(line(2), 1);
    await records.ledger.hold({ creationId: 'c1', shot: 1, round: 0 }, 2);
    await records.ledger.settle('other', null, 3);
    expect(await records.ledger.release('c1', 3, { shot: 0, round: 0 })).toBe(1);
    expect(await records.ledger.release('c1', 3)).toBe(1);
    expect(await records.ledger.spentBy(USER, 0)).toEqual({ seconds: 4, usd: 0.4 });
    expect(await records.ledger.release('c1', 4, { includeHeld: true })).toBe(1);
    expect(await records.ledger.spentBy(USER, 0)).toEqual({ seconds: 0, usd: 0 });
  });
});
