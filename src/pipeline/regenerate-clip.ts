import type { Address } from '../domain/creation-request.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { submitRequest, type SubmitOutcome } from './submit-request.ts';

export type RegenerateMode = 'regenerate' | 'variation';

/**
 * A new take of a delivered clip. 🔁 keeps the plan and renders again; 🎲 plans anew from the
 * same sentence. The new request id derives from the clip and the mode, so a double click, or a
 * reaction plus a click, starts one job, not two.
 */
export async function regenerateClip(
  context: PipelineContext,
  queues: QueueSet,
  clipId: string,
  mode: RegenerateMode,
  overrides: { where: Partial<Address>; receivedAt: number },
): Promise<SubmitOutcome | { status: 'unknown-clip' }> {
  const clip = await context.clips.get(clipId);
  if (!clip) return { status: 'unknown-clip' };
  const request = {
    ...clip.request,
    id: `${clipId}-${mode === 'regenerate' ? 'r' : 'v'}`,
    where: { ...clip.request.where, statusMessageId: null, ...overrides.where },
    receivedAt: overrides.receivedAt,
  };
  return submitRequest(context, queues, request, {
    variation: mode === 'variation' ? clip.generation + 1 : 0,
    basePlan: mode === 'regenerate' ? clip.plan : null,
    revision: null,
    generation: clip.generation + 1,
  });
}
