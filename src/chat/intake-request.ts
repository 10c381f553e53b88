import type { Address, CreationRequest, RequestOptions } from '../domain/creation-request.ts';
import { ReverieError } from '../domain/errors.ts';
import { translate } from '../i18n/messages.ts';
import { reviseClip } from '../pipeline/revise-clip.ts';
import { submitRequest } from '../pipeline/submit-request.ts';
import { findAvatarWish } from '../planner/read-request.ts';
import type { IncomingMessage, IntakeOutcome, RequestEvent } from './chat-events.ts';
import { inCommunityLanguage, viewCommunity } from './community-view.ts';
import type { CoreParts } from './core-parts.ts';
import { readScript } from './read-script.ts';
import { settleCard } from './settle-card.ts';
import { storeLocalPicture } from './store-pictures.ts';

/**
 * Messages and commands becoming requests: acknowledge first (Discord's 3-second deadline, a
 * visible answer everywhere), then read "this text" and the avatar, build the request, submit,
 * and settle the card. A requester's reply to their own clip revises it instead.
 */
export function createRequestIntake(parts: CoreParts) {
  const { context, queues, port } = parts;
  const logger = context.logger;

  /** Why a request could not start, on its card; anything unexpected is logged and called internal. */
  const explain = async (where: Address, locale: string, requestId: string, error: unknown): Promise<IntakeOutcome> => {
    const failure = error instanceof ReverieError ? error : new ReverieError('internal', 'error.internal', { cause: error });
    if (failure.kind === 'internal') logger.error({ err: error, requestId }, 'intake-failed');
    else logger.info({ err: error, requestId }, 'intake-refused');
    const text = translate(locale, failure.messageKey, failure.params);
    await port.explainOnCard(where, text).catch((editError: unknown) => logger.warn({ err: editError, requestId }, 'card-edit-failed'));
    return { status: 'rejected', requestId, text };
  };

  const create = async (event: RequestEvent, sentence: string, options: RequestOptions): Promise<IntakeOutcome> => {
    const { locale } = event.requester;
    const where = await event.acknowledge(translate(locale, 'ack.received'), sentence);
    context.observer.acknowledged(Math.max(0, context.now() - event.receivedAt) / 1000);
    try {
      // "This text" first: an unreadable or oversize script is refused before anything else is fetched.
      const referencedText = await readScript(await event.readScript(), sentence);
      const wish = options.useAvatar ?? findAvatarWish(sentence);
      const picked = wish === false ? null : await event.readAvatar();
      // Files on this machine reach the worker through the media store: it may run elsewhere.
      const avatar = picked && (await storeLocalPicture(context.mediaStore, picked));
      const attachments = await Promise.all(event.pictures.map((picture) => storeLocalPicture(context.mediaStore, picture)));
      const request: CreationRequest = {
        id: event.requestId,
        requester: event.requester,
        where,
        sentence,
        referencedText,
        attachments,
        avatar,
        options,
        maxUploadBytes: event.maxUploadBytes,
        receivedAt: event.receivedAt,
      };
      const outcome = await submitRequest(context, queues, request);
      logger.info({ requestId: request.id, platform: where.platform, status: outcome.status }, 'request-submitted');
      return await settleCard(parts, outcome, where, locale);
    } catch (error) {
      return explain(where, locale, event.requestId, error);
    }
  };

  /** "make it night" in reply to one's own clip: a card under the reply, then a re-plan. */
  const revise = async (message: IncomingMessage, clipId: string, clipWhere: Address): Promise<IntakeOutcome> => {
    const { locale } = message.requester;
    const card = await message.replyCard(translate(locale, 'control.revising'), clipWhere);
    const where = { ...clipWhere, ...card };
    const outcome = await reviseClip(context, queues, clipId, message.sentence, { eventId: message.requestId, where: card, receivedAt: message.receivedAt });
    logger.info({ clipId, status: outcome.status }, 'revision-submitted');
    return settleCard(parts, outcome, where, locale);
  };

  return {
    create,

    async messageArrived(received: IncomingMessage): Promise<IntakeOutcome> {
      const view = await viewCommunity(parts, received);
      // Outside an admin's channel list the bot stays silent, as if not addressed.
      if (!view.allowed) return { status: 'ignored', requestId: null };
      const message = inCommunityLanguage(received, view);
      if (message.repliedToMessageKey !== null) {
        // Only the requester revises; anyone else replying to a clip is asking for a short of their own.
        const clip = await context.clips.findByMessage(port.platform, message.repliedToMessageKey);
        if (clip && clip.request.requester.userId === message.requester.userId) return revise(message, clip.id, clip.request.where);
      }
      return create(message, message.sentence, message.options);
    },
  };
}
