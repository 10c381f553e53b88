import { describe, expect, it } from 'vitest';
import { createCommandContext } from '../../commands/all-commands.ts';
import type { Caller, CommandContext, RecordCommand, RecordInput } from '../../commands/command-types.ts';
import { forgetCommand } from '../../commands/forget-command.ts';
import { historyCommand } from '../../commands/history-command.ts';
import { settingsCommand } from '../../commands/settings-command.ts';
import { parseCommandArguments } from '../../commands/text-arguments.ts';
import { usageCommand } from '../../commands/usage-command.ts';
import { parseConfig } from '../../src/config/load-config.ts';
import type { Platform } from '../../src/domain/creation-request.ts';
import { translate } from '../../src/i18n/messages.ts';
import type { CommunityRecords } from '../../src/ports/community-records.ts';
import { createTestRecords } from '../helpers/test-records.ts';

/**
 * /usage, /history, /settings and /forget as commands/ defines them, on the in-memory record: what
 * each answers from what was stored, whatever the platform.
 */

// 2026-03-14 18:30 UTC: five and a half hours before the day resets.
const NOW = Date.UTC(2026, 2, 14, 18, 30);
const HOUR = 3_600_000;
const GUILD = 'guild-1';
const context: CommandContext = createCommandContext(parseConfig({ USER_DAILY_SECONDS: '60', USER_DAILY_USD: '5', COMMUNITY_MONTHLY_USD: '100' }));

function callerOf(userId: string, admin: boolean, options: { platform?: Platform; communityId?: string; threadId?: string | null } = {}): Caller {
  const platform = options.platform ?? 'discord';
  const communityId = options.communityId ?? GUILD;
  return {
    platform,
    userId,
    displayName: userId,
    community: { platform, communityId },
    origin: { conversationId: 'chan-1', threadId: options.threadId ?? null, communityId },
    isAdmin: async () => admin,
  };
}

async function run(command: RecordCommand, records: CommunityRecords, caller: Caller, options: RecordInput['options'] = {}, locale = 'en'): Promise<string> {
  const settings = await records.settings.get(caller.community);
  return command.answer({ options, locale, context, caller, records, settings, now: NOW });
}

/** A delivered creation with one settled ledger line. */
async function spend(records: CommunityRecords, fields: { id: string; userId: string; displayName?: string; seconds: number; usd: number | null; atMs: number; communityId?: string }) {
  const communityId = fields.communityId ?? GUILD;
  await records.creations.accepted(
    { id: fields.id, platform: 'discord', communityId, conversationId: 'chan-1', userId: fields.userId, displayName: fields.displayName ?? fields.userId, sentence: `a short ${fields.id}` },
    fields.atMs,
  );
  await records.ledger.reserve(
    { creationId: fields.id, shot: 0, round: 0, user: { platform: 'discord', userId: fields.userId }, communityId, modelId: 'local:storyboard', seconds: fields.seconds, usd: fields.usd },
    fields.atMs,
  );
  await records.ledger.settle(fields.id, null, fields.atMs);
}

