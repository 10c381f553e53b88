import type { ClipRecord } from '../domain/clip.ts';
import type { Address, CreationRequest, Platform } from '../domain/creation-request.ts';
import type { JobProgress } from '../domain/job-progress.ts';

/** A finished clip ready to post, with every user-facing string already in the user's language. */
export interface ClipPost {
  clip: ClipRecord;
  filePath: string;
  thumbnailPath: string;
  caption: string;
  /** The status card's last words: the plan line and "done". */
  cardText: string;
  /** Notes to show with the clip ("no avatar, used a backdrop"). */
  notes: string[];
  /**
   * The message showPreview returned for this request (a Telegram photo), which the clip replaces
   * in place; null when the preview was on the card itself or there was none.
   */
  previewMessageId: string | null;
}

/** The storyboard preview: the plan as a card plus its first frame, drawn before any paid call returns. */
export interface PreviewPost {
  request: CreationRequest;
  /** This process's copy of the first frame (JPEG); it is removed once showPreview returns. */
  imagePath: string;
  /** The status card's text at this moment (plan line with the estimate, stage). */
  text: string;
  card: PreviewCard;
  /** The card as plain lines, for platforms without rich cards (a photo caption, the terminal). */
  caption: string;
}

export interface PreviewCard {
  title: string;
  /** "Storyboard preview — the clip replaces it". */
  heading: string;
  /** Feeling, shots with seconds, model, estimated cost: every name and value already translated. */
  fields: { name: string; value: string }[];
}

export interface FailurePost {
  request: CreationRequest;
  code: string;
  /** The explanation, in the user's language, with what to do next. */
  text: string;
}

/**
 * What an adapter does for the core: edit the one status card, post the clip, explain a failure
 * or a refusal. Decoding events (messages, buttons, reactions) into chat-core calls is the
 * adapter's other half.
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
  /**
   * Shows the storyboard preview on the status card (or beside it); returns the id of a separate
   * message that shows it, which postClip then replaces with the clip, or null.
   */
  showPreview(post: PreviewPost): Promise<{ messageId: string | null }>;
  /** Posts the clip where the request came from; returns the posted message's id. */
  postClip(post: ClipPost): Promise<{ messageId: string }>;
  postFailure(post: FailurePost): Promise<void>;
  /** Writes why a request could not start onto its card (or, with no card, where the request was made). */
  explainOnCard(where: Address, text: string): Promise<void>;
  /** Removes a card that turned out to be one too many (the same event seen twice). */
  removeCard(where: Address): Promise<void>;
}
