import { randomBytes } from 'node:crypto';
import type { ReverieOverrides } from '../src/app/create-reverie.ts';
import { NO_OPTIONS, type CreationRequest } from '../src/domain/creation-request.ts';
import type { ChatPort } from '../src/ports/chat-port.ts';
import { submitRequest } from '../src/pipeline/submit-request.ts';
import { startTestDelivery } from '../tests/helpers/test-delivery.ts';
import { startBenchReverie, type BenchReverie } from './bench-reverie.ts';

const CONVERSATION = 'bench';

/**
 * A chat port that only counts: clips and failures per request. It keeps no posts, so a long soak
 * measures Reverie's memory, not the bench's.
 */
export interface CountingPort extends ChatPort {
  clipsOf: Map<string, number>;
  failuresOf: Map<string, number>;
  /** Resolves once every id has a clip or a failure (or rejects after `timeoutMs`). */
  settled(ids: readonly string[], timeoutMs: number): Promise<void>;
}

export function createCountingPort(): CountingPort {
  const bump = (counts: Map<string, number>, id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);
  const port: CountingPort = {
    platform: 'console',
    refitCeilingBytes: null,
    clipsOf: new Map(),
    failuresOf: new Map(),
    updateStatus: async () => undefined,
    showPreview: async () => ({ messageId: null }),
    async postClip(post) {
      bump(port.clipsOf, post.clip.request.id);
      return { messageId: `message-${post.clip.request.id}` };
    },
    async postFailure(post) {
      bump(port.failuresOf, post.request.id);
    },
    explainOnCard: async () => undefined,
    removeCard: async () => undefined,
    async settled(ids, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      const open = () => ids.filter((id) => !port.clipsOf.has(id) && !port.failuresOf.has(id)).length;
      while (open() > 0) {
        if (Date.now() > deadline) throw new Error(`${open()} of ${ids.length} requests had no outcome in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
  return port;
}

export interface BenchPipeline {
  bench: BenchReverie;
  port: CountingPort;
  /**
   * Submits a console request from its own user (per-user limits stay out of the figures); returns
   * its id. 4 s without a script unless `shape` says otherwise.
   */
  submit(sentence?: string, shape?: { seconds?: number; script?: string }): Promise<string>;
  stop(): Promise<void>;
}

/** Reverie with its workers and a console conversation's delivery worker posting to a counting port. */
export async function startBenchPipeline(env: Record<string, string>, overrides: ReverieOverrides): Promise<BenchPipeline> {
  const bench = await startBenchReverie({ PLANNER: 'offline', ...env }, overrides);
  const port = createCountingPort();
  const delivery = startTestDelivery(bench.reverie, port, CONVERSATION);
  bench.reverie.startWorkers();
  const run = randomBytes(3).toString('hex');
  let count = 0;
  return {
    bench,
    port,
    async submit(sentence = 'rain on a window at night, 4 seconds', shape = {}) {
      count += 1;
      const request: CreationRequest = {
        id: `bench-${run}-${count}`,
        requester: { userId: `user-${count}`, displayName: `User ${count}`, locale: 'en' },
        where: { platform: 'console', conversationId: CONVERSATION, threadId: null, replyToMessageId: null, statusMessageId: null, communityId: null },
        sentence,
        referencedText: shape.script === undefined ? null : { source: 'inline', text: shape.script },
        attachments: [],
        avatar: null,
        options: { ...NO_OPTIONS, seconds: shape.seconds ?? 4 },
        maxUploadBytes: 10 * 1024 * 1024,
        receivedAt: Date.now(),
      };
      const outcome = await submitRequest(bench.reverie.context, bench.reverie.queues, request);
      if (outcome.status !== 'accepted') throw new Error(`request ${request.id} not accepted: ${outcome.status}`);
      return request.id;
    },
    async stop() {
      await delivery.close();
      await bench.stop();
    },
  };
}
