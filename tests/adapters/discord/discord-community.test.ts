import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCommands } from '../../../adapters/discord/render-commands.ts';
import { translate } from '../../../src/i18n/messages.ts';
import type { CommunityRecords } from '../../../src/ports/community-records.ts';
import { startDiscordHarness, type DiscordHarness } from '../../fakes/fake-discord/discord-harness.ts';
import { PERMISSIONS } from '../../fakes/fake-discord/fake-world.ts';
import { createTestRecords } from '../../helpers/test-records.ts';

/**
 * /usage, /history, /settings and /forget as slash commands on the real discord.js client against
 * the fake Discord: private (ephemeral) answers, and /settings only with Manage Server.
 */

let harness: DiscordHarness;
let records: CommunityRecords;

beforeAll(async () => {
  records = await createTestRecords();
  harness = await startDiscordHarness({ overrides: { records } });
});

afterAll(async () => {
  await harness?.close();
});

/** Runs a slash command and returns its private answer's text. */
async function slash(user: Parameters<DiscordHarness['fake']['slash']>[0]['user'], name: string, options: Record<string, string> = {}, channelId?: string): Promise<string> {
  const { fake } = harness;
  const interaction = fake.slash({ user, name, options, ...(channelId ? { channelId } : {}) });
  const call = await fake.waitForCall((candidate) => candidate.method === 'POST' && candidate.path.startsWith(`/interactions/${interaction.id}/`), { what: `the /${name} answer` });
  expect(call.body).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
  return String((call.body?.data as { content: string }).content);
}

describe('Discord community commands', () => {
  it('registers /settings for Manage Server only, and the others for everyone', () => {
    const rendered = renderCommands();
    expect(rendered.find((command) => command.name === 'settings')?.default_member_permissions).toBe(PERMISSIONS.ManageGuild.toString());
    for (const name of ['usage', 'history', 'forget', 'short']) expect(rendered.find((command) => command.name === name)?.default_member_permissions ?? null).toBeNull();
  });

  it('refuses /settings without Manage Server; an admin sets a budget and /usage then shows it', async () => {
    const { fake } = harness;
    const guild = { platform: 'discord' as const, communityId: fake.world.guildId };
    const member = fake.addUser({ name: 'Ada', moderator: true });
    const admin = fake.addUser({ name: 'Owner', admin: true });

    expect(await slash(member, 'settings', { daily_usd: '9' })).toBe(translate('en-US', 'command.admin-only', { command: 'settings' }));
    expect((await records.settings.get(guild)).userDailyUsd).toBeNull();

    const changed = await slash(admin, 'settings', { daily_usd: '3', channels: 'here' });
    expect(changed.split('\n')[0]).toBe(translate('en-US', 'settings.changed'));
    expect(await records.settings.get(guild)).toMatchObject({ userDailyUsd: 3, channels: [fake.world.textChannelId] });

    const usage = await slash(member, 'usage');
    expect(usage).toContain(translate('en-US', 'usage.left-usd', { left: '3.00', limit: '3.00' }));
    expect(usage).not.toContain(translate('en-US', 'usage.top-header'));
    const adminUsage = await slash(admin, 'usage');
    expect(adminUsage).toContain(translate('en-US', 'usage.top-none'));
  });

  it('lets anyone run /settings in a DM (their own space)', async () => {
    const { fake } = harness;
    const bea = fake.addUser({ name: 'Bea' });
    const text = await slash(bea, 'settings', { cooldown: '10' }, fake.dmChannelFor(bea));
    expect(text.split('\n')[0]).toBe(translate('en-US', 'settings.changed'));
    expect((await records.settings.get({ platform: 'discord', communityId: `dm:${bea.id}` })).cooldownSeconds).toBe(10);
  });

  it('acknowledges /short on arrival, and takes the deferral back outside the channel list', async () => {
    const { fake } = harness;
    const guild = { platform: 'discord' as const, communityId: fake.world.guildId };
    const before = await records.settings.get(guild);
    await records.settings.update(guild, { channels: ['111111111111111111'] }, Date.now());
    try {
      const dee = fake.addUser({ name: 'Dee' });
      const interaction = fake.slash({ user: dee, name: 'short', options: { sentence: 'a lighthouse in fog' } });
      const deleted = await fake.waitForCall((call) => call.method === 'DELETE' && call.path.includes(`/${interaction.token}/messages/@original`), { what: 'the deferral deleted' });
      const callback = fake.calls.find((call) => call.path.startsWith(`/interactions/${interaction.id}/`));
      expect(callback?.body).toMatchObject({ type: 5 });
      expect(deleted.status).toBe(204);
      // Silent, as if not addressed: no card was written into the deferral.
      expect(fake.calls.some((call) => call.method === 'PATCH' && call.path.includes(`/${interaction.token}/`))).toBe(false);
    } finally {
      await records.settings.update(guild, { channels: before.channels }, Date.now());
    }
  });

  it('lists /history with links to the clip messages, and /forget deletes them', async () => {
    const { fake } = harness;
    const cy = fake.addUser({ name: 'Cy' });
    const now = Date.now();
    const entry = { platform: 'discord' as const, communityId: fake.world.guildId, conversationId: fake.world.textChannelId, userId: cy.id, displayName: 'Cy' };
    await records.creations.accepted({ ...entry, id: 'dc-1', sentence: 'a lighthouse in fog' }, now - 1000);
    await records.creations.finished('dc-1', { state: 'delivered', costUsd: 0.25, clipId: 'clip-dc-1', clipMessageId: '999' }, now);
    await records.creations.accepted({ ...entry, id: 'dc-2', sentence: 'paper boats' }, now);

    const history = await slash(cy, 'history');
    expect(history.indexOf('paper boats')).toBeLessThan(history.indexOf('a lighthouse in fog'));
    expect(history).toContain(`https://discord.com/channels/${fake.world.guildId}/${fake.world.textChannelId}/999`);

    const forgot = await slash(cy, 'forget');
    // No clip record was saved here: the clip store's own deletion is tested in tests/src/store/sql-forget.test.ts.
    expect(forgot).toContain(translate('en-US', 'forget.done', { creations: 2, clips: 0, preferences: 0 }));
    expect(await records.creations.recentOf({ platform: 'discord', userId: cy.id }, 10)).toEqual([]);
  });
});
