import type { Job } from 'bullmq';
import type { CreationRequest } from '../domain/creation-request.ts';
import { ReverieError } from '../domain/errors.ts';
import { PLAN_QUEUE, renderQueueName } from '../queue/queue-names.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import { startWorker, type RunningWorker } from '../queue/start-worker.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { createPlanProcessor } from './plan-step.ts';
import { PlanJobData, RenderJobData } from './job-data.ts';
import { abandonRender, createRenderProcessor } from './render-step.ts';
import { failRequest } from './run-step.ts';

/**
 * BullMQ renews a job's lock every half of this while the processor runs (ffmpeg leaves the
 * event loop free), so it only bounds how soon a crashed worker's job is resumed elsewhere; a
 * minute tolerates a starved 2-core machine without leaving a paid operation waiting long.
 */
const RENDER_LOCK_MS = 60_000;

/**
 * A limiter far above any real rate: BullMQ honours a manual `queue.rateLimit()` (our 429 back-off)
 * in every worker process only when the worker has a limiter at all.
 */
const RENDER_LIMITER = { max: 1_000, duration: 1_000 };

/** The worker half of Reverie: planning plus one render worker per configured provider. */
export function startPipelineWorkers(context: PipelineContext, queues: QueueSet, concurrency: number): RunningWorker[] {
  const { lockMs, stalledCheckMs } = context.crashRecovery;
  // Plan and render jobs both carry their request: the user hears that it failed, not nothing.
  const failStalled = async (job: Job, request: CreationRequest) => {
    context.logger.error({ jobId: job.id, requestId: request.id }, 'request-stalled-out');
    await failRequest(context, queues, request, new ReverieError('internal', 'error.internal', { detail: 'its worker died during it more than once' }));
  };
  // A render also stops what still runs for it at the provider and gives back its model slots.
  const failStalledRender = async (job: Job) => {
    const data = RenderJobData.parse(job.data);
    await abandonRender(context, data);
    await failStalled(job, data.request);
  };
  const common = { redisUrl: context.redisUrl, prefix: context.prefix, logger: context.logger, stalledInterval: stalledCheckMs };
  const workers = [
    startWorker(PLAN_QUEUE, createPlanProcessor(context, queues), {
      ...common,
      concurrency: Math.max(2, concurrency),
      lockDuration: lockMs,
      onStalledOut: (job) => failStalled(job, PlanJobData.parse(job.data).request),
    }),
  ];
  for (const provider of context.providers.values()) {
    workers.push(
      startWorker(renderQueueName(provider.id), createRenderProcessor(context, queues), {
        ...common,
        concurrency,
        lockDuration: lockMs ?? RENDER_LOCK_MS,
        limiter: RENDER_LIMITER,
        onStalledOut: failStalledRender,
      }),
    );
  }
  return workers;
}
