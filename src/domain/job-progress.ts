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
  /** The rest is optional: progress of jobs queued before the storyboard preview still parses. */
  feeling: z.string().optional(),
  /** Each shot's planned length (seconds) and what happens in it, in order: the preview card lists them. */
  shotDetails: z.array(z.object({ seconds: z.number(), action: z.string() })).optional(),
  /** What the chosen model will charge, USD, from the model table's dated price; null = unknown. */
  estimatedUsd: z.number().nullable().optional(),
});
export type PlanSummary = z.infer<typeof PlanSummary>;

export const JobProgress = z.object({
  /** The creation request this progress belongs to (job ids differ per stage). */
  requestId: z.string(),
  stage: Stage,
  percent: z.number().min(0).max(100).optional(),
  queuePosition: z.number().int().positive().optional(),
  planSummary: PlanSummary.optional(),
  /**
   * The storyboard preview's first frame, a JPEG in the media store (roles may run on different
   * machines, so never a local path). Optional so old jobs' progress still parses.
   */
  preview: z.object({ key: z.string(), mimeType: z.literal('image/jpeg') }).optional(),
  /** Epoch ms when generation started, for "elapsed". */
  startedAt: z.number().int().optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;
