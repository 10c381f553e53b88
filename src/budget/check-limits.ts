import type { CommunityRecords, CommunityRef, UserRef } from '../ports/community-records.ts';
import { nextUtcDay, nextUtcMonth, startOfUtcDay, startOfUtcMonth, type EffectiveLimits } from './limits.ts';

export type LimitName = 'user-daily-seconds' | 'user-daily-usd' | 'community-monthly-usd' | 'cooldown';

/** What a render about to start would add: the plan's seconds and the model table's estimate (null = unknown price). */
export interface PlannedSpend {
  seconds: number;
  usd: number | null;
}

export type LimitVerdict = { status: 'ok' } | { status: 'over'; limit: LimitName; used: number; allowed: number; resetsAt: number };

export interface LimitQuery {
  user: UserRef;
  community: CommunityRef;
  now: number;
  /**
   * null at intake, before there is a plan: the cooldown, and whether a limit is already used up.
   * At render start the plan's estimate: whether it still fits (the cooldown was checked at intake,
   * and the request's own creation would count as its last one).
   */
  estimate: PlannedSpend | null;
  /** false when the render costs nothing anyway (the local renderer), so only seconds count. */
  dollars: boolean;
}

/** Floating-point cents: a sum a hair above the limit is still at it. */
const EPSILON = 1e-9;

function exceeds(used: number, allowed: number, adding: number | null): boolean {
  return adding === null ? used + EPSILON >= allowed : used + adding > allowed + EPSILON;
}

/**
 * Whether a request may spend. Reserved, held and settled lines all count (the ledger's spend), so
 * renders still running count against the next request before they are billed. A user's daily
 * spend is theirs across the platform (a DM cannot be used to get round a server's limit); the
 * community's is its own.
 */
export async function checkLimits(records: CommunityRecords, limits: EffectiveLimits, query: LimitQuery): Promise<LimitVerdict> {
  const { user, community, now, estimate } = query;
  if (estimate === null && limits.cooldownSeconds !== null) {
    const [last] = await records.creations.recentOf(user, 1);
    const resetsAt = last ? last.createdAt + limits.cooldownSeconds * 1000 : 0;
    if (now < resetsAt) return { status: 'over', limit: 'cooldown', used: Math.floor((now - (last?.createdAt ?? now)) / 1000), allowed: limits.cooldownSeconds, resetsAt };
  }
  const adding = (value: number | null) => (estimate === null ? null : value);
  if (limits.userDailySeconds !== null || (query.dollars && limits.userDailyUsd !== null)) {
    const today = await records.ledger.spentBy(user, startOfUtcDay(now));
    if (limits.userDailySeconds !== null && exceeds(today.seconds, limits.userDailySeconds, adding(estimate?.seconds ?? null))) {
      return { status: 'over', limit: 'user-daily-seconds', used: today.seconds, allowed: limits.userDailySeconds, resetsAt: nextUtcDay(now) };
    }
    if (query.dollars && limits.userDailyUsd !== null && exceeds(today.usd, limits.userDailyUsd, adding(estimate?.usd ?? null))) {
      return { status: 'over', limit: 'user-daily-usd', used: today.usd, allowed: limits.userDailyUsd, resetsAt: nextUtcDay(now) };
    }
  }
  if (query.dollars && limits.communityMonthlyUsd !== null) {
    const month = await records.ledger.spentIn(community, startOfUtcMonth(now));
    if (exceeds(month.usd, limits.communityMonthlyUsd, adding(estimate?.usd ?? null))) {
      return { status: 'over', limit: 'community-monthly-usd', used: month.usd, allowed: limits.communityMonthlyUsd, resetsAt: nextUtcMonth(now) };
    }
  }
  return { status: 'ok' };
}
