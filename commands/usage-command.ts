import { effectiveLimits, nextUtcDay, startOfUtcDay, startOfUtcMonth } from '../src/budget/limits.ts';
import { translate } from '../src/i18n/messages.ts';
import type { CommunityRecords, CommunityRef } from '../src/ports/community-records.ts';
import type { RecordCommand, RecordInput } from './command-types.ts';
import { quietName, relativeTime, secondsText, usdText } from './record-text.ts';

const TOP_USERS = 5;

/** My day: what I spent since midnight UTC (anywhere on this platform, as the limits count it), what my limits leave, when they reset. */
async function myDay(input: RecordInput): Promise<string[]> {
  const { locale, caller, records, now } = input;
  const limits = effectiveLimits(input.context.limits, input.settings);
  const spent = await records.ledger.spentBy({ platform: caller.platform, userId: caller.userId }, startOfUtcDay(now));
  const lines = [translate(locale, 'usage.today', { seconds: secondsText(spent.seconds), usd: usdText(spent.usd) })];
  if (limits.userDailySeconds !== null) {
    lines.push(translate(locale, 'usage.left-seconds', { left: secondsText(Math.max(0, limits.userDailySeconds - spent.seconds)), limit: secondsText(limits.userDailySeconds) }));
  }
  if (limits.userDailyUsd !== null) {
    lines.push(translate(locale, 'usage.left-usd', { left: usdText(Math.max(0, limits.userDailyUsd - spent.usd)), limit: usdText(limits.userDailyUsd) }));
  }
  if (limits.userDailySeconds === null && limits.userDailyUsd === null) lines.push(translate(locale, 'usage.no-daily-limit'));
  lines.push(translate(locale, 'usage.resets', { when: relativeTime(locale, now, nextUtcDay(now)) }));
  return lines;
}

/** A spender's name as the creation log last saw it; the id when they made nothing we kept. */
async function nameOf(records: CommunityRecords, community: CommunityRef, userId: string): Promise<string> {
  const [latest] = await records.creations.recentOf({ platform: community.platform, userId }, 1);
  return quietName(latest?.displayName || userId);
}

/** For admins: the community's month against its budget, and who spent most. */
async function communityMonth(input: RecordInput): Promise<string[]> {
  const { locale, caller, records, now } = input;
  const since = startOfUtcMonth(now);
  const limit = effectiveLimits(input.context.limits, input.settings).communityMonthlyUsd;
  const month = await records.ledger.spentIn(caller.community, since);
  const lines = ['', translate(locale, 'usage.month', { seconds: secondsText(month.seconds), usd: usdText(month.usd) })];
  if (limit !== null) lines.push(translate(locale, 'usage.month-budget', { left: usdText(Math.max(0, limit - month.usd)), limit: usdText(limit) }));
  const top = await records.ledger.topSpenders(caller.community, since, TOP_USERS);
  if (top.length === 0) return [...lines, translate(locale, 'usage.top-none')];
  const names = await Promise.all(top.map((spender) => nameOf(records, caller.community, spender.userId)));
  const ranked = top.map((spender, index) =>
    translate(locale, 'usage.top-line', { rank: index + 1, name: names[index] ?? spender.userId, seconds: secondsText(spender.seconds), usd: usdText(spender.usd) }),
  );
  return [...lines, translate(locale, 'usage.top-header'), ...ranked];
}

export const usageCommand: RecordCommand = {
  kind: 'record',
  access: 'everyone',
  name: 'usage',
  description: { en: 'What you used today and what is left', zh: '今天用了多少、还剩多少' },
  options: [],
  async answer(input) {
    const mine = await myDay(input);
    const extra = (await input.caller.isAdmin()) ? await communityMonth(input) : [];
    return [...mine, ...extra].join('\n');
  },
};
