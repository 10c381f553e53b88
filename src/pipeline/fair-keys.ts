import type { CreationRequest } from '../domain/creation-request.ts';
import type { TurnKeys } from '../queue/fair-turns.ts';

/** One user on one platform: the per-user cap and fair turns count requests under this key. */
export function userKeyOf(request: Pick<CreationRequest, 'where' | 'requester'>): string {
  return `${request.where.platform}-${request.requester.userId}`;
}

/**
 * The community a request belongs to (a Discord server, a Telegram group), whose members share
 * turns. Until the address carries the community, the conversation stands in for it: each
 * channel then takes turns like a server of its own, and a DM is a community of one.
 */
export function communityKeyOf(request: Pick<CreationRequest, 'where'>): string {
  return `${request.where.platform}-${request.where.conversationId}`;
}

export function turnKeysOf(request: Pick<CreationRequest, 'where' | 'requester'>): TurnKeys {
  return { user: userKeyOf(request), community: communityKeyOf(request) };
}
