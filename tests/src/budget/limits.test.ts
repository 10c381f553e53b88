import { describe, expect, it } from 'vitest';
import { effectiveLimits, nextUtcDay, nextUtcMonth, startOfUtcDay, startOfUtcMonth, type LimitDefaults } from '../../../src/budget/limits.ts';
import { NO_SETTINGS } from '../../../src/ports/community-records.ts';

const ENV: LimitDefaults = { USER_DAILY_SECONDS: 60, USER_DAILY_USD: undefined, COMMUNITY_MONTHLY_USD: 20, COOLDOWN_SECONDS: undefined, MAX_ACTIVE_PER_USER: 2 };

describe('effective limits', () => {
  it('takes the environment where the community set nothing, and unset means unlimited', () => {
    expect(effectiveLimits(ENV, NO_SETTINGS)).toEqual({ userDailySeconds: 60, userDailyUsd: null, communityMonthlyUsd: 20, maxActivePerUser: 2, cooldownSeconds: null });
  });

  it("lets a community's own setting win, including a stricter 0", () => {
    const settings = { ...NO_SETTINGS, userDailySeconds: 120, userDailyUsd: 0, maxActivePerUser: 5, cooldownSeconds: 30 };
    expect(effectiveLimits(ENV, settings)).toEqual({ userDailySeconds: 120, userDailyUsd: 0, communityMonthlyUsd: 20, maxActivePerUser: 5, cooldownSeconds: 30 });
  });
});

describe('UTC windows', () => {
  it('puts a late evening west of Greenwich in the next UTC day', () => {
    const at = Date.parse('2026-12-31T23:30:00-05:00');
    expect(new Date(startOfUtcDay(at)).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(new Date(nextUtcDay(at)).toISOString()).toBe('2027-01-02T00:00:00.000Z');
  });

  it('rolls months and years over, February included', () => {
    const at = Date.parse('2028-02-29T12:00:00Z');
    expect(new Date(startOfUtcMonth(at)).toISOString()).toBe('2028-02-01T00:00:00.000Z');
    expect(new Date(nextUtcMonth(at)).toISOString()).toBe('2028-03-01T00:00:00.000Z');
    expect(new Date(nextUtcMonth(Date.parse('2026-12-15T00:00:00Z'))).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('counts the first instant of a day in that day', () => {
    const midnight = Date.parse('2026-07-04T00:00:00Z');
    expect(startOfUtcDay(midnight)).toBe(midnight);
    expect(nextUtcDay(midnight - 1)).toBe(midnight);
  });
});
