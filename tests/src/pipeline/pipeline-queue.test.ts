import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProviderError } from '../../../src/domain/errors.ts';
import { translate } from '../../../src/i18n/messages.ts';
import { submitRequest } from '../../../src/pipeline/submit-request.ts';
import { regenerateClip } from '../../../src/pipeline/regenerate-clip.ts';
import { findRetryableFailure, retryFailedRequest } from '../../../src/pipeline/retry-request.ts';
import { deliveryQueueName, PLAN_QUEUE } from '../../../src/queue/queue-names.ts';
import { deletePrefix } from '../../../src/queue/redis-connection.ts';
import type { RunningWorker } from '../../../src/queue/start-worker.ts';
import { makeStill } from '../../fixtures/make-media.ts';
import { createFakeMedia, createFakeProvider, type FakeProvider } from '../../helpers/fake-ports.ts';
import { createRecordingPort, type RecordingPort } from '../../helpers/recording-port.ts';
import { makeRequest } from '../../helpers/requests.ts';
import { REDIS_URL, startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';
import { waitUntil } from '../../helpers/wait-until.ts';
import { startTestDelivery } from '../../helpers/test-delivery.ts';

let harness: TestReverie | null = null;
let delivery: RunningWorker | null = null;

afterEach(async () => {
  await delivery?.close();
  await harness?.cleanup();
  harness = null;
  delivery = null;
});

async function start(provider: FakeProvider, env: Record<string, string> = {}, port: RecordingPort = createRecordingPort()): Promise<{ harness: TestReverie; port: RecordingPort }> {
  harness = await startTestReverie(env, { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia() });
  delivery = startTestDelivery(harness.reverie, port, 'session1');
  harness.reverie.startWorkers();
  return { harness, port };
}

describe('submitting requests', () => {
  it('creates one job for the same event delivered twice', async () => {
    const provider = createFakeProvider();
    const { harness, port } = await start(provider);
    const request = makeRequest();
    const [first, second] = await Promise.all([submitRequest(harness.reverie.context, harness.reverie.queues, request), submitRequest(harness.reverie.context, harness.reverie.queues, request)]);
    expect([first.status, second.status].sort()).toEqual(['accepted', 'duplicate']);
    const third = await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    expect(third.status).toBe('duplicate');
    await port.outcome(request.id);
    const counts = await harness.reverie.queues.get(PLAN_QUEUE).getJobCounts();
    expect(counts.completed).toBe(1);
    expect(port.clips).toHaveLength(1);
  });

  it('answers empty and oversized input without creating a job', async () => {
    const { harness } = await start(createFakeProvider());
    const empty = await submitRequest(harness.reverie.context, harness.reverie.queues, makeRequest({ sentence: '   ', referencedText: null }));
    expect(empty.status === 'rejected' && empty.error.messageKey).toBe('error.empty');
    const huge = await submitRequest(harness.reverie.context, harness.reverie.queues, makeRequest({ sentence: 'x'.repeat(4001) }));
    expect(huge.status === 'rejected' && huge.error.messageKey).toBe('error.too-long');
    const counts = await harness.reverie.queues.get(PLAN_QUEUE).getJobCounts();
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(0);
  });

  it('caps active requests per user and frees the slot after delivery', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const provider = createFakeProvider({ onStart: () => gate });
    const { harness, port } = await start(provider, { MAX_ACTIVE_PER_USER: '2' });
    const { context, queues } = harness.reverie;
    const first = makeRequest();
    const second = makeRequest();
    expect((await submitRequest(context, queues, first)).status).toBe('accepted');
    expect((await submitRequest(context, queues, second)).status).toBe('accepted');
    // A fixed id, as a regenerate or "Try again" click has: refused now, it must be able to run later.
    const third = makeRequest();
    const refused = await submitRequest(context, queues, third);
    expect(refused.status).toBe('rejected');
    if (refused.status === 'rejected') expect(refused.error.kind).toBe('too-busy');
    const otherUser = await submitRequest(context, queues, makeRequest({ requester: { userId: 'user-2', displayName: 'Bo', locale: 'zh-CN' } }));
    expect(otherUser.status).toBe('accepted');
    release();
    await Promise.all([port.outcome(first.id), port.outcome(second.id)]);
    // The slot is released right after the post returns, not before.
    await vi.waitFor(async () => expect(await context.active.count('console-user-1', Date.now())).toBe(0));
    expect((await submitRequest(context, queues, third)).status).toBe('accepted');
  });
});

