import { ReverieError } from '../domain/errors.ts';
import { messageTableOf } from '../i18n/messages.ts';
import type { LimitVerdict } from './check-limits.ts';

type Over = Extract<LimitVerdict, { status: 'over' }>;

/** "in 3 hours", "3小时后", "3 小時後": the coarsest unit that still says something, rounded up. */
export function resetsIn(locale: string, fromMs: number, atMs: number): string {
  const seconds = Math.max(1, Math.ceil((atMs - fromMs) / 1000));
  const format = new Intl.RelativeTimeFormat(messageTableOf(locale), { numeric: 'always' });
  if (seconds < 90) return format.format(seconds, 'second');
  if (seconds < 90 * 60) return format.format(Math.ceil(seconds / 60), 'minute');
  if (seconds < 36 * 3600) return format.format(Math.ceil(seconds / 3600), 'hour');
  return format.format(Math.ceil(seconds / 86_400), 'day');
}

/** Dollars as the messages show them ("0.80"); seconds whole. */
function amount(limit: Over['limit'], value: number): string | number {
  return limit === 'user-daily-usd' || limit === 'community-monthly-usd' ? value.toFixed(2) : Math.round(value);
}

/**
 * The refusal a user reads: which limit, what is used of what is allowed, and when it resets. The
 * relative time is worded in the requester's language now, because job data carries it as text.
 */
export function overLimitError(over: Over, locale: string, now: number): ReverieError {
  return new ReverieError('over-limit', `error.over-limit.${over.limit}`, {
    params: { used: amount(over.limit, over.used), allowed: amount(over.limit, over.allowed), resetsIn: resetsIn(locale, now, over.resetsAt) },
    detail: `over ${over.limit}: ${over.used} of ${over.allowed}, resets at ${new Date(over.resetsAt).toISOString()}`,
  });
}
