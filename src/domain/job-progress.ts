import { z } from 'zod';

/** Typed progress that workers publish and adapters turn into the one status message. */
export const STAGES = ['received', 'queued', 'planning', 'planned', 'generating', 'finishing', 'uploading', 'done', 'failed'] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;

export const PlanSummary = z.object({
  title: z.string(),
  shots: z.number().int(),
  seconds: z.number(),
  model: z.string(),
});
export type PlanSummary = z.infer<typeof PlanSummary>;

export const JobProgress = z.object({
  /** The creation request this progress belongs to (job ids differ per stage). */
  requestId: z.string(),
  stage: Stage,
  percent: z.number().min(0).max(100).optional(),
  queuePosition: z.number().int().positive().optional(),
  planSummary: PlanSummary.optional(),
  /** Epoch ms when generation started, for "elapsed". */
  startedAt: z.number().int().optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;