describe('failures', () => {
  it('retries a retryable provider failure and delivers once', async () => {
    const provider = createFakeProvider({
      onStart: (_input, call) => {
        if (call === 1) throw new ProviderError('unavailable', 'HTTP 503 from the fake');
      },
    });
    const { harness, port } = await start(provider);
    const request = makeRequest({ referencedText: { source: 'reply', text: 'One line.' }, sentence: 'a 4 second short' });
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    const outcome = await port.outcome(request.id);
    expect(outcome.kind).toBe('clip');
    expect(provider.starts.length).toBe(2);
    expect(port.clips).toHaveLength(1);
  });

  it('does not retry an unrecoverable failure and tells the user', async () => {
    const provider = createFakeProvider({
      onStart: () => {
        throw new ProviderError('invalid', 'HTTP 400 bad parameter');
      },
    });
    const { harness, port } = await start(provider);
    const request = makeRequest({ sentence: 'a 4 second short' });
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    const outcome = await port.outcome(request.id);
    expect(outcome.kind).toBe('failure');
    expect(provider.starts.length).toBe(1);
    if (outcome.kind === 'failure') expect(outcome.post.text).toContain('Something went wrong');
  });

  it('rewrites once after a refusal, then explains in the user’s language that nothing was charged', async () => {
    const provider = createFakeProvider({ status: () => ({ state: 'refused', reason: 'recognisable person' }) });
    const { harness, port } = await start(provider);
    const request = makeRequest({ sentence: '做成4秒的短片', requester: { userId: 'u9', displayName: '小明', locale: 'zh-CN' }, referencedText: null });
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    const outcome = await port.outcome(request.id);
    expect(outcome.kind).toBe('failure');
    if (outcome.kind === 'failure') expect(outcome.post.text).toContain('没有向你收取任何费用');
    // One start for the original plan's shot, one for the rewritten plan's shot.
    expect(provider.starts.length).toBe(2);
    expect(provider.starts[1]?.plan.protagonist.useAvatar).toBe(false);
  });
});

describe('delivery', () => {
  it('explains a clip that could not be posted after every attempt, and frees the slot', async () => {
    const port = createRecordingPort();
    let posts = 0;
    port.postClip = async () => {
      posts += 1;
      throw new Error('HTTP 403 Missing Permissions');
    };
    const { harness } = await start(createFakeProvider(), {}, port);
    const request = makeRequest({ sentence: 'a 4 second short' });
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    const outcome = await port.outcome(request.id);
    expect(outcome.kind).toBe('failure');
    if (outcome.kind === 'failure') expect(outcome.post.text).toContain('could not post it here');
    expect(posts).toBe(3);
    await vi.waitFor(async () => expect(await harness.reverie.context.active.count('console-user-1', Date.now())).toBe(0));
    // Given up: the clip and thumbnail left the media store, and no copies are left on either side.
    await vi.waitFor(async () => expect(await mediaKeys(harness)).toEqual([]));
    await vi.waitFor(async () => expect(await readdir(harness.reverie.context.workRoot)).toEqual([]));
  }, 30_000);

  it('hands the clip over through the media store and deletes it, and the copies, once posted', async () => {
    const port = createRecordingPort();
    const posted: { clip: string; thumbnail: string }[] = [];
    const postClip = port.postClip;
    port.postClip = async (post) => {
      posted.push({ clip: await readFile(post.filePath, 'utf8'), thumbnail: await readFile(post.thumbnailPath, 'utf8') });
      expect(post.filePath).toBe(join(harness.reverie.context.workRoot, `${request.id}.delivery`, 'final.mp4'));
      return postClip(post);
    };
    const { harness } = await start(createFakeProvider(), {}, port);
    const request = makeRequest({ sentence: 'a 4 second short' });
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    expect((await port.outcome(request.id)).kind).toBe('clip');
    expect(posted).toEqual([{ clip: 'assembled 1', thumbnail: 'jpeg' }]);
    await vi.waitFor(async () => expect(await mediaKeys(harness)).toEqual([]));
    await vi.waitFor(async () => expect(await readdir(harness.reverie.context.workRoot)).toEqual([]));
  });

  it('tells the user when the clip is no longer in the media store, without retrying', async () => {
    const port = createRecordingPort();
    const { harness } = await start(createFakeProvider(), {}, port);
    // The worker's copy is gone before the delivery worker gets to it (expired while the adapter was down).
    const { mediaStore } = harness.reverie.context;
    harness.reverie.context.mediaStore = { ...mediaStore, put: async () => undefined };
    const request = makeRequest({ sentence: 'a 4 second short' });
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    const outcome = await port.outcome(request.id);
    expect(outcome.kind === 'failure' && outcome.post.text).toBe(translate('en-US', 'error.internal'));
    await vi.waitFor(() => expect(harness.logs.join('')).toContain('delivery-media-gone'));
    expect(await harness.reverie.context.active.count('console-user-1', Date.now())).toBe(0);
    // Settled, not failed: no attempt is left waiting to find the same nothing.
    const job = await harness.reverie.queues.get(deliveryQueueName(request.where)).getJob(`${request.id}-clip`);
    await vi.waitFor(async () => expect(await job?.getState()).toBe('completed'));
    expect(job?.attemptsMade).toBe(1);
    expect(port.clips).toEqual([]);
  });
});

