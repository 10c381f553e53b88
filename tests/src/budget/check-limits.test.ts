import { describe, expect, it } from 'vitest';
import { checkLimits, type LimitQuery } from '../../../src/budget/check-limits.ts';
import { effectiveLimits, type EffectiveLimits } from '../../../src/budget/limits.ts';
import { overLimitError, resetsIn } from '../../../src/budget/over-limit-error.ts';
import { translate } from '../../../src/i18n/messages.ts';
import { NO_SETTINGS, type CommunityRecords } from '../../../src/ports/community-records.ts';
import { createTestRecords } from '../../helpers/test-records.ts';

const NOW = Date.parse('2026-12-06T22:00:00Z');
const USER = { platform: 'discord' as const, userId: 'u1' };
const COMMUNITY = { platform: 'discord' as const, communityId: 'guild-1' };
const UNLIMITED: EffectiveLimits = effectiveLimits(
  { USER_DAILY_SECONDS: undefined, USER_DAILY_USD: undefined, COMMUNITY_MONTHLY_USD: undefined, COOLDOWN_SECONDS: undefined, MAX_ACTIVE_PER_USER: 2 },
  NO_SETTINGS,
);

const atIntake: LimitQuery = { user: USER, community: COMMUNITY, now: NOW, estimate: null, dollars: true };

/** A settled charge of `seconds` and `usd` by `user` in `communityId` at `atMs`. */
async function spend(records: CommunityRecords, options: { seconds: number; usd: number; atMs: number; userId?: string; communityId?: string }): Promise<void> {
  const creationId = `c-${Math.random().toString(36).slice(2)}`;
  const user = { platform: 'discord' as const, userId: options.userId ?? 'u1' };
  await records.ledger.reserve({ creationId, shot: 0, round: 0, user, communityId: options.communityId ?? 'guild-1', modelId: 'm', seconds: options.seconds, usd: options.usd }, options.atMs);
  await records.ledger.settle(creationId, null, options.atMs);
}

