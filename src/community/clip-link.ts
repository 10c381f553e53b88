import type { CreationEntry } from '../ports/community-records.ts';

/**
 * A link to the message a clip was posted as, for /history. It lives in the core, one rule per
 * platform, because the command that lists creations is platform-neutral and the record already
 * holds every id a link needs: adapters would only repeat these URL shapes.
 */
export type LinkedEntry = Pick<CreationEntry, 'platform' | 'communityId' | 'conversationId' | 'clipMessageId'>;

/** Telegram supergroup ids are `-100` + the id t.me/c links use; other chats have no such link. */
const SUPERGROUP = /^-100(\d+)$/;

export function clipLink(entry: LinkedEntry): string | null {
  const messageId = entry.clipMessageId;
  if (messageId === null) return null;
  switch (entry.platform) {
    case 'discord': {
      const guild = entry.communityId.startsWith('dm:') ? '@me' : entry.communityId;
      return `https://discord.com/channels/${guild}/${entry.conversationId}/${messageId}`;
    }
    case 'telegram': {
      // Telegram keys clips by `<chat>:<message>` (message ids are unique per chat only).
      const internal = SUPERGROUP.exec(entry.conversationId)?.[1];
      const message = /:(\d+)$/.exec(messageId)?.[1];
      return internal && message ? `https://t.me/c/${internal}/${message}` : null;
    }
    case 'console':
      // The terminal's "message" is the file the clip was saved to.
      return messageId;
  }
}