async function mediaKeys(harness: TestReverie): Promise<string[]> {
  return harness.reverie.context.redis.keys(`${harness.prefix}:media:*`);
}

describe('try again', () => {
  it('starts one new, explicitly requested attempt after an unknown outcome', async () => {
    let calls = 0;
    const provider = createFakeProvider({
      onStart: () => {
        calls += 1;
        if (calls === 1) throw new ProviderError('outcome-unknown', 'connection reset after the create was sent');
      },
    });
    const { harness, port } = await start(provider);
    const { context, queues } = harness.reverie;
    const request = makeRequest({ sentence: 'a 4 second short' });
    await submitRequest(context, queues, request);
    const failed = await port.outcome(request.id);
    expect(failed.kind === 'failure' && failed.post.code).toBe('outcome-unknown');
    expect(provider.starts).toHaveLength(1);
    const failure = await findRetryableFailure(queues, request.id, request.where);
    if (!failure) throw new Error('the unknown outcome should be retryable');
    const clicks = await Promise.all([
      retryFailedRequest(context, queues, failure, { where: {}, receivedAt: Date.now() }),
      retryFailedRequest(context, queues, failure, { where: {}, receivedAt: Date.now() }),
    ]);
    expect(clicks.map((click) => click.status).sort()).toEqual(['accepted', 'duplicate']);
    expect((await port.outcome(`${request.id}-again`)).kind).toBe('clip');
    expect(provider.starts).toHaveLength(2);
  });

  it('offers no retry for a refusal', async () => {
    const provider = createFakeProvider({ status: () => ({ state: 'refused', reason: 'unsafe' }) });
    const { harness, port } = await start(provider);
    const request = makeRequest({ sentence: 'a 4 second short' });
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    await port.outcome(request.id);
    expect(await findRetryableFailure(harness.reverie.queues, request.id, request.where)).toBeNull();
  });
});

describe('avatars', () => {
  it('proceeds without an unreadable avatar and says why', async () => {
    const provider = createFakeProvider();
    const { harness, port } = await start(provider);
    const notAnImage = join(harness.dataDir, 'avatar.png');
    await writeFile(notAnImage, 'this is not a picture');
    const request = makeRequest({ sentence: 'a 4 second short with my avatar', avatar: { kind: 'path', location: notAnImage, mimeType: 'image/png', source: 'avatar' } });
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    const outcome = await port.outcome(request.id);
    expect(outcome.kind).toBe('clip');
    if (outcome.kind === 'clip') {
      expect(outcome.post.notes.join(' ')).toContain('not a PNG, JPEG, WebP or GIF image');
      expect(outcome.post.clip.plan.protagonist.useAvatar).toBe(false);
    }
    expect(provider.starts[0]?.avatar).toBeNull();
  });

  it('starts from the attached picture, or from the avatar when the user says "my avatar"', async () => {
    const pictures: (Buffer | null)[] = [];
    const provider = createFakeProvider({ onStart: async (input) => void pictures.push(input.avatar ? await readFile(input.avatar.path) : null) });
    const { harness, port } = await start(provider);
    const attached = await makeStill(join(harness.dataDir, 'dog.png'), 64, 48);
    const avatar = await makeStill(join(harness.dataDir, 'me.png'), 32, 32);
    const refs = {
      attachments: [{ kind: 'path' as const, location: attached, mimeType: 'image/png', source: 'attachment' as const }],
      avatar: { kind: 'path' as const, location: avatar, mimeType: 'image/png', source: 'avatar' as const },
    };
    const withPicture = makeRequest({ sentence: 'a 4 second short about my dog', ...refs });
    await submitRequest(harness.reverie.context, harness.reverie.queues, withPicture);
    const first = await port.outcome(withPicture.id);
    expect(first.kind === 'clip' && first.post.clip.plan.protagonist.useAvatar).toBe(true);
    const withAvatar = makeRequest({ sentence: 'a 4 second short with my avatar', ...refs });
    await submitRequest(harness.reverie.context, harness.reverie.queues, withAvatar);
    await port.outcome(withAvatar.id);
    expect(pictures).toEqual([await readFile(attached), await readFile(avatar)]);
  });

  it('tells a user who asked for their avatar but has none', async () => {
    const { harness, port } = await start(createFakeProvider());
    const request = makeRequest({ sentence: '用我的头像做一个4秒短片', requester: { userId: 'u3', displayName: '阿明', locale: 'zh-CN' }, avatar: null });
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    const outcome = await port.outcome(request.id);
    expect(outcome.kind === 'clip' && outcome.post.notes).toEqual(['你没有可用的头像，所以短片用了生成的背景。']);
  });
});

