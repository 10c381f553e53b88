import type { Redis } from 'ioredis';
import { ClipRecord } from '../domain/clip.ts';
import type { Platform } from '../domain/creation-request.ts';

/** Clips are kept long enough to regenerate from a reaction on a weeks-old message. */
export const CLIP_TTL_SECONDS = 30 * 24 * 3600;

export interface ClipStore {
  save(clip: ClipRecord): Promise<void>;
  get(clipId: string): Promise<ClipRecord | null>;
  /** Records where the clip was posted, so a reaction on that message finds it. */
  markDelivered(clipId: string, platform: Platform, messageId: string): Promise<void>;
  findByMessage(platform: Platform, messageId: string): Promise<ClipRecord | null>;
}

export function createClipStore(redis: Redis, prefix: string): ClipStore {
  const clipKey = (clipId: string) => `${prefix}:clip:${clipId}`;
  const messageKey = (platform: Platform, messageId: string) => `${prefix}:clip-message:${platform}:${messageId}`;
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
  };
}
