import { MAX_SENTENCE_CHARS, type Address, type Requester } from '../domain/creation-request.ts';
import { ReverieError } from '../domain/errors.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { submitRequest, type SubmitOutcome } from './submit-request.ts';

export interface RevisionOverrides {
  /**
   * The platform event of the reply (message id, update id). The new request id derives from it,
   * so a re-delivered reply starts one revision, while a second reply is a second revision.
   */
  eventId: string;
  where: Partial<Address>;
  /** Who replied, when the adapter allows others than the requester to revise. */
  requester?: Requester;
  receivedAt: number;
}

/** Job ids carry no ":" and BullMQ dislikes all-digit ids; platform ids may be either. */
function idPart(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
}

/**
 * Revise by reply: "make it night", "slower, more ASMR" in reply to a delivered clip. The plan
 * job carries `revision`, so the planner re-plans from the stored plan plus the instruction, and
 * a provider that can continue its own clip (Omni: `previous_interaction_id`) continues every
 * shot's own operation, so nothing is made afresh. The instruction is the user's words, verbatim.
 */
export async function reviseClip(context: PipelineContext, queues: QueueSet, clipId: string, instruction: string, overrides: RevisionOverrides): Promise<SubmitOutcome | { status: 'unknown-clip' }> {
  const clip = await context.clips.get(clipId);
  if (!clip) return { status: 'unknown-clip' };
  const words = instruction.trim();
  const id = `${clipId}-rev-${idPart(overrides.eventId)}`;
  if (words === '') return { status: 'rejected', requestId: id, error: new ReverieError('bad-input', 'error.empty') };
  const length = [...words].length;
  if (length > MAX_SENTENCE_CHARS) {
    return { status: 'rejected', requestId: id, error: new ReverieError('bad-input', 'error.too-long', { params: { length, max: MAX_SENTENCE_CHARS } }) };
  }
  const request = {
    ...clip.request,
    id,
    requester: overrides.requester ?? clip.request.requester,
    where: { ...clip.request.where, statusMessageId: null, ...overrides.where },
    receivedAt: overrides.receivedAt,
  };
  return submitRequest(context, queues, request, {
    variation: 0,
    basePlan: null,
    revision: { clipId, instruction: words },
    generation: clip.generation + 1,
  });
}
