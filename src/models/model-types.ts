import type { MessageKey } from '../i18n/messages.ts';

/**
 * The shape of a model capability descriptor: plain data, one row per model, so choosing,
 * snapping and pricing work the same way for every route. Rows live in model-table.ts; nothing
 * here knows an SDK.
 */

/** How Reverie reaches the model: which provider file and which credentials. */
export type ModelRoute = 'google' | 'fal' | 'runway' | 'local';

/** The names users say ("with Kling", "用可灵"): the values planner/read-request.ts returns. */
export type ModelFamily = 'kling' | 'seedance' | 'hailuo' | 'pika' | 'wan' | 'ltx' | 'veo' | 'omni' | 'runway' | 'local';

/** What the model is asked to start from: words only, a first-frame picture, or reference pictures. */
export type VideoMode = 'text' | 'image' | 'reference';

/** Frame shapes the models accept; the plan asks for one of the first three. */
export type Ratio = '9:16' | '16:9' | '1:1' | '3:4' | '4:3' | '4:5' | '5:4' | '2:3' | '3:2' | '21:9';

/** Whole seconds a model makes: a short list (Hailuo 6 or 10) or a range (Kling 3–15). */
export type DurationSpec = { kind: 'list'; values: readonly number[] } | { kind: 'range'; min: number; max: number };

/** How seconds are written on the wire: "5", 5, "5s", or not at all (a fixed-length model). */
export type DurationWire = 'string' | 'integer' | 'seconds-suffix' | 'none';

export type AudioSupport = 'none' | 'optional' | 'always';

/** Whether the model takes photos of real people as input (Seedance refuses them everywhere). */
export type RealFaces = 'ok' | 'rejected' | 'unknown';

export interface ModelPrice {
  /** USD per generated second by resolution, without sound (or always, when sound is not extra). */
  usdPerSecond: Readonly<Record<string, number>> | null;
  /** USD per second when sound is switched on, where that costs more (Kling). */
  usdPerSecondWithAudio?: Readonly<Record<string, number>>;
  /** USD per clip by its length in seconds, for models priced per clip (Hailuo). Wins over per second. */
  usdPerClip?: Readonly<Record<string, number>>;
  /** When the figure was published or checked (ISO date, or a month). */
  asOf: string;
  /** Where the figure comes from: the vendor, the aggregator's page, a third party. */
  source: string;
}

export interface ModelRow {
  /** Reverie's id, `<route>:<name>`: VIDEO_MODEL, the /short model option, cost records. */
  key: string;
  route: ModelRoute;
  /** The VideoProvider that serves it ('fal', 'runway', 'omni', 'veo', 'local'). */
  providerId: string;
  family: ModelFamily;
  /** Shown in /models and status lines. */
  label: string;
  /**
   * The id the provider reports as `modelId` and writes into handles: the Google model id for
   * omni/veo, the key itself for the multi-model routes (fal, runway).
   */
  modelId: string;
  /** Endpoint id (fal) or model name (runway) per mode; a mode that is missing is not offered. */
  endpoints: Readonly<Partial<Record<VideoMode, string>>>;
  duration: DurationSpec;
  durationWire: DurationWire;
  /** Request field for the length ('duration'); null when the model has a fixed length. */
  durationParam: string | null;
  /** Frames from words; `image` is 'follows-image' when a start picture fixes the frame. */
  ratios: { text: readonly Ratio[]; image: readonly Ratio[] | 'follows-image' };
  /** Request field for the frame ('aspect_ratio', 'ratio'); null when there is none. */
  ratioParam: string | null;
  /** Wire values where they are not 'w:h' (Runway: '9:16' → '720:1280'). */
  ratioWire?: Readonly<Partial<Record<Ratio, string>>>;
  resolutions: readonly string[];
  /** The resolution Reverie asks for: chat clips are small, so the cheapest sharp one. */
  defaultResolution: string;
  resolutionParam: string | null;
  audio: AudioSupport;
  /** Request field that switches sound ('generate_audio', 'audio'); null when none. */
  audioParam: string | null;
  image: {
    /** Request field for the first-frame picture ('image_url', 'start_image_url', 'promptImage'). */
    param: string | null;
    realFaces: RealFaces;
  };
  /** Request field for a negative prompt; null = "avoid" is written into the prompt instead. */
  negativePromptParam: string | null;
  maxPromptChars: number;
  /** Several shots in one call: none, by prompt wording, or a structured field (Kling multi_prompt). */
  multiShot: 'none' | 'prompt' | 'structured';
  /** Fixed request fields sent on every call (e.g. Hailuo's prompt_optimizer). */
  extraInput?: Readonly<Record<string, string | number | boolean>>;
  /** prompts/models/<name>.txt: how this model likes to be prompted. */
  conventions: string;
  price: ModelPrice;
  /**
   * Offered in /models and the model option. False while a row's input schema is unconfirmed
   * (Kling 4.0): it is then reachable only by naming it in VIDEO_MODEL.
   */
  offered: boolean;
  /** Where the row's fields were checked: typings, the vendor's docs, a third party. */
  schemaSource: string;
}

/** What the plan wants of one shot, before a model's limits apply. */
export interface ShotIntent {
  seconds: number;
  aspectRatio: '9:16' | '16:9' | '1:1';
  /** Sound from the model (the plan always designs it; a silent model just cannot). */
  audio: boolean;
  /** The avatar goes along as the first frame. */
  avatar: boolean;
}

/** What is actually sent, after snapping. */
export interface SnappedSettings {
  mode: VideoMode;
  seconds: number;
  /** null: the model has no frame setting, or a start picture decides it. */
  aspectRatio: Ratio | null;
  audio: boolean;
  resolution: string;
  /** USD per second for these settings (per-clip prices spread over the clip), or null if unknown. */
  usdPerSecond: number | null;
  /** seconds × price, or null if unknown. */
  estimatedUsd: number | null;
}

/** A message key with its parameters: src/i18n translates it in the user's language. */
export interface ChangeMessage {
  key: MessageKey;
  params: Record<string, string | number>;
}

/** One thing the model could not do as asked, and what is done instead. */
export interface SnapChange {
  /** The setting that changed: 'seconds', 'aspectRatio', 'audio', 'avatar'. */
  key: 'seconds' | 'aspectRatio' | 'audio' | 'avatar';
  message: ChangeMessage;
}

export interface SnapResult {
  settings: SnappedSettings;
  changes: SnapChange[];
  /** Set when the model cannot make this shot at all (Gen-4 Turbo without a picture). */
  unsupported: string | null;
}
