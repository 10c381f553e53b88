import { afterEach, describe, expect, it } from 'vitest';
import { translate } from '../../../src/i18n/messages.ts';
import { createMedia } from '../../../src/media/create-media.ts';
import type { CommunityRecords } from '../../../src/ports/community-records.ts';
import type { Planner } from '../../../src/ports/planner.ts';
import type { VideoProvider } from '../../../src/ports/video-provider.ts';
import { submitRequest, type SubmitOutcome } from '../../../src/pipeline/submit-request.ts';
import { createLocalVideoProvider } from '../../../src/providers/local/local-video-provider.ts';
import { deliveryQueueName, PLAN_QUEUE } from '../../../src/queue/queue-names.ts';
import { samplePlan } from '../../fixtures/make-media.ts';
import { createFakeProvider, type FakeProvider } from '../../helpers/fake-ports.ts';
import { finalLedger } from '../../helpers/ledger-probe.ts';
import type { RecordingPort } from '../../helpers/recording-port.ts';
import { makeRequest } from '../../helpers/requests.ts';
import { startFixedPipeline } from '../../helpers/fixed-pipeline.ts';
import type { TestReverie } from '../../helpers/test-reverie.ts';
import { waitForJobSettled } from '../../helpers/wait-until.ts';

/**
 * Limits an owner sets, through a real pipeline (real Redis; a fake provider priced as Omni 1.1
 * Flash at $0.10/s, counting its creates): a request over a limit is refused before anything is
 * queued or created, in the user's language, naming the limit and when it resets; with
 * WHEN_OVER_BUDGET=local the free storyboard is made instead.
 */

const USER = { platform: 'console' as const, userId: 'user-1' };
/** The console's community is the user's own private space (until Address carries a community). */
const COMMUNITY = { platform: 'console' as const, communityId: 'dm:user-1' };
const ONE_SHOT = samplePlan({ title: 'original', shots: [{ seconds: 4 }] });
const planner: Planner = { id: 'fixed', plan: async () => ({ plan: ONE_SHOT, planner: 'fixed', notes: [] }) };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  harness: TestReverie;
  port: RecordingPort;
  provider: FakeProvider;
  records: CommunityRecords;
  submit(locale?: string): Promise<{ id: string; outcome: SubmitOutcome }>;
}

async function start(env: Record<string, string>, options: { local?: VideoProvider } = {}): Promise<Setup> {
  const provider = createFakeProvider({ id: 'omni', modelId: 'gemini-omni-1.1-flash' });
  const pipeline = await startFixedPipeline({ planner, providers: options.local ? [provider, options.local] : [provider], env });
  cleanups.push(() => pipeline.close());
  const { harness, port, records } = pipeline;
  return {
    harness,
    port,
    provider,
    records,
    async submit(locale = 'en-US') {
      const request = makeRequest({ requester: { userId: USER.userId, displayName: 'Ada', locale } });
      return { id: request.id, outcome: await submitRequest(harness.reverie.context, harness.reverie.queues, request) };
    },
  };
}

/** An earlier creation's settled charge, this UTC day and month. */
async function alreadySpent(records: CommunityRecords, spend: { seconds: number; usd: number }): Promise<void> {
  await records.ledger.reserve({ creationId: 'earlier', shot: 0, round: 0, user: USER, communityId: COMMUNITY.communityId, modelId: 'google:omni-1.1-flash', ...spend }, Date.now());
  await records.ledger.settle('earlier', null, Date.now());
}

function refusalText(outcome: SubmitOutcome, locale = 'en-US'): string {
  if (outcome.status !== 'rejected') throw new Error(`expected a refusal, got ${outcome.status}`);
  expect(outcome.error.kind).toBe('over-limit');
  return translate(locale, outcome.error.messageKey, outcome.error.params);
}

async function nothingQueued(setup: Setup): Promise<void> {
  expect(await setup.harness.reverie.queues.get(PLAN_QUEUE).getJobCounts('wait', 'active', 'delayed', 'completed', 'failed')).toEqual({ wait: 0, active: 0, delayed: 0, completed: 0, failed: 0 });
  expect(setup.provider.starts).toHaveLength(0);
}

