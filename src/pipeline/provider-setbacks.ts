import { Worker, type Job } from 'bullmq';
import type { ProviderError } from '../domain/errors.ts';
import type { VideoProvider } from '../ports/video-provider.ts';
import { addInTurn } from '../queue/fair-turns.ts';
import { renderQueueName } from '../queue/queue-names.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import { turnKeysOf } from './fair-keys.ts';
import type { RenderJobData } from './job-data.ts';
import type { PipelineContext } from './pipeline-context.ts';

/** How long a provider queue pauses after a 429 that names no retry-after, ms. */
const DEFAULT_RATE_LIMIT_MS = 15_000;

/**
 * A 429 pauses the provider's whole render queue (BullMQ's manual rate limit) and puts the job
 * back in line without using up an attempt; the generation deadline still bounds the waiting.
 */
export async function backOffRateLimited(context: PipelineContext, queues: QueueSet, provider: VideoProvider, error: ProviderError): Promise<never> {
  const waitMs = Math.max(1_000, error.retryAfterMs ?? DEFAULT_RATE_LIMIT_MS);
  context.logger.warn({ provider: provider.id, waitMs }, 'provider-rate-limited');
  await queues.get(renderQueueName(provider.id)).rateLimit(waitMs);
  throw Worker.RateLimitError();
}

/** The provider ids to try after `currentId`, from the optional VIDEO_FALLBACKS chain. */
function nextFallbackProvider(context: PipelineContext, currentId: string): VideoProvider | null {
  const chain = context.fallbackProviderIds;
  const after = chain.indexOf(currentId);
  for (const id of chain.slice(after + 1)) {
    const provider = id === currentId ? undefined : context.providers.get(id);
    if (provider) return provider;
  }
  return null;
}

/**
 * The chosen provider is down (its last attempt failed with nothing created): the render moves to
 * the next provider in the fallback chain, as a fresh job on that provider's own queue.
 */
export async function handOverToFallback(context: PipelineContext, queues: QueueSet, job: Job, data: RenderJobData, error: ProviderError): Promise<boolean> {
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (!lastAttempt || data.shots.some((shot) => shot.operation !== null)) return false;
  const next = nextFallbackProvider(context, data.providerId);
  if (!next) return false;
  context.logger.warn({ jobId: job.id, from: data.providerId, to: next.id, reason: error.message }, 'provider-fallback');
  const handedOver: RenderJobData = {
    ...data,
    providerId: next.id,
    shots: data.shots.map((shot) => ({ ...shot, attempts: 0, operation: null, draft: null, file: null, previous: shot.previous?.provider === next.id ? shot.previous : null })),
    // A handle only means something to the provider that made it.
    previous: data.previous?.provider === next.id ? data.previous : null,
  };
  await addInTurn(queues.get(renderQueueName(next.id)), 'render', handedOver, { jobId: `${data.request.id}-render-${next.id}`, keys: turnKeysOf(data.request), nowMs: context.now() });
  return true;
}
