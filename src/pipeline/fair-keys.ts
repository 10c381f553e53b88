import type { CreationRequest } from '../domain/creation-request.ts';
import type { TurnKeys } from '../queue/fair-turns.ts';
import { communityOfRequest } from './community-of.ts';

/** One user on one platform: the per-user cap and fair turns count requests under this key. */
export function userKeyOf(request: Pick<CreationRequest, 'where' | 'requester'>): string {
  return `${request.where.platform}-${request.requester.userId}`;
}

/** The community a request belongs to (a Discord server, a Telegram group, a DM's own space), whose members share turns. */
export function communityKeyOf(request: Pick<CreationRequest, 'where' | 'requester'>): string {
  const community = communityOfRequest(request);
  return `${community.platform}-${community.communityId}`;
}

export function turnKeysOf(request: Pick<CreationRequest, 'where' | 'requester'>): TurnKeys {
  return { user: userKeyOf(request), community: communityKeyOf(request) };
}
