import type { Redis } from 'ioredis';
import { ClipRecord } from '../domain/clip.ts';
import type { Platform } from '../domain/creation-request.ts';

/** Clips are kept long enough to regenerate from a reaction on a weeks-old message. */
export const CLIP_TTL_SECONDS = 30 * 24 * 3600;

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

export function createClipStore(redis: Redis, prefix: string): ClipStore {
  const clipKey = (clipId: string) => `${prefix}:clip:${clipId}`;
  const messageKey = (platform: Platform, messageId: string) => `${prefix}:clip-message:${platform}:${messageId}`;
  const postingKey = (clipId: string) => `${prefix}:clip-posting:${clipId}`;
  const get = async (clipId: string) => {
    const raw = await redis.get(clipKey(clipId));
    return raw === null ? null : ClipRecord.parse(JSON.parse(raw));
  };
  return {
    async save(clip) {
      await redis.set(clipKey(clip.id), JSON.stringify(ClipRecord.parse(clip)), 'EX', CLIP_TTL_SECONDS);
    },
    get,
    async markDelivered(clipId, platform, messageId) {
      const clip = await get(clipId);
      if (!clip) return;
      await redis
        .multi()
        .set(clipKey(clipId), JSON.stringify({ ...clip, messageId }), 'EX', CLIP_TTL_SECONDS)
        .set(messageKey(platform, messageId), clipId, 'EX', CLIP_TTL_SECONDS)
        .exec();
    },
    async findByMessage(platform, messageId) {
      const clipId = await redis.get(messageKey(platform, messageId));
      return clipId === null ? null : get(clipId);
    },
    async readPosting(clipId) {
      const raw = await redis.get(postingKey(clipId));
      if (raw === null) return null;
      return raw.startsWith('posted:') ? { state: 'posted', messageId: raw.slice('posted:'.length) } : { state: 'started' };
    },
    async markPosting(clipId, mark) {
      await redis.set(postingKey(clipId), mark.state === 'posted' ? `posted:${mark.messageId}` : 'started', 'EX', CLIP_TTL_SECONDS);
    },
    async clearPosting(clipId) {
      await redis.del(postingKey(clipId));
    },
  };
}
