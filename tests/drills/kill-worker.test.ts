import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deletePrefix } from '../../src/queue/redis-connection.ts';
import { PLAN_QUEUE, deliveryQueueName, renderQueueName } from '../../src/queue/queue-names.ts';
import { startFakeFal, type FakeFal } from '../fakes/fake-fal.ts';
import { chatAnswer, startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import type { FakeReply } from '../fakes/scripted-server.ts';
import { sendUserMessage } from '../fakes/fake-telegram/fake-telegram-users.ts';
import { makeUser, privateChat } from '../fakes/fake-telegram/fake-telegram-world.ts';
import { startFakeTelegram, type FakeTelegram, type RecordedCall } from '../fakes/fake-telegram/fake-telegram-server.ts';
import { translate } from '../../src/i18n/messages.ts';
import { makeClip } from '../fixtures/make-media.ts';
import { llmPlan } from '../helpers/model-harness.ts';
import { childCommandLines, spawnMain, type RunningEntry } from '../helpers/spawn-main.ts';
import { createTestDatabaseUrl } from '../helpers/test-database.ts';
import { REDIS_URL } from '../helpers/test-reverie.ts';
import { waitUntil } from '../helpers/wait-until.ts';

/**
 * Issue #14's crash drills with real processes: a ROLE=worker process (plan, render, finish) and a
 * ROLE=adapter process (Telegram, delivery) on one Redis and one PostgreSQL schema, against the
 * fake OpenAI-compatible planner, fake fal and fake Telegram. At each stage the process doing the
 * work is killed with SIGKILL (with its ffmpeg children, as when its container dies) once the fakes
 * show it got there; a fresh process on the same Redis, database and DATA_DIR takes the job over
 * when its lock lapses (JOB_LOCK_MS, STALLED_CHECK_MS, short here) and the request still ends with
 * exactly one create at fal, exactly one clip in the chat and one settled charge.
 */

const SHOT_SECONDS = 3;
const PLAN = llmPlan('en', { aspectRatio: '1:1', totalSeconds: SHOT_SECONDS, shots: [{ ...(llmPlan('en').shots as object[])[0], seconds: SHOT_SECONDS }] });
/** Never answered: the call is in flight until the process that made it dies. */
const NO_ANSWER: FakeReply = { hold: new Promise<void>(() => undefined) };

let dir = '';
let fal: FakeFal;
let openai: FakeOpenAI;
let telegram: FakeTelegram;
let database: { url: string; drop(): Promise<void> };
let connection: Redis;
let queues: Queue[] = [];
let worker: RunningEntry;
let adapter: RunningEntry;
const prefix = `test-kill-${randomBytes(4).toString('hex')}`;
let env: Record<string, string> = {};
let nextUserId = 8_100;

const startWorker = () => spawnMain({ ...env, ROLE: 'worker', DATA_DIR: join(dir, 'worker') }, { ownProcessGroup: true });
const startAdapter = () => spawnMain({ ...env, ROLE: 'adapter', DATA_DIR: join(dir, 'adapter'), TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot }, { ownProcessGroup: true });

/** kill -9 of the worker machine, and a fresh worker on the same Redis, database and disk. */
async function crashWorker(): Promise<void> {
  await worker.crash();
  worker = startWorker();
}

/** A new user asks for a short in a private chat; the drills count what reached that chat. */
function requestShort(): ReturnType<typeof makeUser> {
  const user = makeUser(nextUserId++, 'Ada');
  sendUserMessage(telegram, { chat: privateChat(user), from: user, text: `a ${SHOT_SECONDS} second short about a paper lantern on the river` });
  return user;
}

/** Failed jobs per queue when the drill started: a drill counts only its own. */
let failedBefore: Record<string, number> = {};

async function failedJobs(): Promise<Record<string, number>> {
  const counts = await Promise.all(queues.map((queue) => queue.getFailedCount()));
  return Object.fromEntries(queues.map((queue, index) => [queue.name, counts[index] ?? 0]));
}

/** Waits until nothing is left to run on any queue (no later retry can post or create anything more); the jobs this drill failed, per queue. */
async function pipelineIdle(): Promise<Record<string, number>> {
  await waitUntil(
    async () => {
      const counts = await Promise.all(queues.map((queue) => queue.getJobCounts('active', 'wait', 'delayed', 'prioritized')));
      return counts.every((each) => Object.values(each).every((count) => count === 0)) ? true : null;
    },
    'the queues to empty',
    30_000,
  );
  const failed = await failedJobs();
  return Object.fromEntries(Object.entries(failed).map(([name, count]) => [name, count - (failedBefore[name] ?? 0)]));
}

async function ledgerOf(userId: number): Promise<{ shot: number; round: number; state: string }[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ shot: number; round: number; state: string }>('select shot, round, state from ledger where platform = $1 and user_id = $2', ['telegram', String(userId)]);
    return rows;
  } finally {
    await client.end();
  }
}

