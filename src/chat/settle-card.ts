import type { Address } from '../domain/creation-request.ts';
import { translate } from '../i18n/messages.ts';
import type { SubmitOutcome } from '../pipeline/submit-request.ts';
import type { IntakeOutcome } from './chat-events.ts';
import type { CoreParts } from './core-parts.ts';

/**
 * The card after a submit. Accepted: the status tracker takes it over. Rejected: it says why, in
 * the requester's language. Already on its way, or nothing left to act on: the card goes again,
 * the first one answers.
 */
export async function settleCard(parts: CoreParts, outcome: SubmitOutcome | { status: 'unknown-clip' }, where: Address, locale: string): Promise<IntakeOutcome> {
  const { port, context } = parts;
  if (outcome.status === 'accepted') {
    parts.tracker.track(outcome.request, outcome.queuePosition);
    return { status: 'accepted', requestId: outcome.requestId };
  }
  if (outcome.status === 'rejected') {
    const text = translate(locale, outcome.error.messageKey, outcome.error.params);
    await port.explainOnCard(where, text).catch((error: unknown) => context.logger.warn({ err: error }, 'card-edit-failed'));
    return { status: 'rejected', requestId: outcome.requestId, text };
  }
  await port.removeCard(where).catch((error: unknown) => context.logger.debug({ err: error }, 'card-remove-failed'));
  return { status: 'duplicate', requestId: outcome.status === 'duplicate' ? outcome.requestId : null };
}
