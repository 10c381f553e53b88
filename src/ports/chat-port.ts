import type { ClipRecord } from '../domain/clip.ts';
import type { CreationRequest, Platform } from '../domain/creation-request.ts';
import type { JobProgress } from '../domain/job-progress.ts';

/** A finished clip ready to post, with every user-facing string already in the user's language. */
export interface ClipPost {
  clip: ClipRecord;
  filePath: string;
  thumbnailPath: string;
  caption: string;
  /** Notes to show with the clip ("no avatar, used a backdrop"). */
  notes: string[];
}

export interface FailurePost {
  request: CreationRequest;
  code: string;
  /** The explanation, in the user's language, with what to do next. */
  text: string;
}

/**
 * What an adapter must do for the core: edit the one status message, post the clip, explain a
 * failure. Everything else (triggers, buttons, reactions) is the adapter's own business.
 */
export interface ChatPort {
  readonly platform: Platform;
  /**
   * The most a re-fitted clip may weigh after this platform refused one as too large, or null for
   * "80% of what was refused". postClip throws a `too-large` ReverieError; the delivery worker
   * re-fits once and posts again.
   */
  readonly refitCeilingBytes: number | null;
  /** Edits the request's status message in place; the core throttles calls. */
  updateStatus(request: CreationRequest, text: string, progress: JobProgress): Promise<void>;
  /** Posts the clip where the request came from; returns the posted message's id. */
  postClip(post: ClipPost): Promise<{ messageId: string }>;
  postFailure(post: FailurePost): Promise<void>;
}
