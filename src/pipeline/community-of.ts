import { communityOf } from '../community/community-ref.ts';
import type { CreationRequest } from '../domain/creation-request.ts';
import type { CommunityRef, UserRef } from '../ports/community-records.ts';

/** The community a request is made in, which owns its budget and settings (a DM is its user's own space). */
export function communityOfRequest(request: Pick<CreationRequest, 'where' | 'requester'>): CommunityRef {
  return communityOf(request.where.platform, request.where.communityId, request.requester.userId);
}

/** The person behind a request, as the record knows them. */
export function requesterOf(request: Pick<CreationRequest, 'where' | 'requester'>): UserRef {
  return { platform: request.where.platform, userId: request.requester.userId };
}
