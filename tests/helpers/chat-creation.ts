import { randomBytes } from 'node:crypto';
import type { ChatCore } from '../../src/chat/chat-core.ts';
import type { IncomingMessage } from '../../src/chat/chat-events.ts';
import { NO_OPTIONS, type Address } from '../../src/domain/creation-request.ts';
import type { Reverie } from '../../src/app/create-reverie.ts';
import { createRecordingPort } from './recording-port.ts';

/** A message typed by Ada in a terminal chat whose card is already at `where`. */
export function consoleMessage(where: Address, fields: { requestId: string; sentence: string; locale: string; receivedAt: number }): IncomingMessage {
  return {
    requestId: fields.requestId,
    requester: { userId: 'ada', displayName: 'Ada', locale: fields.locale },
    origin: where,
    receivedAt: fields.receivedAt,
    sentence: fields.sentence,
    repliedToMessageKey: null,
    options: NO_OPTIONS,
    pictures: [],
    maxUploadBytes: 10_000_000,
    readScript: async () => null,
    readAvatar: async () => null,
    acknowledge: async () => where,
    replyCard: async () => ({ statusMessageId: 'reply-card', replyToMessageId: null }),
  };
}

/**
 * One request through the whole pipeline from a terminal chat: accepted, planned, rendered and
 * delivered by whatever providers the Reverie was given. Resolves once the clip is posted.
 */
export async function createThroughChat(reverie: Reverie, sentence: string, options: { receivedAgoMs?: number } = {}): Promise<{ core: ChatCore; requestId: string }> {
  const port = createRecordingPort('console');
  const conversationId = `room-${randomBytes(3).toString('hex')}`;
  const core = reverie.chat.connect(port, { conversationId, minEditIntervalMs: 10 });
  const where: Address = { platform: 'console', conversationId, threadId: null, replyToMessageId: null, statusMessageId: 'card-1', communityId: null };
  const event = consoleMessage(where, { requestId: `req-${randomBytes(4).toString('hex')}`, sentence, locale: 'en', receivedAt: Date.now() - (options.receivedAgoMs ?? 0) });
  const accepted = await core.messageArrived(event);
  if (accepted.status !== 'accepted') throw new Error(`request not accepted: ${accepted.status}`);
  const outcome = await port.outcome(event.requestId);
  if (outcome.kind !== 'clip') throw new Error(`no clip delivered: ${outcome.kind}`);
  return { core, requestId: event.requestId };
}
