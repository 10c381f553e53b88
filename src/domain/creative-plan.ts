import { z } from 'zod';

/**
 * The creative plan: the contract between every planner (offline, Gemini, OpenAI) and every
 * renderer (local ffmpeg, Omni, Veo, …). It is JSON-safe so it rides in job data.
 *
 * Every field is required and "absent" is `null` or `''`, never `undefined`: OpenAI's strict
 * structured outputs demand that shape, and one schema serving all planners keeps them honest.
 */

export const ASPECT_RATIOS = ['9:16', '16:9', '1:1'] as const;
export const AspectRatio = z.enum(ASPECT_RATIOS);
export type AspectRatio = z.infer<typeof AspectRatio>;

/** The renderer's ambience synthesis and colour grade key off this, so it is a closed set. */
export const MOODS = ['warm', 'joyful', 'calm', 'dreamy', 'melancholy', 'tense', 'epic'] as const;
export const Mood = z.enum(MOODS);
export type Mood = z.infer<typeof Mood>;

export const SoundDesign = z.object({
  /** The bed under the whole shot: "crackling fireplace, distant wind". */
  ambience: z.string().max(300),
  /** Foley and accents, in order: "paper rustle", "soft bell". */
  effects: z.array(z.string().max(120)).max(6),
  /** Music direction, or null for none. */
  music: z.string().max(200).nullable(),
});
export type SoundDesign = z.infer<typeof SoundDesign>;

export const SpokenLine = z.object({
  speaker: z.enum(['voice-over', 'protagonist']),
  /** In the plan's language; quoted verbatim to the video model. */
  line: z.string().min(1).max(400),
});
export type SpokenLine = z.infer<typeof SpokenLine>;

export const Shot = z.object({
  seconds: z.number().min(1).max(20),
  /** What we see happen, in words a video model understands. */
  action: z.string().min(1).max(600),
  camera: z.string().min(1).max(200),
  lighting: z.string().min(1).max(200),
  sound: SoundDesign,
  spoken: SpokenLine.nullable(),
  /** A short caption drawn on screen for this shot, or '' for none. */
  onScreenText: z.string().max(120),
});
export type Shot = z.infer<typeof Shot>;

export const Protagonist = z.object({
  useAvatar: z.boolean(),
  /** Appearance and style in words only, never an identity: providers may refuse real photos. */
  description: z.string().max(400),
});

export const MAX_SHOTS = 4;
export const MAX_TOTAL_SECONDS = 60;

export const CreativePlan = z
  .object({
    version: z.literal(1),
    /** BCP-47-ish language tag of the user's words: 'en', 'zh-Hans', 'zh-Hant', … */
    language: z.string().min(2).max(16),
    title: z.string().min(1).max(100),
    /** The feeling in one line: what the viewer should feel. */
    feeling: z.string().min(1).max(200),
    mood: Mood,
    aspectRatio: AspectRatio,
    totalSeconds: z.number().min(2).max(MAX_TOTAL_SECONDS),
    /** Name of a preset under prompts/styles/. */
    style: z.string().min(1).max(40),
    protagonist: Protagonist,
    shots: z.array(Shot).min(1).max(MAX_SHOTS),
    /** The user's own script, verbatim, for subtitles; '' when the request had none. */
    script: z.string().max(4000),
    negativePrompt: z.string().max(400),
    /** A model the user asked for by name ("with Kling"), or null. */
    requestedModel: z.string().max(60).nullable(),
  })
  .refine((plan) => Math.abs(sumShotSeconds(plan.shots) - plan.totalSeconds) < 0.51, {
    message: 'totalSeconds must equal the sum of the shots’ seconds',
    path: ['totalSeconds'],
  });
export type CreativePlan = z.infer<typeof CreativePlan>;

export function sumShotSeconds(shots: readonly Pick<Shot, 'seconds'>[]): number {
  return shots.reduce((total, shot) => total + shot.seconds, 0);
}