describe('/usage', () => {
  it("shows a member today's spend on the platform (as the limits count it) against the env limits, when it resets, and nothing of the server", async () => {
    const records = await createTestRecords();
    await spend(records, { id: 'c1', userId: 'ada', seconds: 10, usd: 1.25, atMs: NOW - HOUR });
    await spend(records, { id: 'c2', userId: 'ada', seconds: 8, usd: 0.5, atMs: NOW - 2 * HOUR });
    await spend(records, { id: 'old', userId: 'ada', seconds: 30, usd: 3, atMs: NOW - 20 * HOUR }); // yesterday
    await spend(records, { id: 'else', userId: 'ada', seconds: 5, usd: 1, atMs: NOW - HOUR, communityId: 'guild-2' });

    const text = await run(usageCommand, records, callerOf('ada', false));
    expect(text).toContain(translate('en', 'usage.today', { seconds: '23', usd: '2.75' }));
    expect(text).toContain(translate('en', 'usage.left-seconds', { left: '37', limit: '60' }));
    expect(text).toContain(translate('en', 'usage.left-usd', { left: '2.25', limit: '5.00' }));
    expect(text).toContain('in 5 hours');
    expect(text).not.toContain(translate('en', 'usage.top-header'));
  });

  it("shows an admin the server's month against its budget and the top users by name, never as a mention", async () => {
    const records = await createTestRecords();
    await records.settings.update({ platform: 'discord', communityId: GUILD }, { communityMonthlyUsd: 20 }, NOW);
    await spend(records, { id: 'a1', userId: 'ada', displayName: '@everyone Ada', seconds: 10, usd: 4, atMs: NOW - 3 * 24 * HOUR });
    await spend(records, { id: 'b1', userId: 'bea', seconds: 6, usd: 1, atMs: NOW - HOUR });
    await spend(records, { id: 'last-month', userId: 'bea', seconds: 60, usd: 50, atMs: Date.UTC(2026, 1, 27) });

    const text = await run(usageCommand, records, callerOf('mod', true));
    expect(text).toContain(translate('en', 'usage.month', { seconds: '16', usd: '5.00' }));
    expect(text).toContain(translate('en', 'usage.month-budget', { left: '15.00', limit: '20.00' }));
    expect(text).toContain(translate('en', 'usage.top-line', { rank: 1, name: '＠everyone Ada', seconds: '10', usd: '4.00' }));
    expect(text).toContain(translate('en', 'usage.top-line', { rank: 2, name: 'bea', seconds: '6', usd: '1.00' }));
    expect(text).not.toContain('@');
  });

  it('answers in Chinese with a Chinese relative time', async () => {
    const text = await run(usageCommand, await createTestRecords(), callerOf('ada', false), {}, 'zh-CN');
    expect(text).toContain(translate('zh-CN', 'usage.today', { seconds: '0', usd: '0.00' }));
    expect(text).toContain('5小时后');
  });
});

describe('/history', () => {
  it('lists my last 10 creations, newest first, with links to the clips', async () => {
    const records = await createTestRecords();
    for (let index = 0; index < 12; index += 1) {
      await records.creations.accepted(
        { id: `h${index}`, platform: 'discord', communityId: GUILD, conversationId: 'chan-1', userId: 'ada', displayName: 'Ada', sentence: `short number ${index}` },
        NOW - (12 - index) * HOUR,
      );
    }
    await records.creations.finished('h11', { state: 'delivered', costUsd: 0.4, clipId: 'clip-11', clipMessageId: 'msg-11' }, NOW);
    await records.creations.finished('h10', { state: 'failed' }, NOW);
    await records.creations.accepted({ id: 'bea-1', platform: 'discord', communityId: GUILD, conversationId: 'chan-1', userId: 'bea', displayName: 'Bea', sentence: 'not mine' }, NOW);

    const text = await run(historyCommand, records, callerOf('ada', false));
    const lines = text.split('\n').filter((line) => line.startsWith('2026-'));
    expect(lines).toHaveLength(10);
    expect(lines[0]).toContain('short number 11');
    expect(lines[0]).toContain('$0.40');
    expect(text).toContain(`https://discord.com/channels/${GUILD}/chan-1/msg-11`);
    expect(lines[1]).toContain(translate('en', 'history.state.failed'));
    expect(text).not.toContain('short number 1\n');
    expect(text).not.toContain('not mine');
  });

  it('says so when there is nothing', async () => {
    expect(await run(historyCommand, await createTestRecords(), callerOf('ada', false))).toBe(translate('en', 'history.empty'));
  });
});

