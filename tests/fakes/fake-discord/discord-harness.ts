import type { APIMessage } from 'discord-api-types/v10';
import { discordSettings } from '../../../src/app/adapter-settings.ts';
import { startDiscordAdapter, type RunningDiscordAdapter } from '../../../adapters/discord/discord-adapter.ts';
import type { ReverieOverrides } from '../../../src/app/create-reverie.ts';
import type { ClipRecord } from '../../../src/domain/clip.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type RecordedCall } from './fake-discord.ts';

/**
 * A fake Discord, a Reverie on real Redis (private prefix) with its workers, and the real Discord
 * adapter connected to the fake: what every Discord test starts from.
 */
export interface DiscordHarness {
  fake: FakeDiscord;
  test: TestReverie;
  adapter: RunningDiscordAdapter;
  /** Closes the adapter and starts a new one on the same Redis prefix: a bot restart. */
  restartAdapter(): Promise<void>;
  /** The clip record posted as `messageId`, once delivery has recorded it (just after the upload). */
  clipRecord(messageId: string): Promise<ClipRecord>;
  /** Resolves with the clip upload (a message POST with a file) made after call index `from`. */
  waitForClip(options?: { from?: number; channelId?: string; timeoutMs?: number }): Promise<{ call: RecordedCall; message: APIMessage }>;
  close(): Promise<void>;
}

export interface DiscordHarnessOptions {
  /** Extra settings; a function when they name the fake's ids (e.g. DISCORD_GUILD_ID). */
  env?: Record<string, string> | ((fake: FakeDiscord) => Record<string, string>);
  overrides?: ReverieOverrides;
  fake?: FakeDiscordOptions;
  /** Status card edit interval for the tracker; short so tests see several edits. */
  statusEditIntervalMs?: number;
}

export async function startDiscordHarness(options: DiscordHarnessOptions = {}): Promise<DiscordHarness> {
  const fake = await startFakeDiscord(options.fake);
  const env = typeof options.env === 'function' ? options.env(fake) : options.env;
  const test = await startTestReverie({ ...fake.env, ...env }, options.overrides);
  test.reverie.startWorkers();
  const start = () => startDiscordAdapter(test.reverie.chat, { ...discordSettings(test.reverie), statusEditIntervalMs: options.statusEditIntervalMs ?? 200, readyTimeoutMs: 10_000 });
  let adapter: RunningDiscordAdapter;
  try {
    adapter = await start();
  } catch (error) {
    await test.cleanup();
    await fake.close();
    throw error;
  }
  const harness: DiscordHarness = {
    fake,
    test,
    adapter,
    async restartAdapter() {
      await harness.adapter.close();
      harness.adapter = await start();
    },
    async waitForClip(waitOptions = {}) {
      const call = await fake.waitForCall(
        (candidate) =>
          candidate.method === 'POST' &&
          /^\/channels\/\d+\/messages$/.test(candidate.path) &&
          candidate.files.length > 0 &&
          candidate.status === 200 &&
          (waitOptions.channelId === undefined || candidate.path === `/channels/${waitOptions.channelId}/messages`),
        { from: waitOptions.from ?? 0, timeoutMs: waitOptions.timeoutMs ?? 45_000, what: 'a clip upload' },
      );
      const channelId = /^\/channels\/(\d+)\//.exec(call.path)?.[1] ?? '';
      const message = fake
        .messagesIn(channelId)
        .filter((candidate) => candidate.attachments.length > 0)
        .at(-1);
      if (!message) throw new Error('clip upload recorded but no message stored');
      return { call, message };
    },
    async clipRecord(messageId) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const record = await test.reverie.context.clips.findByMessage('discord', messageId);
        if (record) return record;
        if (Date.now() > deadline) throw new Error(`no clip recorded for message ${messageId}`);
        await sleep(50);
      }
    },
    async close() {
      await harness.adapter.close().catch(() => undefined);
      await test.cleanup();
      await fake.close();
    },
  };
  return harness;
}

/**
 * Calls whose message body could ping someone other than `allowedUserIds`: any content sent without
 * `allowed_mentions.parse: []`, or with users beyond the requester.
 */
export function unsafeMentionCalls(calls: readonly RecordedCall[], allowedUserIds: readonly string[]): RecordedCall[] {
  return calls.filter((call) => {
    const body = call.body as {
      content?: unknown;
      allowed_mentions?: { parse?: unknown[]; users?: string[] };
      data?: { content?: unknown; allowed_mentions?: { parse?: unknown[]; users?: string[] } };
    } | null;
    const message = body && typeof body.data === 'object' ? body.data : body;
    if (!message || typeof message.content !== 'string' || message.content === '') return false;
    const mentions = message.allowed_mentions;
    if (!mentions || !Array.isArray(mentions.parse) || mentions.parse.length > 0) return true;
    return (mentions.users ?? []).some((id) => !allowedUserIds.includes(id));
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
