import { afterEach, describe, expect, it } from 'vitest';
import { submitRequest } from '../../../src/pipeline/submit-request.ts';
import type { RunningWorker } from '../../../src/queue/start-worker.ts';
import type { ClipStore } from '../../../src/store/clip-store.ts';
import { createRecordingPort } from '../../helpers/recording-port.ts';
import { makeRequest } from '../../helpers/requests.ts';
import { startTestDelivery } from '../../helpers/test-delivery.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';

/** Delivery is idempotent per clip: a retried delivery job never posts the same clip twice. */

const CONVERSATION = 'delivery-once';
let harness: TestReverie | null = null;
let delivery: RunningWorker | null = null;

afterEach(async () => {
  await delivery?.close();
  delivery = null;
  await harness?.cleanup();
  harness = null;
});

describe('delivery worker', () => {
  it('posts a clip once when its delivery is retried after the post succeeded (it failed before markDelivered)', async () => {
    harness = await startTestReverie({ PLANNER: 'offline', VIDEO_PROVIDER: 'local' });
    const { context, queues } = harness.reverie;
    const port = createRecordingPort();
    // The store fails to record the first delivery once, right after the platform took the post.
    let failures = 0;
    let recorded: (messageId: string) => void = () => undefined;
    const delivered = new Promise<string>((resolve) => (recorded = resolve));
    const clips: ClipStore = {
      ...context.clips,
      async markDelivered(clipId, platform, messageId) {
        if (failures === 0) {
          failures += 1;
          throw new Error('redis blip after the post');
        }
        await context.clips.markDelivered(clipId, platform, messageId);
        recorded(messageId);
      },
    };
    delivery = startTestDelivery(harness.reverie, port, CONVERSATION, { clips });
    harness.reverie.startWorkers();

    const request = makeRequest({
      sentence: 'a calm 4 second short about the sea',
      referencedText: null,
      where: { platform: 'console', conversationId: CONVERSATION, threadId: null, replyToMessageId: null, statusMessageId: null, communityId: null },
    });
    expect((await submitRequest(context, queues, request)).status).toBe('accepted');

    // The positive signal: the retried job recorded the delivery.
    const messageId = await delivered;
    expect(failures).toBe(1);
    expect(port.clips).toHaveLength(1);
    expect(messageId).toBe('message-1');
    expect((await context.clips.get(request.id))?.messageId).toBe('message-1');
    expect((await context.clips.findByMessage('console', 'message-1'))?.id).toBe(request.id);
  });
});