/** The clip replaces its storyboard preview: Telegram edits the preview photo into the video. */
const CLIP_POST = 'editMessageMedia';

/** Every attempt to put a clip into the user's chat: edited into the preview or (as a fallback) sent new. */
function clipPosts(userId: number): RecordedCall[] {
  return telegram.calls.filter((call) => (call.method === CLIP_POST || call.method === 'sendVideo') && Number(call.params.chat_id) === userId);
}

/** The drill's promise: one create at fal, one clip in the user's chat, its one charge settled. */
async function expectDeliveredOnce(user: ReturnType<typeof makeUser>): Promise<void> {
  const output = () => `worker:\n${worker.output()}\nadapter:\n${adapter.output()}`;
  await telegram
    .waitForCall(CLIP_POST, (call) => Number(call.params.chat_id) === user.id, 45_000)
    .catch((error: unknown) => {
      throw new Error(`${String(error)}\n${output()}`);
    });
  const failed = await pipelineIdle();
  expect(failed, output()).toEqual({ [PLAN_QUEUE]: 0, [renderQueueName('fal')]: 0, [deliveryQueueName({ platform: 'telegram', conversationId: '' })]: 0 });
  const clips = clipPosts(user.id).filter((call) => call.status === 200);
  expect(clips).toHaveLength(1);
  expect(fal.submitted.size).toBe(1);
  expect([...fal.submitted.values()].every((record) => record.completed)).toBe(true);
  // No second billed create: the request's one line (shot 0, round 0) is settled, nothing held.
  expect(await ledgerOf(user.id)).toEqual([{ shot: 0, round: 0, state: 'settled' }]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-kill-'));
  fal = await startFakeFal({ videoPath: await makeClip(join(dir, 'fal.mp4'), { width: 320, height: 320, seconds: SHOT_SECONDS }) });
  openai = await startFakeOpenAI();
  telegram = await startFakeTelegram();
  database = await createTestDatabaseUrl();
  connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queues = [PLAN_QUEUE, renderQueueName('fal'), deliveryQueueName({ platform: 'telegram', conversationId: '' })].map((name) => new Queue(name, { connection, prefix }));
  env = {
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    DATABASE_URL: database.url,
    LOG_LEVEL: 'warn',
    PLANNER: 'openai',
    OPENAI_API_KEY: 'test-openai-key',
    OPENAI_BASE_URL: openai.url,
    FAL_KEY: 'test-fal-key',
    FAL_BASE_URL: fal.url,
    VIDEO_MODEL: 'fal:kling-3-std',
    VIDEO_POLL_INTERVAL_MS: '150',
    // Slots are taken (and must be given back); more than the drills ever use at once.
    MODEL_CONCURRENCY: 'fal:kling-3-std=4',
    VOICE: 'off',
    // A killed process's jobs are taken over within about 3.5 s instead of a minute.
    JOB_LOCK_MS: '3000',
    STALLED_CHECK_MS: '500',
  };
  worker = startWorker();
  adapter = startAdapter();
  await telegram.waitForCall('getUpdates', undefined, 30_000);
}, 60_000);

