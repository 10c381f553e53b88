import type { CommunityRef } from '../ports/community-records.ts';
import type { Origin, Platform } from '../domain/creation-request.ts';

/**
 * Budgets and settings always have an owner: a server or group owns its own, and a DM, private
 * chat or the terminal is that user's own space (`dm:<userId>`), as the records port defines.
 */
export function communityOf(platform: Platform, communityId: string | null, userId: string): CommunityRef {
  return { platform, communityId: communityId ?? `dm:${userId}` };
}

/**
 * Whether a conversation is on an admin's channel list: a Discord channel covers its threads (a
 * thread's origin keeps the parent as conversationId); a Telegram topic is listed by its own id.
 * No list answers everywhere.
 */
export function isAllowedChannel(channels: readonly string[] | null, origin: Origin): boolean {
  if (channels === null) return true;
  return channels.includes(origin.conversationId) || (origin.threadId !== null && channels.includes(origin.threadId));
}
