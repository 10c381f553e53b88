import type { CreativePlan } from '../domain/creative-plan.ts';
import type { OperationHandle } from '../domain/operation-handle.ts';

/**
 * A video model behind one interface: start → status → download, the shape of a BullMQ step job.
 * `start` returns a JSON handle that the caller persists before it polls; `status` and `download`
 * take that handle "from any process", so a restarted worker resumes instead of paying again.
 */

export type OperationStatus =
  | { state: 'running'; /** Honest percent when the model reports one. */ percent: number | null }
  | { state: 'done' }
  | { state: 'refused'; reason: string }
  | { state: 'failed'; retryable: boolean; reason: string };

/** A picture on local disk, already fetched and checked by the worker. */
export interface LocalImage {
  path: string;
  mimeType: string;
}

export interface ShotInput {
  plan: CreativePlan;
  shotIndex: number;
  /** The avatar as a local file when the plan uses it and policy allows; else null. */
  avatar: LocalImage | null;
  /**
   * The previous shot's last frame, given only where `wantsFirstFrame` said yes: the shot starts
   * from it so the person and the place carry over when no avatar picture may go along.
   */
  firstFrame?: LocalImage | null;
  /** A per-request scratch directory the provider may write into. */
  workDir: string;
  /** Seconds actually requested for this shot (may exceed plan seconds for crossfade overlap). */
  seconds: number;
  /** When revising a delivered clip: the handle that produced this shot of it (Omni continues it). */
  previous: OperationHandle | null;
  /** A revision instruction in the user's words, or null. */
  instruction: string | null;
  /**
   * Which take of the request this is (its generation: 0 first, +1 per 🔁/🎲/revision). The local
   * renderer seeds on it so a regenerate of the same plan looks new; models have their own seeds.
   */
  take?: number;
}

export interface ProviderCallOptions {
  signal?: AbortSignal;
  /** The draft recorded for this create (see `VideoProvider.draft`): `start` must use its ids. */
  draft?: OperationHandle | null;
  /** Reported while a long local step runs, 0–100. */
  onProgress?: (percent: number) => void;
}

export interface VideoProvider {
  /** 'local', 'omni', 'veo', …: also the queue name suffix, so rate limits stay per provider. */
  readonly id: string;
  /** Model id named in captions and cost records. */
  readonly modelId: string;
  /** How often `status` is worth calling, in ms. */
  readonly pollIntervalMs: number;
  /** True when a create costs nothing (the local renderer): an interrupted one is simply made again. */
  readonly createIsFree?: boolean;
  /**
   * True when a revision by reply continues the revised clip's own operations (Omni): every shot
   * gets the operation that made it as `ShotInput.previous`, and the clip keeps its shots.
   */
  readonly continuesClips?: boolean;
  /**
   * For routes that can learn a create's outcome later without its answer (fal's webhook): the
   * handle to resume with if the process dies during the create call. Recorded before the call;
   * null (or absent) where nothing could find the operation again.
   */
  draft?(input: ShotInput): Promise<OperationHandle | null>;
  /**
   * True when this shot's model starts from a picture but no avatar picture goes along (none, or
   * policy keeps it to words): the pipeline then hands it the previous shot's last frame, which
   * means creating it only once that shot is done (shots become sequential: slower, but the same
   * person in the same place). Absent = never.
   */
  wantsFirstFrame?(input: ShotInput): boolean;
  start(input: ShotInput, options?: ProviderCallOptions): Promise<OperationHandle>;
  status(handle: OperationHandle, options?: ProviderCallOptions): Promise<OperationStatus>;
  /** Stops a running operation the caller gave up on, where the provider can (best effort). */
  cancel?(handle: OperationHandle, options?: ProviderCallOptions): Promise<void>;
  /** Streams the finished clip to `destinationPath`. */
  download(handle: OperationHandle, destinationPath: string, options?: ProviderCallOptions): Promise<void>;
}