describe('at intake', () => {
  it('refuses a user at their daily seconds, naming the limit and the reset; nothing is queued or created', async () => {
    const setup = await start({ USER_DAILY_SECONDS: '8' });
    await alreadySpent(setup.records, { seconds: 8, usd: 0.8 });
    const { outcome } = await setup.submit();
    expect(refusalText(outcome)).toMatch(/^You have made 8 of your 8 seconds of video for today, so I cannot start this one\. The limit resets in \d+ (second|minute|hour)s?\.$/);
    await nothingQueued(setup);
  });

  it('refuses in the requester’s language when their server is at its monthly budget (a community setting)', async () => {
    const setup = await start({});
    await setup.records.settings.update(COMMUNITY, { communityMonthlyUsd: 1 }, Date.now());
    await alreadySpent(setup.records, { seconds: 10, usd: 1 });
    const { outcome } = await setup.submit('zh-CN');
    expect(refusalText(outcome, 'zh-CN')).toMatch(/^这个服务器本月已经用了 \$1\.00，每月预算 \$1\.00，这个暂时不能开始。预算\d+(秒钟|分钟|小时|天)后重置。$/);
    await nothingQueued(setup);
  });

  it('keeps a cooldown between accepted requests and queues nothing for the refused one', async () => {
    const setup = await start({ COOLDOWN_SECONDS: '600' });
    expect((await setup.submit()).outcome.status).toBe('accepted');
    const second = await setup.submit();
    expect(refusalText(second.outcome)).toBe('Please wait a little between shorts (600 seconds here). You can ask again in 10 minutes.');
    expect(await setup.harness.reverie.queues.get(PLAN_QUEUE).getJob(second.id)).toBeUndefined();
  });

  it("takes a community's own concurrency over MAX_ACTIVE_PER_USER", async () => {
    const setup = await start({ MAX_ACTIVE_PER_USER: '5' });
    await setup.records.settings.update(COMMUNITY, { maxActivePerUser: 1 }, Date.now());
    expect((await setup.submit()).outcome.status).toBe('accepted');
    const second = (await setup.submit()).outcome;
    expect(second.status === 'rejected' && second.error.kind).toBe('too-busy');
    expect(second.status === 'rejected' && second.error.params).toMatchObject({ max: 1 });
  });
});

describe('at render start', () => {
  it('refuses a plan whose estimate does not fit what is left of the budget, before any create, and reserves nothing', async () => {
    const setup = await start({ COMMUNITY_MONTHLY_USD: '1' });
    await alreadySpent(setup.records, { seconds: 7, usd: 0.7 });
    const { id, outcome } = await setup.submit();
    expect(outcome.status).toBe('accepted');
    const result = await setup.port.outcome(id);
    expect(result.kind === 'failure' && result.post.text).toMatch(
      /^This server has used \$0\.70 of its \$1\.00 monthly budget, so I cannot start this one\. The budget resets in \d+ (second|minute|hour|day)s?\.$/,
    );
    expect(setup.provider.starts).toHaveLength(0);
    expect(await finalLedger(setup.records, id, USER)).toEqual({ reserved: 0, held: 0, settled: { seconds: 7, usd: 0.7 } });
  });

  it('with WHEN_OVER_BUDGET=local, makes the free local storyboard instead and says so', async () => {
    const setup = await start({ USER_DAILY_USD: '1', WHEN_OVER_BUDGET: 'local' }, { local: createLocalVideoProvider({ media: createMedia() }) });
    // At the limit: a paid render would not fit, a free one does.
    await alreadySpent(setup.records, { seconds: 10, usd: 1 });
    const { id, outcome } = await setup.submit();
    expect(outcome.status).toBe('accepted');
    const result = await setup.port.outcome(id);
    if (result.kind !== 'clip') throw new Error(`expected a clip, got ${result.post.text}`);
    expect(result.post.clip.providerId).toBe('local');
    expect(
      result.post.notes.some((note) => /^This is the free local storyboard: a generated video would have gone over the spending limit, which resets in \d+ (second|minute|hour)s?\.$/.test(note)),
    ).toBe(true);
    expect(setup.provider.starts).toHaveLength(0);
    // The port hears of the clip before the delivery settles its charges.
    expect(await waitForJobSettled(setup.harness.reverie.queues.get(deliveryQueueName({ platform: 'console', conversationId: 'session1' })), `${id}-clip`)).toBe('completed');
    // The storyboard's line is free, its seconds counted; nothing is left reserved.
    expect(await finalLedger(setup.records, id, USER)).toEqual({ reserved: 0, held: 0, settled: { seconds: 14, usd: 1 } });
  }, 60_000);
});
