import type { Message } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../../src/i18n/messages.ts';
import type { CommunityRecords } from '../../../src/ports/community-records.ts';
import { createTestRecords } from '../../helpers/test-records.ts';
import { groupChat, makeUser, privateChat } from '../../fakes/fake-telegram/fake-telegram-world.ts';
import { sendUserMessage } from '../../fakes/fake-telegram/fake-telegram-users.ts';
import { replyTo, startTelegramHarness, type TelegramHarness } from '../../fakes/fake-telegram/telegram-harness.ts';

/**
 * /usage, /history, /settings and /forget through the real grammY adapter against the fake Bot
 * API: group administrators are asked of Telegram with getChatMember, everyone else is refused.
 */

let harness: TelegramHarness;
let records: CommunityRecords;
const ada = makeUser(701, 'Ada');
const bob = makeUser(702, 'Bob');
const mod = makeUser(703, 'Mo');
const group = groupChat(-1005550001, 'Makers');
const quiet = groupChat(-1005550002, 'Quiet');
const community = (chat: { id: number }) => ({ platform: 'telegram' as const, communityId: String(chat.id) });

beforeAll(async () => {
  records = await createTestRecords();
  harness = await startTelegramHarness({}, {}, { records });
  for (const chat of [group, quiet]) {
    harness.fake.world.chats.set(chat.id, chat);
    harness.fake.world.members.set(`${chat.id}:${mod.id}`, 'administrator');
  }
});

afterAll(async () => {
  await harness?.close();
});

/** Sends a message and returns the text of the bot's reply to it. */
async function ask(input: { chat: Message['chat']; from: typeof ada; text: string }): Promise<string> {
  const sent = sendUserMessage(harness.fake, input);
  const reply = await harness.fake.waitForCall('sendMessage', replyTo(input.chat.id, sent.message_id));
  return String(reply.params.text);
}

describe('Telegram community commands', () => {
  it('refuses /settings to a member, lets an administrator set a budget, and /usage then shows it', async () => {
    const refused = await ask({ chat: group, from: bob, text: '/settings daily_seconds:30' });
    expect(refused).toBe(translate('en', 'command.admin-only', { command: 'settings' }));
    expect((await records.settings.get(community(group))).userDailySeconds).toBeNull();
    expect(harness.fake.callsOf('getChatMember').some((call) => Number(call.params.user_id) === bob.id)).toBe(true);

    const changed = await ask({ chat: group, from: mod, text: '/settings daily_seconds:30 month_usd:12' });
    expect(changed.split('\n')[0]).toBe(translate('en', 'settings.changed'));
    expect(await records.settings.get(community(group))).toMatchObject({ userDailySeconds: 30, communityMonthlyUsd: 12 });

    const usage = await ask({ chat: group, from: bob, text: '/usage' });
    expect(usage).toContain(translate('en', 'usage.left-seconds', { left: '30', limit: '30' }));
    expect(usage).not.toContain(translate('en', 'usage.top-header').slice(0, 10));

    const adminUsage = await ask({ chat: group, from: mod, text: '/usage' });
    expect(adminUsage).toContain(translate('en', 'usage.month-budget', { left: '12.00', limit: '12.00' }));
  });

  it('treats a private chat as the user’s own space: /settings is theirs', async () => {
    const text = await ask({ chat: privateChat(ada), from: ada, text: '/settings' });
    expect(text.split('\n')[0]).toBe(translate('en', 'settings.header'));
  });

  it('lists /history with t.me links to clips in supergroups, and /forget deletes them', async () => {
    const now = Date.now();
    await records.creations.accepted(
      { id: 'tg-h1', platform: 'telegram', communityId: String(group.id), conversationId: String(group.id), userId: String(ada.id), displayName: 'Ada', sentence: 'a kite at dusk' },
      now,
    );
    await records.creations.finished('tg-h1', { state: 'delivered', costUsd: 0, clipId: 'clip-1', clipMessageId: `${group.id}:55` }, now);

    const history = await ask({ chat: group, from: ada, text: '/history' });
    expect(history).toContain('a kite at dusk');
    expect(history).toContain('https://t.me/c/5550001/55');

    const forgot = await ask({ chat: privateChat(ada), from: ada, text: '/forget' });
    // No clip record was saved here: the clip store's own deletion is tested in tests/src/store/sql-forget.test.ts.
    expect(forgot).toContain(translate('en', 'forget.done', { creations: 1, clips: 0, preferences: 0 }));
    expect(await ask({ chat: group, from: ada, text: '/history' })).toBe(translate('en', 'history.empty'));
  });

  it('stays silent outside the listed channels except for /settings, and answers in the community language', async () => {
    await ask({ chat: quiet, from: mod, text: '/settings channels:-100999 language:zh' });
    const ignored = sendUserMessage(harness.fake, { chat: quiet, from: bob, text: '/usage' });
    // Updates of one chat are handled in order: once the later /settings is answered, /usage was skipped.
    const settings = await ask({ chat: quiet, from: mod, text: '/settings' });
    expect(settings.split('\n')[0]).toBe(translate('zh', 'settings.header'));
    expect(harness.fake.calls.some(replyTo(quiet.id, ignored.message_id))).toBe(false);

    await ask({ chat: quiet, from: mod, text: '/settings channels:everywhere' });
    const usage = await ask({ chat: quiet, from: bob, text: '/usage' });
    expect(usage).toContain(translate('zh', 'usage.no-daily-limit'));
  });
});
