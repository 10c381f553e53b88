import type { CreationRequest } from '../domain/creation-request.ts';
import { communityOf } from '../community/community-ref.ts';
import type { TurnKeys } from '../queue/fair-turns.ts';

/** One user on one platform: the per-user cap and fair turns count requests under this key. */
export function userKeyOf(request: Pick<CreationRequest, 'where' | 'requester'>): string {
  return `${request.where.platform}-${request.requester.userId}`;
}

/** The community a request belongs to (a Discord server, a Telegram group, a DM's own space), whose members share turns. */
export function communityKeyOf(request: Pick<CreationRequest, 'where' | 'requester'>): string {
  const community = communityOf(request.where.platform, request.where.communityId, request.requester.userId);
  return `${community.platform}-${community.communityId}`;
}

export function turnKeysOf(request: Pick<CreationRequest, 'where' | 'requester'>): TurnKeys {
  return { user: userKeyOf(request), community: communityKeyOf(request) };
}
