import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * Which message shows a request's storyboard preview apart from its card (Telegram's photo), so
 * the delivery can replace it with the clip. In Redis, not memory: the delivery may run after a
 * restart of the adapter that showed the preview.
 */
export interface PreviewMessages {
  remember(requestId: string, messageId: string): Promise<void>;
  find(requestId: string): Promise<string | null>;
  forget(requestId: string): Promise<void>;
}

/** A day: far past any generation deadline; a preview no clip replaced is not worth more. */
const KEEP_SECONDS = 86_400;
const MessageId = z.string().min(1);

export function createPreviewMessages(redis: Redis, prefix: string): PreviewMessages {
  const keyOf = (requestId: string) => `${prefix}:preview-message:${requestId}`;
  return {
    async remember(requestId, messageId) {
      await redis.set(keyOf(requestId), messageId, 'EX', KEEP_SECONDS);
    },
    async find(requestId) {
      const parsed = MessageId.safeParse(await redis.get(keyOf(requestId)));
      return parsed.success ? parsed.data : null;
    },
    async forget(requestId) {
      await redis.del(keyOf(requestId));
    },
  };
}