describe('checking limits', () => {
  it('lets anything through when nothing is limited', async () => {
    const records = await createTestRecords();
    await spend(records, { seconds: 1000, usd: 100, atMs: NOW - 1000 });
    expect(await checkLimits(records, UNLIMITED, atIntake)).toEqual({ status: 'ok' });
  });

  it('refuses at intake once the daily seconds are used up, and resets at the next UTC midnight', async () => {
    const records = await createTestRecords();
    await spend(records, { seconds: 30, usd: 1, atMs: NOW - 3600_000 });
    // Yesterday's spend does not count.
    await spend(records, { seconds: 500, usd: 1, atMs: Date.parse('2026-12-05T23:59:00Z') });
    const limits = { ...UNLIMITED, userDailySeconds: 30 };
    expect(await checkLimits(records, limits, atIntake)).toEqual({ status: 'over', limit: 'user-daily-seconds', used: 30, allowed: 30, resetsAt: Date.parse('2026-12-07T00:00:00Z') });
    expect(await checkLimits(records, { ...UNLIMITED, userDailySeconds: 31 }, atIntake)).toEqual({ status: 'ok' });
  });

  it('refuses a plan whose estimate does not fit what is left, and accepts one that does', async () => {
    const records = await createTestRecords();
    await spend(records, { seconds: 8, usd: 0.8, atMs: NOW - 60_000 });
    const limits = { ...UNLIMITED, userDailyUsd: 1.2 };
    expect(await checkLimits(records, limits, { ...atIntake, estimate: { seconds: 4, usd: 0.4 } })).toEqual({ status: 'ok' });
    expect(await checkLimits(records, limits, { ...atIntake, estimate: { seconds: 8, usd: 0.8 } })).toMatchObject({ status: 'over', limit: 'user-daily-usd' });
    // A free render (the local storyboard) is not held to dollar limits.
    expect(await checkLimits(records, limits, { ...atIntake, estimate: { seconds: 8, usd: 0 }, dollars: false })).toEqual({ status: 'ok' });
  });

  it("counts the whole community's month against its budget, whoever spent it, and only that community", async () => {
    const records = await createTestRecords();
    await spend(records, { seconds: 4, usd: 3, atMs: Date.parse('2026-12-01T00:00:00Z'), userId: 'someone-else' });
    await spend(records, { seconds: 4, usd: 2, atMs: NOW - 1000, userId: 'u2' });
    await spend(records, { seconds: 4, usd: 50, atMs: NOW - 1000, communityId: 'guild-2' });
    await spend(records, { seconds: 4, usd: 50, atMs: Date.parse('2026-11-30T23:00:00Z') });
    const limits = { ...UNLIMITED, communityMonthlyUsd: 5 };
    expect(await checkLimits(records, limits, atIntake)).toEqual({ status: 'over', limit: 'community-monthly-usd', used: 5, allowed: 5, resetsAt: Date.parse('2027-01-01T00:00:00Z') });
  });

  it('counts reserved and held lines, not released ones', async () => {
    const records = await createTestRecords();
    const line = { shot: 0, round: 0, user: USER, communityId: 'guild-1', modelId: 'm', seconds: 10, usd: 1 };
    await records.ledger.reserve({ ...line, creationId: 'running' }, NOW - 10);
    await records.ledger.reserve({ ...line, creationId: 'unknown' }, NOW - 10);
    await records.ledger.hold({ creationId: 'unknown', shot: 0, round: 0 }, NOW - 5);
    await records.ledger.reserve({ ...line, creationId: 'failed' }, NOW - 10);
    await records.ledger.release('failed', NOW - 5);
    expect(await checkLimits(records, { ...UNLIMITED, userDailySeconds: 20 }, atIntake)).toMatchObject({ status: 'over', used: 20 });
    expect(await checkLimits(records, { ...UNLIMITED, userDailySeconds: 21 }, atIntake)).toEqual({ status: 'ok' });
  });

  it('keeps a cooldown from the last accepted creation, at intake only', async () => {
    const records = await createTestRecords();
    await records.creations.accepted({ id: 'r1', platform: 'discord', communityId: 'guild-1', conversationId: 'c', userId: 'u1', displayName: 'Ada', sentence: 'x' }, NOW - 20_000);
    const limits = { ...UNLIMITED, cooldownSeconds: 60 };
    expect(await checkLimits(records, limits, atIntake)).toEqual({ status: 'over', limit: 'cooldown', used: 20, allowed: 60, resetsAt: NOW + 40_000 });
    expect(await checkLimits(records, limits, { ...atIntake, now: NOW + 40_000 })).toEqual({ status: 'ok' });
    // At render start the request's own creation is the last one: no cooldown there.
    expect(await checkLimits(records, limits, { ...atIntake, estimate: { seconds: 4, usd: 0.4 } })).toEqual({ status: 'ok' });
  });
});

describe('the refusal', () => {
  const over = { status: 'over' as const, limit: 'user-daily-usd' as const, used: 0.8, allowed: 1, resetsAt: NOW + 2 * 3600_000 };

  it('names the limit, what is used of what is allowed and when it resets, in each language', () => {
    const say = (locale: string) => {
      const error = overLimitError(over, locale, NOW);
      expect(error.kind).toBe('over-limit');
      return translate(locale, error.messageKey, error.params);
    };
    expect(say('en-US')).toBe('You have used $0.80 of your $1.00 daily budget, so I cannot start this one. The limit resets in 2 hours.');
    expect(say('zh-CN')).toBe('你今天已经用了 $0.80，每天预算 $1.00，这个暂时不能开始。额度2小时后重置。');
    expect(say('zh-TW')).toBe('你今天已經用了 $0.80，每天預算 $1.00，這個暫時不能開始。額度2 小時後重置。');
  });

  it('words the wait in the coarsest unit that still says something, rounded up', () => {
    expect(resetsIn('en', NOW, NOW + 40_000)).toBe('in 40 seconds');
    expect(resetsIn('en', NOW, NOW + 20 * 60_000 + 1)).toBe('in 21 minutes');
    expect(resetsIn('en', NOW, NOW + 25 * 86_400_000)).toBe('in 25 days');
  });
});
