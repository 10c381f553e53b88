import type { Job } from 'bullmq';
import { ProviderError } from '../domain/errors.ts';
import type { VideoProvider } from '../ports/video-provider.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import type { RenderJobData } from './job-data.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { backOffRateLimited, handOverToFallback } from './provider-setbacks.ts';
import { rewriteAndRestart } from './refusal-restart.ts';
import { holdShot } from './render-charges.ts';
import { chainedInput } from './shot-input.ts';
import { releaseShotSlots, takeShotCreateTurn, takeShotSlot } from './shot-slots.ts';
import { sendsCreate, startShot, type ReportProgress } from './start-shot.ts';

/** What the render step needs to create shots: its job, its data and where its files go. */
export interface RenderRun {
  job: Job;
  data: RenderJobData;
  token: string | undefined;
  provider: VideoProvider;
  workDir: string;
  report: ReportProgress;
}

/** After the creates: 'handed-over' to another queue, or when a create held back by MODEL_RATE_LIMIT may be sent (ms; null = none held back). */
export type CreatesOutcome = 'handed-over' | { nextCreateInMs: number | null };

/**
 * Creates the shots not created yet, in order, as far as chaining, MODEL_CONCURRENCY and
 * MODEL_RATE_LIMIT allow; a create that fails is routed: a refusal to the safer rewrite, a 429 to
 * the queue's back-off, a provider that is down to the fallback chain ('handed-over'); anything
 * else fails the step.
 */
export async function createPendingShots(context: PipelineContext, queues: QueueSet, run: RenderRun): Promise<CreatesOutcome> {
  const { job, data, token, provider, workDir, report } = run;
  let nextCreateInMs: number | null = null;
  for (const shot of data.shots) {
    if (shot.operation !== null) continue;
    const input = await chainedInput(context, data, shot, provider, workDir);
    // Later shots wait too: they are created in order, each from the one before.
    if (input === 'wait') break;
    // The model runs as many as MODEL_CONCURRENCY allows: what was created is polled, the rest waits its turn.
    if (!(await takeShotSlot(context, data, shot, provider))) break;
    // Over the model's rate, the create waits (the step runs again when the window has room) and
    // its slot goes to whoever can use it meanwhile.
    const waitMs = sendsCreate(shot, provider) ? await takeShotCreateTurn(context, data, shot, provider) : 0;
    if (waitMs > 0) {
      await releaseShotSlots(context, data, [shot], provider);
      nextCreateInMs = waitMs;
      break;
    }
    try {
      await startShot(context, job, data, shot, provider, input, report);
    } catch (error) {
      if (!(error instanceof ProviderError)) {
        await releaseShotSlots(context, data, [shot], provider);
        throw error;
      }
      // Whether the provider started (and bills) a job is unknown: the slot and the charge stay counted.
      if (error.kind === 'outcome-unknown') await holdShot(context, data, shot);
      else await releaseShotSlots(context, data, [shot], provider);
      if (error.kind === 'refused') return rewriteAndRestart(context, provider, job, data, token, error.message, shot.index);
      if (error.kind === 'rate-limited') return backOffRateLimited(context, queues, provider, error);
      if (error.kind === 'unavailable' && (await handOverToFallback(context, queues, job, data, error))) return 'handed-over';
      throw error;
    }
  }
  return { nextCreateInMs };
}