describe('/settings', () => {
  const community = { platform: 'discord' as const, communityId: GUILD };

  it('shows the current settings, falling back to the owner defaults', async () => {
    const text = await run(settingsCommand, await createTestRecords(), callerOf('mod', true));
    expect(text).toContain(translate('en', 'settings.header'));
    expect(text).toContain(translate('en', 'settings.owner-default', { value: '60 s' }));
    expect(text).toContain(translate('en', 'settings.everywhere'));
  });

  it('sets budgets, quotas, a model, this channel and the language, and says what changed', async () => {
    const records = await createTestRecords();
    const text = await run(settingsCommand, records, callerOf('mod', true, { threadId: 'topic-7' }), {
      daily_usd: '2.5',
      month_usd: '40',
      concurrency: '1',
      cooldown: '30',
      model: context.defaultModelKey,
      channels: 'here',
    });
    expect(await records.settings.get(community)).toMatchObject({
      userDailyUsd: 2.5,
      communityMonthlyUsd: 40,
      maxActivePerUser: 1,
      cooldownSeconds: 30,
      defaultModel: context.defaultModelKey,
      channels: ['topic-7'],
    });
    expect(text.split('\n')[0]).toBe(translate('en', 'settings.changed'));
    expect(text).toContain('$2.50');
    expect(text).not.toContain(translate('en', 'settings.name.language'));

    const chinese = await run(settingsCommand, records, callerOf('mod', true), { language: 'zh', daily_usd: 'default' });
    expect(chinese.split('\n')[0]).toBe(translate('zh', 'settings.changed'));
    expect(await records.settings.get(community)).toMatchObject({ locale: 'zh', userDailyUsd: null, communityMonthlyUsd: 40 });
  });

  it('refuses a wrong value and applies nothing', async () => {
    const records = await createTestRecords();
    const text = await run(settingsCommand, records, callerOf('mod', true), { daily_usd: '3', model: 'no-such-model', concurrency: '0' });
    expect(text).toContain(translate('en', 'settings.reason.model', { value: 'no-such-model' }));
    expect(text).toContain(translate('en', 'settings.reason.whole'));
    expect(await records.settings.get(community)).toMatchObject({ userDailyUsd: null, defaultModel: null });
  });

  it("releases a held charge (a create whose outcome was unknown) of this server's creations only", async () => {
    const records = await createTestRecords();
    const hold = async (id: string, communityId: string) => {
      await records.creations.accepted({ id, platform: 'discord', communityId, conversationId: 'chan-1', userId: 'ada', displayName: 'Ada', sentence: 'a kite' }, NOW - HOUR);
      await records.ledger.reserve({ creationId: id, shot: 0, round: 0, user: { platform: 'discord', userId: 'ada' }, communityId, modelId: 'fal:kling-3-std', seconds: 5, usd: 0.5 }, NOW - HOUR);
      await records.ledger.hold({ creationId: id, shot: 0, round: 0 }, NOW - HOUR);
    };
    await hold('held-here', GUILD);
    await hold('held-elsewhere', 'guild-2');
    expect(await records.ledger.spentBy({ platform: 'discord', userId: 'ada' }, 0)).toEqual({ seconds: 10, usd: 1 });

    expect(await run(settingsCommand, records, callerOf('mod', true), { release: 'held-elsewhere' })).toBe(translate('en', 'settings.release-unknown', { id: 'held-elsewhere' }));
    expect(await run(settingsCommand, records, callerOf('mod', true), { release: 'held-here' })).toBe(translate('en', 'settings.released', { id: 'held-here', count: 1 }));
    expect(await records.ledger.spentBy({ platform: 'discord', userId: 'ada' }, 0)).toEqual({ seconds: 5, usd: 0.5 });
  });

  it('reads key:value text the way Telegram and the terminal pass it', () => {
    expect(parseCommandArguments(settingsCommand, 'daily_usd:2 channels:here language:zh-hant stray words')).toEqual({ daily_usd: '2', channels: 'here', language: 'zh-hant' });
  });
});

describe('/forget', () => {
  it('deletes my creations and says what was kept', async () => {
    const records = await createTestRecords();
    await spend(records, { id: 'f1', userId: 'ada', seconds: 5, usd: 1, atMs: NOW - HOUR });
    await records.creations.finished('f1', { state: 'delivered', clipId: 'clip-f1', clipMessageId: 'm' }, NOW);
    await spend(records, { id: 'f2', userId: 'bea', seconds: 5, usd: 1, atMs: NOW - HOUR });

    const text = await run(forgetCommand, records, callerOf('ada', false));
    // No clip record was saved here (the clip store's own deletion is tested in tests/src/store/sql-forget.test.ts).
    expect(text).toContain(translate('en', 'forget.done', { creations: 1, clips: 0, preferences: 0 }));
    expect(text).toContain(translate('en', 'forget.kept', { ledger: 1 }));
    expect(await records.creations.recentOf({ platform: 'discord', userId: 'ada' }, 10)).toEqual([]);
    expect(await records.creations.recentOf({ platform: 'discord', userId: 'bea' }, 10)).toHaveLength(1);
    // Budgets still hold: the spend stays counted.
    expect(await records.ledger.spentBy({ platform: 'discord', userId: 'ada' }, 0)).toEqual({ seconds: 5, usd: 1 });
  });
});
