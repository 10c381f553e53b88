import { basename } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CreationRequest } from '../../../src/domain/creation-request.ts';
import { submitRequest } from '../../../src/pipeline/submit-request.ts';
import { renderQueueName } from '../../../src/queue/queue-names.ts';
import { getQueuePosition } from '../../../src/queue/queue-set.ts';
import { createFakeMedia, createFakeProvider, type FakeProvider } from '../../helpers/fake-ports.ts';
import { makeRequest } from '../../helpers/requests.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';
import { waitUntil } from '../../helpers/wait-until.ts';

/**
 * Fair turns through the real pipeline: a provider that creates one clip at a time (one render
 * slot), whose first create is held open until everyone's render job is in line, so the order of
 * the creates that follow is the queue's order and nothing else.
 */

let harness: TestReverie | null = null;
let release: () => void = () => undefined;

afterEach(async () => {
  release();
  await harness?.cleanup();
  harness = null;
});

async function start(): Promise<{ harness: TestReverie; provider: FakeProvider }> {
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const provider = createFakeProvider({ onStart: (_input, call) => (call === 1 ? held : undefined) });
  harness = await startTestReverie({ WORKER_CONCURRENCY: '1', MAX_ACTIVE_PER_USER: '6' }, { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia() });
  harness.reverie.startWorkers();
  return { harness, provider };
}

/** A one-shot request of `userId` in the community (server) `communityId`. */
function requestOf(userId: string, communityId: string): CreationRequest {
  return makeRequest({
    sentence: 'a 4 second short',
    requester: { userId, displayName: userId, locale: 'en-US' },
    where: { platform: 'console', conversationId: `${communityId}-general`, communityId, threadId: null, replyToMessageId: null, statusMessageId: null },
  });
}

async function submitAll(harness: TestReverie, requests: CreationRequest[]): Promise<void> {
  for (const request of requests) {
    const outcome = await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    expect(outcome.status).toBe('accepted');
  }
  const queue = harness.reverie.queues.get(renderQueueName('fake'));
  await waitUntil(async () => ((await Promise.all(requests.map((request) => queue.getJob(`${request.id}-render`)))).every(Boolean) ? true : null), 'their render jobs to be in line');
}

/** Whose request each create was for, in the order the creates started (the work dir is the request id). */
function ownersInStartOrder(provider: FakeProvider, owners: Map<string, string>): string[] {
  return provider.starts.map((input) => owners.get(basename(input.workDir)) ?? 'unknown');
}

describe('fair turns', () => {
  it('starts B’s render before A’s third when A asked six times first', async () => {
    const { harness, provider } = await start();
    const a = Array.from({ length: 6 }, () => requestOf('a', 'server-x'));
    const b = requestOf('b', 'server-x');
    await submitAll(harness, a);
    // A's first create holds the only slot; A's other five wait, in line before B even asks.
    await waitUntil(async () => (provider.starts.length === 1 ? true : null), 'A’s first create');
    await submitAll(harness, [b]);

    const renderQueue = harness.reverie.queues.get(renderQueueName('fake'));
    // The card's place in line is the real one: B is second, behind A's second request only.
    expect(await getQueuePosition(renderQueue, `${b.id}-render`)).toBe(2);

    release();
    await waitUntil(async () => (provider.starts.length === 7 ? true : null), 'every create');
    const owners = new Map([...a.map((request): [string, string] => [request.id, 'a']), [b.id, 'b']]);
    const order = ownersInStartOrder(provider, owners);
    expect(order).toEqual(['a', 'a', 'b', 'a', 'a', 'a', 'a']);
    const aThird = order.map((owner, index) => (owner === 'a' ? index : -1)).filter((index) => index >= 0)[2] ?? -1;
    expect(order.indexOf('b')).toBeLessThan(aThird);
  });

  it('starts server Y’s first render before the rest of server X’s', async () => {
    const { harness, provider } = await start();
    const u = Array.from({ length: 4 }, () => requestOf('u', 'server-x'));
    const w = requestOf('w', 'server-x');
    const v = requestOf('v', 'server-y');
    await submitAll(harness, u);
    await waitUntil(async () => (provider.starts.length === 1 ? true : null), 'U’s first create');
    await submitAll(harness, [w]);
    await submitAll(harness, [v]);

    release();
    await waitUntil(async () => (provider.starts.length === 6 ? true : null), 'every create');
    const owners = new Map([...u.map((request): [string, string] => [request.id, 'u']), [w.id, 'w'], [v.id, 'v']]);
    // Server X's turns: u, u, w, u, u (W joined late, one turn late); server Y's first comes right
    // after X's first, though it asked last.
    expect(ownersInStartOrder(provider, owners)).toEqual(['u', 'v', 'u', 'w', 'u', 'u']);
  });
});
