/**
 * Ack latency: how long a `/short` waits for its deferral, at 50 and 200 interactions dispatched at
 * once on the fake Discord, through Reverie's real Discord adapter (real discord.js, real Redis), next
 * to a minimal discord.js bot that only defers, on its own fake in the same process and run.
 * Latency = the fake's receipt of the interaction callback − the fake's dispatch of the event.
 * Workers are not started: this is the adapter's path (ROLE=adapter); renders would only add noise.
 * Run: node bench/ack-bench.ts
 */
import { startDiscordAdapter } from '../adapters/discord/discord-adapter.ts';
import { discordSettings } from '../src/app/adapter-settings.ts';
import { startFakeDiscord, type FakeDiscord, type FakeInteraction } from '../tests/fakes/fake-discord/fake-discord.ts';
import { startBenchReverie } from './bench-reverie.ts';
import { percentile, report, type Figure } from './bench-report.ts';
import { startMinimalBot } from './minimal-discord-bot.ts';

const SIZES = [50, 200];
const WARM_UP = 10;
const TARGET_P99_MS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Dispatches `count` /short interactions from distinct users at once; resolves with each ack latency, ms. */
async function burst(fake: FakeDiscord, count: number): Promise<number[]> {
  const users = Array.from({ length: count }, (_, index) => fake.addUser({ name: `User${fake.world.users.size}x${index}` }));
  const interactions: FakeInteraction[] = users.map((user) => fake.slash({ user, name: 'short', options: { sentence: 'the first snow over the harbour' } }));
  const deadline = Date.now() + 60_000;
  while (interactions.some((interaction) => interaction.acknowledgedAt === null)) {
    if (Date.now() > deadline) throw new Error(`only ${interactions.filter((interaction) => interaction.acknowledgedAt !== null).length}/${count} acknowledged in 60 s`);
    await sleep(5);
  }
  await quiet(fake);
  return interactions.map((interaction) => (interaction.acknowledgedAt ?? Number.NaN) - interaction.createdAt);
}

/** Waits until the bot has stopped calling the fake (cards, threads) so one burst does not load the next. */
async function quiet(fake: FakeDiscord): Promise<void> {
  for (let seen = -1; seen !== fake.calls.length;) {
    seen = fake.calls.length;
    await sleep(500);
  }
}

// Interactions must be answered however late they come: the fake's 3 s deadline would hide the tail.
const reverieFake = await startFakeDiscord({ ackDeadlineMs: 600_000 });
const baselineFake = await startFakeDiscord({ ackDeadlineMs: 600_000 });
const bench = await startBenchReverie({ ...reverieFake.env, MAX_ACTIVE_PER_USER: '5', DISCORD_SYNC_COMMANDS: 'false' });
const adapter = await startDiscordAdapter(bench.reverie.chat, discordSettings(bench.reverie));
const baseline = await startMinimalBot({ token: baselineFake.token, apiBase: baselineFake.apiBase, cdnBase: baselineFake.cdnBase });
const figures: Figure[] = [];
const samples: Record<string, { reverie: number[]; minimal: number[] }> = {};
try {
  await burst(reverieFake, WARM_UP);
  await burst(baselineFake, WARM_UP);
  for (const size of SIZES) {
    // The baseline first, then Reverie, at each size: both see the same machine load within seconds.
    const minimal = await burst(baselineFake, size);
    const reverie = await burst(reverieFake, size);
    samples[String(size)] = { reverie, minimal };
    const p99 = percentile(reverie, 99);
    const baselineP99 = percentile(minimal, 99);
    figures.push({ name: `ack p50 @ ${size} concurrent`, value: percentile(reverie, 50), unit: 'ms', baseline: percentile(minimal, 50), target: null, pass: null });
    figures.push({
      name: `ack p99 @ ${size} concurrent`,
      value: p99,
      unit: 'ms',
      baseline: baselineP99,
      target: size === 200 ? `≤ ${TARGET_P99_MS} ms and ≤ 2× baseline` : '≤ 2× baseline',
      pass: p99 <= 2 * baselineP99 && (size !== 200 || p99 <= TARGET_P99_MS),
    });
  }
} finally {
  await adapter.close();
  await baseline.close();
  await bench.stop();
  await reverieFake.close();
  await baselineFake.close();
}
report('ack', figures, { samplesMs: samples });
