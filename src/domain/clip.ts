import { z } from 'zod';
import { CreationRequest } from './creation-request.ts';
import { CreativePlan } from './creative-plan.ts';
import { OperationHandle } from './operation-handle.ts';

/**
 * A finished clip as remembered in Redis: enough to caption it, regenerate it, revise it and
 * account for its cost after any restart. Files are not kept; the plan is.
 */
export const ClipRecord = z.object({
  id: z.string(),
  request: CreationRequest,
  plan: CreativePlan,
  planner: z.string(),
  providerId: z.string(),
  modelId: z.string(),
  /** Seconds of video the provider generated (what it bills), and of the delivered clip. */
  generatedSeconds: z.number(),
  /**
   * What the provider charges for those seconds in USD (seconds × the model's price per second,
   * as recorded at create), 0 for the local renderer, null when the price is unknown. Optional so
   * clips stored before it existed still parse.
   */
  costUsd: z.number().nullable().optional(),
  durationSeconds: z.number(),
  sizeBytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  /** The last shot's operation (captions, cost records; a one-shot clip stored before shotOperations). */
  lastOperation: OperationHandle.nullable(),
  /**
   * Every shot's operation in order, so a revision continues each shot (Omni's
   * previous_interaction_id). Optional so clips stored before it existed still parse.
   */
  shotOperations: z.array(OperationHandle).optional(),
  /** How many regenerate/variation generations led here (0 for the first take). */
  generation: z.number().int().min(0),
  createdAt: z.number().int(),
  /** Platform message id of the posted clip, once delivered. */
  messageId: z.string().nullable(),
});
export type ClipRecord = z.infer<typeof ClipRecord>;
