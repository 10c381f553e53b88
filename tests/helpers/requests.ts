import { randomBytes } from 'node:crypto';
import { NO_OPTIONS, type CreationRequest } from '../../src/domain/creation-request.ts';
import type { PlannerInput } from '../../src/ports/planner.ts';

/** A console request with a fresh id; override what the test is about. */
export function makeRequest(overrides: Partial<CreationRequest> = {}): CreationRequest {
  return {
    id: `req-${randomBytes(4).toString('hex')}`,
    requester: { userId: 'user-1', displayName: 'Ada', locale: 'en-US' },
    where: { platform: 'console', conversationId: 'session1', threadId: null, replyToMessageId: null, statusMessageId: null, communityId: null },
    sentence: 'make this holiday text into a short',
    referencedText: { source: 'reply', text: 'Happy holidays, everyone!' },
    attachments: [],
    avatar: null,
    options: NO_OPTIONS,
    maxUploadBytes: 10 * 1024 * 1024,
    receivedAt: Date.now(),
    ...overrides,
  };
}

/** What a planner is given for `sentence`: no script, no avatar, no pinned options, a first take; override what the test is about. */
export function plannerInput(sentence: string, overrides: Partial<PlannerInput> = {}): PlannerInput {
  return { sentence, script: null, locale: 'en-US', avatar: null, options: NO_OPTIONS, variation: 0, previousPlan: null, instruction: null, ...overrides };
}
