import { effectiveLimits, startOfUtcDay, startOfUtcMonth, type EffectiveLimits, type LimitDefaults } from '../budget/limits.ts';
import type { CommunityRecords, CommunityRef, CreationEntry, Spend } from '../ports/community-records.ts';

/** What the owner's pages read: the record, the owner's limit defaults and the clock. */
export interface OwnerSources {
  records: CommunityRecords;
  limits: LimitDefaults;
  now: () => number;
}

/** One community's spend in the current UTC day and month, beside the limits that hold for it. */
export interface CommunitySpend {
  community: CommunityRef;
  today: Spend;
  month: Spend;
  limits: EffectiveLimits;
}

/** Enough to show the last few days of a busy community on one page. */
export const RECENT_CREATIONS = 50;

export function recentCreations(sources: OwnerSources): Promise<CreationEntry[]> {
  return sources.records.creations.recent(RECENT_CREATIONS);
}

/**
 * Spend per community that created something lately (the record has no list of communities: the
 * recent creations name the ones that matter), against the same limits the budget check applies.
 */
export async function spendByCommunity(sources: OwnerSources): Promise<CommunitySpend[]> {
  const nowMs = sources.now();
  const seen = new Map<string, CommunityRef>();
  for (const entry of await sources.records.creations.recent(RECENT_CREATIONS * 4)) {
    seen.set(`${entry.platform}:${entry.communityId}`, { platform: entry.platform, communityId: entry.communityId });
  }
  return Promise.all(
    [...seen.values()].map(async (community) => ({
      community,
      today: await sources.records.ledger.spentIn(community, startOfUtcDay(nowMs)),
      month: await sources.records.ledger.spentIn(community, startOfUtcMonth(nowMs)),
      limits: effectiveLimits(sources.limits, await sources.records.settings.get(community)),
    })),
  );
}
