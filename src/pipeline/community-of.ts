import type { CreationRequest } from '../domain/creation-request.ts';
import type { CommunityRef, UserRef } from '../ports/community-records.ts';

/**
 * The community a request is made in, which owns its budget and settings. For now every request
 * is the requester's own private space (`dm:<userId>`); once Address carries `communityId` (the
 * Discord guild, the Telegram group; null in DMs) this reads `where.communityId` and falls back to
 * the private space only when it is null.
 */
export function communityOf(request: Pick<CreationRequest, 'where' | 'requester'>): CommunityRef {
  return { platform: request.where.platform, communityId: `dm:${request.requester.userId}` };
}

/** The person behind a request, as the record knows them. */
export function requesterOf(request: Pick<CreationRequest, 'where' | 'requester'>): UserRef {
  return { platform: request.where.platform, userId: request.requester.userId };
}
