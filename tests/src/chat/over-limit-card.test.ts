import { afterEach, expect, it } from 'vitest';
import type { ChatCore } from '../../../src/chat/chat-core.ts';
import type { Address } from '../../../src/domain/creation-request.ts';
import { PLAN_QUEUE } from '../../../src/queue/queue-names.ts';
import { consoleMessage } from '../../helpers/chat-creation.ts';
import { createFakeMedia, createFakeProvider } from '../../helpers/fake-ports.ts';
import { createRecordingPort } from '../../helpers/recording-port.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';

/** A message over a limit is answered on its card, in the sender's language, and nothing is queued. */

let test: TestReverie | null = null;
let core: ChatCore | null = null;

afterEach(async () => {
  await core?.close();
  await test?.cleanup();
  core = null;
  test = null;
});

it('says on the card which limit stopped the request and when it resets', async () => {
  const provider = createFakeProvider();
  // A daily budget of $0: the owner allows no paid renders at all.
  test = await startTestReverie({ USER_DAILY_USD: '0' }, { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia() });
  test.reverie.startWorkers();
  const port = createRecordingPort('console');
  core = test.reverie.chat.connect(port, { conversationId: 'room-1', minEditIntervalMs: 10 });
  const where: Address = { platform: 'console', conversationId: 'room-1', threadId: null, replyToMessageId: null, statusMessageId: 'card-1', communityId: null };
  const event = consoleMessage(where, { requestId: 'over-limit-1', sentence: 'a 3 second short about a paper boat', locale: 'zh-TW', receivedAt: Date.now() });

  const outcome = await core.messageArrived(event);
  expect(outcome.status).toBe('rejected');
  expect(port.cards).toHaveLength(1);
  expect(port.cards[0]?.where).toEqual(where);
  expect(port.cards[0]?.text).toMatch(/^你今天已經用了 \$0\.00，每天預算 \$0\.00，這個暫時不能開始。額度\d+ (秒|分鐘|小時|天)後重置。$/);
  expect(await test.reverie.queues.get(PLAN_QUEUE).getJob('over-limit-1')).toBeUndefined();
  expect(provider.starts).toHaveLength(0);
});
