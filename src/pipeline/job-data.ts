import { z } from 'zod';
import { CreationRequest } from '../domain/creation-request.ts';
import { CreativePlan } from '../domain/creative-plan.ts';
import { OperationHandle } from '../domain/operation-handle.ts';

/**
 * Job data for each queue, validated whenever a worker picks a job up. Everything here is stored
 * in clear text in Redis, so no secrets: only ids, plans, media-store keys and the worker's own
 * local paths (shots, which never leave the render job).
 */

export const UserNote = z.object({
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export const PlanJobData = z.object({
  request: CreationRequest,
  /** 0 for a first take; bumped by 🎲 Variation so the planner gives a new plan. */
  variation: z.number().int().min(0),
  /** 🔁 Regenerate keeps the plan: planning is skipped when this is set. */
  basePlan: CreativePlan.nullable(),
  /** Revise-by-reply: the clip being revised and the user's instruction. */
  revision: z.object({ clipId: z.string(), instruction: z.string() }).nullable(),
  generation: z.number().int().min(0),
});
export type PlanJobData = z.infer<typeof PlanJobData>;

export const ShotState = z.object({
  index: z.number().int().min(0),
  /** Seconds asked of the provider (plan seconds plus crossfade overlap). */
  seconds: z.number().positive(),
  /**
   * Create calls still open or answered for this shot: written before each call and taken back
   * when the provider says nothing was created, so a count left at 1 with no operation means a
   * worker died inside the call.
   */
  attempts: z.number().int().min(0),
  /** Written the moment the create call returns, before any polling: never pay twice. */
  operation: OperationHandle.nullable(),
  /** Written before the create call where the provider can still find it later (fal webhooks). */
  draft: OperationHandle.nullable().default(null),
  /** Local path once downloaded, on the worker that downloaded it (finish downloads again elsewhere). */
  file: z.string().nullable(),
  /**
   * The round of this shot's line on the cost ledger (key: request, shot, round): a shot created
   * afresh after its generation failed, or the safer rewrite after a refusal, gets a new line, as
   * the released one keeps its key. Absent in jobs queued before the ledger (round 0).
   */
  round: z.number().int().min(0).default(0),
  /** Revise by reply: the operation that made this shot of the revised clip, which this shot continues. */
  previous: OperationHandle.nullable().optional(),
});
export type ShotState = z.infer<typeof ShotState>;

export const RenderJobData = z.object({
  request: CreationRequest,
  plan: CreativePlan,
  planner: z.string(),
  notes: z.array(UserNote),
  providerId: z.string(),
  /** The fetched avatar in the plan step's work dir (fetched again where that is not at hand), for providers that take an image. */
  avatar: z.object({ path: z.string(), mimeType: z.string() }).nullable(),
  generation: z.number().int().min(0),
  step: z.enum(['generate', 'finish']),
  shots: z.array(ShotState),
  /**
   * The round (`rewrites`) whose limits were checked against the plan's estimate, written before
   * its first reservation: a step run again after that does not count its own reservations twice.
   */
  limitsChecked: z.number().int().min(0).nullable().optional(),
  /** Safer rewrites already made after a refusal (at most one). */
  rewrites: z.number().int().min(0),
  /**
   * A refusal known but not yet answered by the safer rewrite: written the moment it is known, so
   * a step run again (a crash, a planner blip) goes straight to the rewrite instead of creating
   * (or polling) more shots of the refused plan; `cancelled` once its running siblings were told
   * to stop. Absent in jobs queued before it existed.
   */
  refusal: z.object({ reason: z.string(), cancelled: z.boolean() }).nullable().optional(),
  /**
   * Render jobs queued before each shot carried its own `previous`: the operation the last shot
   * continues. New jobs write null.
   */
  previous: OperationHandle.nullable(),
  instruction: z.string().nullable(),
  startedAt: z.number().int(),
  /** Past this epoch ms a still-running generation is abandoned with a clear message. */
  deadlineAt: z.number().int(),
});
export type RenderJobData = z.infer<typeof RenderJobData>;

export const ClipDeliveryJob = z.object({
  kind: z.literal('clip'),
  requestId: z.string(),
  clipId: z.string(),
  /** The finished clip and its thumbnail in the media store: the adapter may be on another machine. */
  clipKey: z.string(),
  thumbnailKey: z.string(),
  notes: z.array(UserNote),
  /** What each shot cost at the provider (null = unknown), settled on the ledger once delivered; absent in older jobs. */
  shotCostsUsd: z.array(z.number().nullable()).optional(),
});

export const FailureDeliveryJob = z.object({
  kind: z.literal('failure'),
  requestId: z.string(),
  request: CreationRequest,
  code: z.string(),
  messageKey: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const DeliveryJobData = z.discriminatedUnion('kind', [ClipDeliveryJob, FailureDeliveryJob]);
export type DeliveryJobData = z.infer<typeof DeliveryJobData>;
export type ClipDeliveryJob = z.infer<typeof ClipDeliveryJob>;
export type FailureDeliveryJob = z.infer<typeof FailureDeliveryJob>;
