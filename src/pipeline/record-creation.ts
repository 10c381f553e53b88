import type { CreativePlan } from '../domain/creative-plan.ts';
import type { CreationRequest } from '../domain/creation-request.ts';
import type { Logger } from '../log/logger.ts';
import type { CreationLog, CreationState } from '../ports/community-records.ts';
import { communityOfRequest } from './community-of.ts';

/**
 * Writes a creation's steps to the record. The record is bookkeeping, not the work: a database
 * hiccup here is logged and the user still gets their clip (the ledger, which guards money, is
 * written by its own callers and fails loudly).
 */

function logged(logger: Logger, requestId: string, write: Promise<void>): Promise<void> {
  return write.catch((error: unknown) => logger.warn({ err: error, requestId }, 'record-write-failed'));
}

export function recordAccepted(log: CreationLog, logger: Logger, request: CreationRequest, atMs: number): Promise<void> {
  const entry = {
    id: request.id,
    platform: request.where.platform,
    communityId: communityOfRequest(request).communityId,
    conversationId: request.where.conversationId,
    userId: request.requester.userId,
    displayName: request.requester.displayName,
    sentence: request.sentence,
  };
  return logged(logger, request.id, log.accepted(entry, atMs));
}

export function recordPlanned(log: CreationLog, logger: Logger, requestId: string, planned: { plan: CreativePlan; modelId: string }, atMs: number): Promise<void> {
  return logged(logger, requestId, log.planned(requestId, planned.plan, planned.modelId, planned.plan.totalSeconds, atMs));
}

export function recordFinished(log: CreationLog, logger: Logger, requestId: string, outcome: Parameters<CreationLog['finished']>[1], atMs: number): Promise<void> {
  return logged(logger, requestId, log.finished(requestId, outcome, atMs));
}

/** A failure delivered to the user: a safety refusal is "refused", anything else "failed". */
export function failureState(code: string): Extract<CreationState, 'failed' | 'refused'> {
  return code === 'refused' ? 'refused' : 'failed';
}
