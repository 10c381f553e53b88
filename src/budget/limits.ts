import type { Config } from '../config/config-schema.ts';
import type { CommunitySettings } from '../ports/community-records.ts';

/** The owner's defaults for every limit, from the environment; a community's settings override them. */
export type LimitDefaults = Pick<Config, 'USER_DAILY_SECONDS' | 'USER_DAILY_USD' | 'COMMUNITY_MONTHLY_USD' | 'COOLDOWN_SECONDS' | 'MAX_ACTIVE_PER_USER'>;

/** What holds for one community right now; null = unlimited. */
export interface EffectiveLimits {
  userDailySeconds: number | null;
  userDailyUsd: number | null;
  communityMonthlyUsd: number | null;
  maxActivePerUser: number;
  cooldownSeconds: number | null;
}

/** A community's own setting wins where it has one; the environment's default stands elsewhere. */
export function effectiveLimits(config: LimitDefaults, settings: CommunitySettings): EffectiveLimits {
  return {
    userDailySeconds: settings.userDailySeconds ?? config.USER_DAILY_SECONDS ?? null,
    userDailyUsd: settings.userDailyUsd ?? config.USER_DAILY_USD ?? null,
    communityMonthlyUsd: settings.communityMonthlyUsd ?? config.COMMUNITY_MONTHLY_USD ?? null,
    maxActivePerUser: settings.maxActivePerUser ?? config.MAX_ACTIVE_PER_USER,
    cooldownSeconds: settings.cooldownSeconds ?? config.COOLDOWN_SECONDS ?? null,
  };
}

// Windows are UTC so a limit resets at the same instant for everyone, whatever their time zone.

export function startOfUtcDay(ms: number): number {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

export function nextUtcDay(ms: number): number {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
}

export function startOfUtcMonth(ms: number): number {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

export function nextUtcMonth(ms: number): number {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** Everything the budget reads from the environment: the limits' defaults and what to do when over one. */
export type BudgetConfig = LimitDefaults & Pick<Config, 'WHEN_OVER_BUDGET'>;
