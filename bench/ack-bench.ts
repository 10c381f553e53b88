/**
 * Ack latency: how long a `/short` waits for its deferral, at 50 and 200 interactions dispatched at
 * once on the fake Discord, through Reverie's real Discord adapter (real discord.js, real Redis), next
 * to a minimal discord.js bot that only defers, in the same process and run. Each bot has its own
 * fake; the fakes run in a process of their own (ack-fakes.ts). Latency = the fake's receipt of the
 * interaction callback − the fake's dispatch of the event, both on the fakes' clock.
 * Workers are not started: this is the adapter's path (ROLE=adapter); renders would only add noise.
 * Run: node bench/ack-bench.ts
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { startDiscordAdapter } from '../adapters/discord/discord-adapter.ts';
import { discordSettings } from '../src/app/adapter-settings.ts';
import type { AckFakesMessage, AckFakesRequest } from './ack-fakes.ts';
import { startBenchReverie } from './bench-reverie.ts';
import { percentile, report, type Figure } from './bench-report.ts';
import { startMinimalBot } from './minimal-discord-bot.ts';

const SIZES = [50, 200];
const WARM_UP = 10;
const TARGET_P99_MS = 100;

// The fakes run in their own process (see ack-fakes.ts); this one holds only the two bots.
const fakes = fork(new URL('./ack-fakes.ts', import.meta.url), { stdio: 'inherit' });
const nextMessage = async (): Promise<AckFakesMessage> => {
  const [message] = (await once(fakes, 'message')) as [AckFakesMessage];
  return message;
};
const ready = await nextMessage();
if (ready.kind !== 'ready') throw new Error('ack-fakes: expected ready');
const burst = async (bot: 'reverie' | 'minimal', count: number): Promise<number[]> => {
  fakes.send({ kind: 'burst', bot, count } satisfies AckFakesRequest);
  const answer = await nextMessage();
  if (answer.kind !== 'latencies') throw new Error('ack-fakes: expected latencies');
  return answer.values;
};

const bench = await startBenchReverie({ ...ready.reverieEnv, MAX_ACTIVE_PER_USER: '5', DISCORD_SYNC_COMMANDS: 'false' });
const adapter = await startDiscordAdapter(bench.reverie.chat, discordSettings(bench.reverie));
const baseline = await startMinimalBot(ready.minimal);
const figures: Figure[] = [];
const samples: Record<string, { reverie: number[]; minimal: number[] }> = {};
try {
  await burst('reverie', WARM_UP);
  await burst('minimal', WARM_UP);
  for (const size of SIZES) {
    // The baseline first, then Reverie, at each size: both see the same machine load within seconds.
    const minimal = await burst('minimal', size);
    const reverie = await burst('reverie', size);
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
  fakes.send({ kind: 'close' } satisfies AckFakesRequest);
  await once(fakes, 'exit');
}
report('ack', figures, { samplesMs: samples });
