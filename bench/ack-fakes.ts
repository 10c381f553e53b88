/**
 * The two fake Discords of the ack bench, in a process of their own (forked by ack-bench.ts): in the
 * bots' process, the fake's own handling of a callback would wait behind whatever the bot does
 * after acknowledging, and the figure would time the fake, not the bot. Bursts are asked for over
 * the IPC channel; each answer is the ack latencies, ms.
 */
import { startFakeDiscord, type FakeDiscord, type FakeInteraction } from '../tests/fakes/fake-discord/fake-discord.ts';

export type AckFakesRequest = { kind: 'burst'; bot: 'reverie' | 'minimal'; count: number } | { kind: 'close' };
export type AckFakesMessage = { kind: 'ready'; reverieEnv: Record<string, string>; minimal: { token: string; apiBase: string; cdnBase: string } } | { kind: 'latencies'; values: number[] };

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

const send = (message: AckFakesMessage) => process.send?.(message);

// Interactions must be answered however late they come: the fake's 3 s deadline would hide the tail.
const fakes = { reverie: await startFakeDiscord({ ackDeadlineMs: 600_000 }), minimal: await startFakeDiscord({ ackDeadlineMs: 600_000 }) };
process.on('message', (request: AckFakesRequest) => {
  if (request.kind === 'close') {
    void Promise.all([fakes.reverie.close(), fakes.minimal.close()]).then(() => process.disconnect());
    return;
  }
  burst(fakes[request.bot], request.count).then(
    (values) => send({ kind: 'latencies', values }),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
send({ kind: 'ready', reverieEnv: fakes.reverie.env, minimal: { token: fakes.minimal.token, apiBase: fakes.minimal.apiBase, cdnBase: fakes.minimal.cdnBase } });
