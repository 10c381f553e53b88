import type { CommunitySettings } from '../ports/community-records.ts';

/** The owner's limits from the environment; null = unlimited. */
export interface LimitDefaults {
  userDailySeconds: number | null;
  userDailyUsd: number | null;
  communityMonthlyUsd: number | null;
  maxActivePerUser: number;
  cooldownSeconds: number | null;
}

/** What applies in one community: each limit an admin set there wins over the owner's default. */
export type EffectiveLimits = LimitDefaults;

/**
 * The one rule for "which limit holds": /usage shows it, and enforcement before a render must use
 * the same function so the two never disagree.
 */
export function effectiveLimits(defaults: LimitDefaults, settings: CommunitySettings): EffectiveLimits {
  return {
    userDailySeconds: settings.userDailySeconds ?? defaults.userDailySeconds,
    userDailyUsd: settings.userDailyUsd ?? defaults.userDailyUsd,
    communityMonthlyUsd: settings.communityMonthlyUsd ?? defaults.communityMonthlyUsd,
    maxActivePerUser: settings.maxActivePerUser ?? defaults.maxActivePerUser,
    cooldownSeconds: settings.cooldownSeconds ?? defaults.cooldownSeconds,
  };
}