beforeEach(async () => {
  fal.reset();
  failedBefore = await failedJobs();
});

afterAll(async () => {
  await Promise.all([worker?.crash(), adapter?.crash()]);
  await Promise.all(queues.map((queue) => queue.close()));
  connection?.disconnect();
  await Promise.all([fal?.close(), openai?.close(), telegram?.close()]);
  await deletePrefix(REDIS_URL, prefix);
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('kill -9 at each stage: exactly one create per shot and exactly one delivery', () => {
  it('while planning (the planner is mid-call): the plan is made again, then rendered once', async () => {
    openai.script({ stall: true }, chatAnswer(JSON.stringify(PLAN)));
    const asked = openai.requests.length;
    const user = requestShort();
    await waitUntil(async () => (openai.requests.length > asked ? true : null), 'the planner call');
    await crashWorker();
    await expectDeliveredOnce(user);
    // Planning is free and was redone: the killed call and the fresh worker's.
    expect(openai.requests.length - asked).toBe(2);
  }, 60_000);

  it('after create (the handle came back; its first status poll is in flight): the fresh worker polls it, no second create', async () => {
    openai.script(chatAnswer(JSON.stringify(PLAN)));
    fal.script('status', () => (fal.calls('status').length === 1 ? NO_ANSWER : null));
    const user = requestShort();
    await fal.waitFor('status', 1);
    expect(fal.submitted.size).toBe(1);
    await crashWorker();
    await expectDeliveredOnce(user);
  }, 60_000);

  it('while polling (a later poll, after the job waited between polls): resumed from the recorded handle', async () => {
    // IN_QUEUE, IN_PROGRESS, then the third poll hangs until the kill.
    fal.script('status', () => (fal.calls('status').length === 3 ? NO_ANSWER : null));
    const user = requestShort();
    await fal.waitFor('status', 3);
    await crashWorker();
    await expectDeliveredOnce(user);
  }, 60_000);

  it('while downloading (half the MP4 arrived): downloaded again, not generated again', async () => {
    fal.script('download', () => (fal.calls('download').length === 1 ? { bytes: fal.video, stallMidway: true } : null));
    const user = requestShort();
    await fal.waitFor('download', 1);
    await crashWorker();
    await expectDeliveredOnce(user);
    expect(fal.calls('download')).toHaveLength(2);
  }, 60_000);

  it('while assembling (ffmpeg is writing assembled.mp4): the fresh worker finishes from the shot, no second create', async () => {
    const user = requestShort();
    const pid = worker.child.pid ?? 0;
    await waitUntil(
      async () => ((await childCommandLines(pid)).some((args) => args[0]?.endsWith('ffmpeg') && args.at(-1)?.endsWith('assembled.mp4')) ? true : null),
      'ffmpeg assembling the clip',
      30_000,
    );
    await crashWorker();
    await expectDeliveredOnce(user);
  }, 60_000);

  /**
   * Delivery runs in the adapter (it holds the chat connection), so this drill kills the adapter.
   * The clip never reached the chat (the upload was cut off), so the fresh adapter posts it once.
   * Had the platform taken the whole upload before the kill, the product posts it again by design
   * (see delivery-worker: a second copy beats a clip that never arrives): it cannot know.
   */
  it('while uploading (the adapter is mid-post of the clip): the fresh adapter posts the clip once', async () => {
    const uploading = telegram.stallNext(CLIP_POST);
    const user = requestShort();
    await uploading;
    await adapter.crash();
    adapter = startAdapter();
    await expectDeliveredOnce(user);
  }, 60_000);
});

/**
 * Between the submit and its answer nobody can know whether fal started (and bills) a job, and
 * without a webhook nothing will tell later: the product does not send it again on its own. The
 * user is told and offered Try again, and the line stays held until it is reconciled.
 */
it('while creating (fal has the submit, its answer never came): never sent again; the user is offered Try again, the charge held', async () => {
  fal.script('submit', () => NO_ANSWER);
  const user = requestShort();
  await fal.waitFor('submit', 1);
  await crashWorker();
  const unknown = translate('en', 'error.outcome-unknown');
  const offered = (call: RecordedCall) => Number(call.params.chat_id) === user.id && String(call.params.text ?? '').includes(unknown) && call.params.reply_markup !== undefined;
  await waitUntil(async () => (telegram.calls.some(offered) ? true : null), 'the outcome-unknown message with Try again', 30_000).catch((error: unknown) => {
    throw new Error(`${String(error)}\nworker:\n${worker.output()}`);
  });
  await pipelineIdle();
  expect(fal.calls('submit')).toHaveLength(1);
  expect(clipPosts(user.id)).toEqual([]);
  expect(await ledgerOf(user.id)).toEqual([{ shot: 0, round: 0, state: 'held' }]);
}, 60_000);

/**
 * A job that keeps killing its workers (OOM, a crash bug) is given up by BullMQ at the second
 * crash (maxStalledCount 1) without being run again: the user is told instead of waiting forever,
 * the reservation is released, and nothing was created twice.
 */
it('killed twice (while polling, then while downloading): the user is told it failed; still one create; its model slot is free', async () => {
  fal.script('status', () => (fal.calls('status').length === 3 ? NO_ANSWER : null));
  fal.script('download', () => (fal.calls('download').length === 1 ? { bytes: fal.video, stallMidway: true } : null));
  const user = requestShort();
  await fal.waitFor('status', 3);
  await crashWorker();
  await fal.waitFor('download', 1, 30_000);
  await crashWorker();
  const failureText = translate('en', 'error.internal');
  const told = (call: RecordedCall) => Number(call.params.chat_id) === user.id && String(call.params.text ?? '').includes(failureText);
  await waitUntil(async () => (telegram.calls.some(told) ? true : null), 'the failure message', 30_000).catch((error: unknown) => {
    throw new Error(`${String(error)}\nworker:\n${worker.output()}`);
  });
  const failed = await pipelineIdle();
  expect(failed[renderQueueName('fal')]).toBe(1);
  expect(clipPosts(user.id)).toEqual([]);
  expect(fal.submitted.size).toBe(1);
  expect(await ledgerOf(user.id)).toEqual([{ shot: 0, round: 0, state: 'released' }]);
  // The given-up render freed its model slot at once, not at the request's deadline (slot members
  // are `<request id>:<round>:<shot>`, and a private chat's request ids start with the chat id).
  const held = await connection.zrange(`${prefix}:slots:fal:kling-3-std`, '0', '-1');
  expect(held.filter((member) => member.startsWith(`telegram-${user.id}-`))).toEqual([]);
}, 60_000);

/** The same for a delivery: an adapter that dies twice inside one post is not sent the clip a third time. */
it('adapter killed twice while uploading: the user is told the clip could not be posted; its one charge is settled', async () => {
  const user = requestShort();
  for (let crash = 0; crash < 2; crash += 1) {
    await telegram.stallNext(CLIP_POST);
    await adapter.crash();
    adapter = startAdapter();
  }
  const failureText = translate('en', 'error.upload-failed');
  const told = (call: RecordedCall) => Number(call.params.chat_id) === user.id && String(call.params.text ?? '').includes(failureText);
  await waitUntil(async () => (telegram.calls.some(told) ? true : null), 'the failure message', 30_000).catch((error: unknown) => {
    throw new Error(`${String(error)}\nadapter:\n${adapter.output()}`);
  });
  const failed = await pipelineIdle();
  expect(failed[deliveryQueueName({ platform: 'telegram', conversationId: '' })]).toBe(1);
  expect(telegram.calls.filter(told)).toHaveLength(1);
  expect(clipPosts(user.id).filter((call) => call.status === 200)).toEqual([]);
  expect(fal.submitted.size).toBe(1);
  expect(await ledgerOf(user.id)).toEqual([{ shot: 0, round: 0, state: 'settled' }]);
}, 60_000);