describe('regenerate', () => {
  it('starts one job for a double click and keeps the plan', async () => {
    const provider = createFakeProvider();
    const { harness, port } = await start(provider);
    const { context, queues } = harness.reverie;
    const request = makeRequest({ sentence: 'a 4 second short' });
    await submitRequest(context, queues, request);
    await port.outcome(request.id);
    const clicks = await Promise.all([
      regenerateClip(context, queues, request.id, 'regenerate', { where: {}, receivedAt: Date.now() }),
      regenerateClip(context, queues, request.id, 'regenerate', { where: {}, receivedAt: Date.now() }),
    ]);
    expect(clicks.map((click) => click.status).sort()).toEqual(['accepted', 'duplicate']);
    const regenerated = await port.outcome(`${request.id}-r`);
    expect(regenerated.kind).toBe('clip');
    if (regenerated.kind === 'clip') {
      const original = port.clips[0]?.clip.plan;
      expect(regenerated.post.clip.plan).toEqual(original);
      expect(regenerated.post.clip.generation).toBe(1);
    }
    expect(port.clips).toHaveLength(2);
  });

  it('regenerates, after a restart, a clip delivered 31 days ago (past the old Redis TTL): the database remembers it', async () => {
    const provider = createFakeProvider();
    const monthAgo = Date.now() - 31 * 24 * 3600 * 1000;
    const before = await startTestReverie({}, { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia(), now: () => monthAgo });
    const firstPort = createRecordingPort();
    const firstDelivery = startTestDelivery(before.reverie, firstPort, 'session1');
    before.reverie.startWorkers();
    const request = makeRequest({ sentence: 'a 4 second short about a lighthouse' });
    await submitRequest(before.reverie.context, before.reverie.queues, request);
    expect((await firstPort.outcome(request.id)).kind).toBe('clip');
    await waitUntil(() => before.reverie.context.clips.findByMessage('console', 'message-1'), 'the delivery to be recorded');
    await firstDelivery.close();
    await before.reverie.stop();

    try {
      // The restart: a new process on the same Redis and DATA_DIR (its SQLite record), a month later.
      const after = await start(provider, { QUEUE_PREFIX: before.prefix, DATA_DIR: before.dataDir });
      const { context, queues } = after.harness.reverie;
      expect(await context.records.creations.get(request.id)).toMatchObject({ state: 'delivered', clipId: request.id, clipMessageId: 'message-1', createdAt: monthAgo });
      const clip = await context.clips.findByMessage('console', 'message-1');
      expect(clip?.createdAt).toBe(monthAgo);
      expect((await regenerateClip(context, queues, clip?.id ?? 'missing', 'regenerate', { where: {}, receivedAt: Date.now() })).status).toBe('accepted');
      const regenerated = await after.port.outcome(`${request.id}-r`);
      expect(regenerated.kind === 'clip' && regenerated.post.clip.plan).toEqual(clip?.plan);
      // The record is written just after the post returns.
      await waitUntil(async () => ((await context.records.creations.get(`${request.id}-r`))?.state === 'delivered' ? true : null), 'the regenerated creation recorded as delivered');
    } finally {
      await deletePrefix(REDIS_URL, before.prefix);
      await rm(before.dataDir, { recursive: true, force: true });
    }
  });
});
