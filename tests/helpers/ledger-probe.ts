import type { CommunityRecords, Spend, UserRef } from '../../src/ports/community-records.ts';

export interface LedgerOutcome {
  /** Lines of the creation still reserved (none once it was delivered or failed). */
  reserved: number;
  /** Lines held: creates whose outcome is unknown. */
  held: number;
  /** What the user's settled lines add up to. */
  settled: Spend;
}

/**
 * Where a creation's charges ended, read through the port alone so it holds for every
 * implementation of the record: reserved lines are counted by releasing them, then held ones,
 * and what the user still has counted afterwards is what was settled. It changes the ledger: call
 * it last, for a user who made only this creation.
 */
export async function finalLedger(records: CommunityRecords, creationId: string, user: UserRef): Promise<LedgerOutcome> {
  const reserved = await records.ledger.release(creationId, Date.now());
  const held = await records.ledger.release(creationId, Date.now(), { includeHeld: true });
  return { reserved, held, settled: await records.ledger.spentBy(user, 0) };
}
