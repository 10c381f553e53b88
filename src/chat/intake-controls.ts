import type { ClipRecord } from '../domain/clip.ts';
import { translate, type MessageKey, type MessageParams } from '../i18n/messages.ts';
import { regenerateClip, type RegenerateMode } from '../pipeline/regenerate-clip.ts';
import { findRetryableFailure, retryFailedRequest } from '../pipeline/retry-request.ts';
import type { ControlAnswer, ControlEvent } from './chat-events.ts';
import type { CoreParts } from './core-parts.ts';
import { settleCard } from './settle-card.ts';
import { createTakeMemory } from './take-memory.ts';

interface Answer {
  key: MessageKey;
  params?: MessageParams;
  alert: boolean;
}

/**
 * 🔁 Regenerate, 🎲 Variation, 🗑️ Delete and "Try again", by button or by reaction. Who may: the
 * requester, or for clips a moderator the platform vouches for; "Try again" (it may cost money)
 * and revisions only the requester. A stranger's reaction gets no answer: reactions have no
 * private way to answer.
 */
export function createControls(parts: CoreParts) {
  const { context, queues, port } = parts;
  const logger = context.logger;
  /** Takes started by this process: a second click answers without posting a card first. */
  const started = createTakeMemory();

  const findClip = async (control: ControlEvent): Promise<ClipRecord | null> =>
    (control.targetId ? await context.clips.get(control.targetId) : null) ?? (await context.clips.findByMessage(port.platform, control.messageKey));

  const newTake = async (control: ControlEvent, clip: ClipRecord, mode: RegenerateMode): Promise<Answer> => {
    const key = `${clip.id}:${mode}`;
    if (started.has(key)) return { key: 'control.duplicate', alert: false };
    started.remember(key);
    const { locale } = clip.request.requester;
    try {
      const card = await control.replyCard(translate(locale, 'control.regenerating'), clip.request.where);
      const outcome = await regenerateClip(context, queues, clip.id, mode, { where: card, receivedAt: control.receivedAt });
      logger.info({ clipId: clip.id, mode, status: outcome.status }, 'new-take');
      await settleCard(parts, outcome, { ...clip.request.where, ...card }, locale);
      if (outcome.status === 'accepted') return { key: 'control.regenerating', alert: false };
      if (outcome.status === 'duplicate') return { key: 'control.duplicate', alert: false };
      started.forget(key);
      if (outcome.status === 'rejected') return { key: outcome.error.messageKey, params: outcome.error.params, alert: true };
      return { key: 'control.unknown-clip', alert: true };
    } catch (error) {
      started.forget(key);
      throw error;
    }
  };

  const retry = async (control: ControlEvent): Promise<Answer> => {
    const failure = control.targetId ? await findRetryableFailure(queues, control.targetId, parts.where) : null;
    if (!failure) return { key: 'control.unknown-clip', alert: true };
    const { request } = failure;
    if (request.requester.userId !== control.userId) return { key: 'control.not-yours', alert: true };
    const { locale } = request.requester;
    const card = await control.replyCard(translate(locale, 'control.retrying'), request.where);
    const outcome = await retryFailedRequest(context, queues, failure, { where: card, receivedAt: control.receivedAt });
    logger.info({ requestId: request.id, status: outcome.status }, 'retry');
    await settleCard(parts, outcome, { ...request.where, ...card }, locale);
    if (outcome.status === 'accepted') return { key: 'control.retrying', alert: false };
    if (outcome.status === 'rejected') return { key: outcome.error.messageKey, params: outcome.error.params, alert: true };
    return { key: 'control.duplicate', alert: false };
  };

  const onClip = async (control: ControlEvent): Promise<Answer | null> => {
    const clip = await findClip(control);
    const silent = control.via === 'reaction';
    if (!clip) return silent ? null : { key: 'control.unknown-clip', alert: true };
    const mayAct = clip.request.requester.userId === control.userId || (await control.canModerate());
    if (!mayAct) return silent ? null : { key: 'control.not-yours', alert: true };
    if (control.action === 'delete') {
      const deleted = await control.deleteMessage();
      logger.info({ clipId: clip.id, deleted }, 'clip-deleted');
      return deleted === 'deleted' ? { key: 'control.deleted', alert: false } : { key: 'control.cannot-delete', alert: true };
    }
    return newTake(control, clip, control.action === 'variation' ? 'variation' : 'regenerate');
  };

  return {
    async controlUsed(control: ControlEvent): Promise<ControlAnswer | null> {
      const answer = control.action === 'retry' ? await retry(control) : await onClip(control);
      // Also the signal tests wait for before checking that a control changed nothing.
      logger.debug({ action: control.action, via: control.via, userId: control.userId, answer: answer?.key ?? null }, 'control-handled');
      return answer && { text: translate(control.locale, answer.key, answer.params), alert: answer.alert };
    },
  };
}
