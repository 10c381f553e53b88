import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { renderCommands } from '../../../adapters/discord/render-commands.ts';
import { commandsHashKey, syncCommands } from '../../../adapters/discord/sync-commands.ts';
import { ALL_COMMANDS } from '../../../commands/all-commands.ts';
import { createRecordStore } from '../../../src/store/record-store.ts';
import { startDiscordHarness, type DiscordHarness } from '../../fakes/fake-discord/discord-harness.ts';
import type { FakeDiscord } from '../../fakes/fake-discord/fake-discord.ts';

/**
 * Slash commands register themselves at start, once per change of commands/: the real adapter
 * against the fake Discord, the last registration's hash in real Redis under the test's prefix.
 */

let harness: DiscordHarness | null = null;

afterEach(async () => {
  await harness?.close();
  harness = null;
});

/** Bulk overwrites of the command set, guild-scoped or global. */
const commandPuts = (fake: FakeDiscord) => fake.calls.filter((call) => call.method === 'PUT' && /\/commands$/.test(call.path));

describe('command sync at start', () => {
  it('registers commands/ globally on the first start and sends nothing on a restart with the same definitions', async () => {
    harness = await startDiscordHarness();
    const { fake } = harness;
    const first = commandPuts(fake);
    expect(first.map((call) => call.path)).toEqual([`/applications/${fake.world.applicationId}/commands`]);
    expect(first[0]?.botAuth).toBe(true);
    expect(first[0]?.status).toBe(200);
    expect(first[0]?.body).toEqual(JSON.parse(JSON.stringify(renderCommands())));

    await harness.restartAdapter();
    expect(commandPuts(fake)).toHaveLength(1);
    expect(harness.test.logs.filter((line) => line.includes('discord-commands-synced')).map((line) => JSON.parse(line).outcome)).toEqual(['registered', 'unchanged']);
  });

  it('registers in DISCORD_GUILD_ID only when it is set', async () => {
    harness = await startDiscordHarness({ env: (fake) => ({ DISCORD_GUILD_ID: fake.world.guildId }) });
    const { fake } = harness;
    expect(commandPuts(fake).map((call) => call.path)).toEqual([`/applications/${fake.world.applicationId}/guilds/${fake.world.guildId}/commands`]);
  });

  it('sends nothing with DISCORD_SYNC_COMMANDS=false: deploy:discord is the owner’s job then', async () => {
    harness = await startDiscordHarness({ env: { DISCORD_SYNC_COMMANDS: 'false' } });
    expect(commandPuts(harness.fake)).toEqual([]);
    expect(harness.test.logs.join('')).not.toContain('discord-commands-s');
  });

  it('keeps the bot running when Discord refuses the registration, and tries again at the next start', async () => {
    harness = await startDiscordHarness();
    const { fake, test } = harness;
    // As after a change of commands/: the stored hash no longer matches. Then Discord refuses once.
    await test.reverie.context.redis.del(`${test.prefix}:discord-commands:${commandsHashKey({ applicationId: fake.world.applicationId })}`);
    fake.failNextCall('PUT', /\/commands$/, { status: 403, code: 50001, message: 'Missing Access' });
    await harness.restartAdapter();
    const warning = test.logs.find((line) => line.includes('discord-commands-sync-failed'));
    expect(warning).toBeDefined();
    expect(JSON.parse(warning ?? '{}')).toMatchObject({ level: 40, fix: expect.stringContaining('applications.commands') });
    expect(JSON.parse(warning ?? '{}').fix).toContain('DISCORD_SYNC_COMMANDS=false');

    // The start went on: the adapter is up and logged in.
    expect(harness.adapter.botUserId).toBe(fake.bot.id);
    expect(test.logs.filter((line) => line.includes('discord-ready'))).toHaveLength(2);

    // The refused PUT stored no hash, so the next start registers.
    await harness.restartAdapter();
    expect(commandPuts(fake).map((call) => call.status)).toEqual([200, 403, 200]);
  });
});

describe('changed definitions', () => {
  it('registers again when the rendered commands differ from the last registration, once', async () => {
    harness = await startDiscordHarness();
    const { fake, test } = harness;
    const rest = new REST({ api: fake.apiBase }).setToken(fake.token);
    const options = { rest, store: createRecordStore(test.reverie.context.redis, test.prefix, 'discord-commands'), applicationId: fake.world.applicationId };
    const fewer = renderCommands(ALL_COMMANDS.filter((command) => command.name !== 'styles'));

    expect(await syncCommands({ ...options, body: fewer })).toBe('registered');
    expect(await syncCommands({ ...options, body: fewer })).toBe('unchanged');
    expect(commandPuts(fake).map((call) => (call.body as unknown as { name: string }[]).map((command) => command.name))).toEqual([
      ALL_COMMANDS.map((command) => command.name),
      ALL_COMMANDS.map((command) => command.name).filter((name) => name !== 'styles'),
    ]);
    // Back to commands/ (the next start's view): changed again, so registered again.
    expect(await syncCommands(options)).toBe('registered');
    expect(commandPuts(fake)).toHaveLength(3);
  });

  it('ignores key order: the same definitions built in another order hash the same', async () => {
    harness = await startDiscordHarness();
    const { fake, test } = harness;
    const rest = new REST({ api: fake.apiBase }).setToken(fake.token);
    const reordered = renderCommands().map((command) => Object.fromEntries(Object.entries(command).reverse())) as ReturnType<typeof renderCommands>;
    const store = createRecordStore(test.reverie.context.redis, test.prefix, 'discord-commands');
    expect(await syncCommands({ rest, store, applicationId: fake.world.applicationId, body: reordered })).toBe('unchanged');
    expect(commandPuts(fake)).toHaveLength(1);
  });
});
