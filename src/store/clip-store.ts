import type { ClipRecord } from '../domain/clip.ts';
import type { Platform } from '../domain/creation-request.ts';

/**
 * What an earlier delivery attempt left for a clip: `started` = it began posting and never said
 * how that ended (the worker died mid-post); `posted` = the platform took it as this message.
 */
export type PostingMark = { state: 'started' } | { state: 'posted'; messageId: string };

export interface ClipStore {
  save(clip: ClipRecord): Promise<void>;
  get(clipId: string): Promise<ClipRecord | null>;
  /** Records where the clip was posted, so a reaction on that message finds it. */
  markDelivered(clipId: string, platform: Platform, messageId: string): Promise<void>;
  findByMessage(platform: Platform, messageId: string): Promise<ClipRecord | null>;
  /** The delivery's own marker, so a retried delivery never posts a clip twice (see delivery-worker). */
  readPosting(clipId: string): Promise<PostingMark | null>;
  markPosting(clipId: string, mark: PostingMark): Promise<void>;
  /** The post failed for sure (the platform said no): a later attempt may post again. */
  clearPosting(clipId: string): Promise<void>;
}
