/**
 * The periods budgets count in: a user's day and a community's month, both in UTC so every member
 * of a server sees the same reset whatever their time zone.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export function startOfUtcDay(nowMs: number): number {
  return Math.floor(nowMs / DAY_MS) * DAY_MS;
}

export function nextUtcMidnight(nowMs: number): number {
  return startOfUtcDay(nowMs) + DAY_MS;
}

export function startOfUtcMonth(nowMs: number): number {
  const now = new Date(nowMs);
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
}
