import type { Api } from 'grammy';
import type { Message } from 'grammy/types';
import { findCommand } from '../../commands/all-commands.ts';
import type { CommandContext } from '../../commands/command-types.ts';
import type { Reverie } from '../../src/app/create-reverie.ts';
import type { StatusTracker } from '../../src/delivery/status-tracker.ts';
import { NO_OPTIONS, type CreationRequest, type ReferencedText, type RequestOptions } from '../../src/domain/creation-request.ts';
import { ReverieError } from '../../src/domain/errors.ts';
import { translate } from '../../src/i18n/messages.ts';
import type { Logger } from '../../src/log/logger.ts';
import { reviseClip } from '../../src/pipeline/revise-clip.ts';
import { submitRequest, type SubmitOutcome } from '../../src/pipeline/submit-request.ts';
import { decodeTextAttachment, MAX_TEXT_ATTACHMENT_BYTES } from '../../src/pipeline/text-attachment.ts';
import { findAvatarWish } from '../../src/planner/read-request.ts';
import { parseCommandArguments } from './decode-command.ts';
import { reactionHint, type ReactionMap } from './decode-control.ts';
import { addressOf, decodeMessage, explicitReplyOf, messageKeyOf, requesterOf, requestIdOf, type BotIdentity, type ReferencedSource } from './decode-message.ts';
import { downloadFile, fetchAvatar, type FileSource } from './telegram-files.ts';
import { describeError } from './telegram-errors.ts';
import { clampText, MAX_MESSAGE_CHARS, placeOf } from './telegram-port.ts';

export interface MessageHandlerDeps {
  reverie: Reverie;
  api: Api;
  files: FileSource;
  tracker: StatusTracker;
  logger: Logger;
  bot: () => BotIdentity;
  /** Every request's maxUploadBytes: what this Bot API server accepts per video. */
  uploadLimitBytes: number;
  avatarCacheDir: string;
  reactions: ReactionMap;
  /** What commands may know of this server (the configured video models), built once. */
  commands: CommandContext;
}

/** "This text" in words: a .txt is downloaded (at most what decodeTextAttachment reads) and decoded. */
async function resolveReferenced(files: FileSource, source: ReferencedSource | null): Promise<ReferencedText | null> {
  if (!source) return null;
  if (source.kind === 'text') return { source: source.source, text: source.text };
  if (source.sizeBytes !== null && source.sizeBytes > MAX_TEXT_ATTACHMENT_BYTES) {
    const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
    throw new ReverieError('bad-input', 'error.attachment-too-large', { params: { size: megabytes(source.sizeBytes), max: megabytes(MAX_TEXT_ATTACHMENT_BYTES) } });
  }
  // One byte over the cap still downloads, so decodeTextAttachment can say "too large" itself.
  const bytes = await downloadFile(files, source.fileId, MAX_TEXT_ATTACHMENT_BYTES + 1).catch((error: unknown) => {
    throw new ReverieError('bad-input', 'error.attachment-not-text', { cause: error });
  });
  return { source: 'attachment', text: decodeTextAttachment(bytes) };
}

/**
 * One incoming message: /start and reply-only commands are answered at once; a creation gets its
 * status message (a reply, in the same topic) first, then becomes a request on the queue.
 */
export function createMessageHandler(deps: MessageHandlerDeps) {
  const { api, logger, reverie } = deps;
  const { context, queues } = reverie;

  const reply = (message: Message, text: string) =>
    api.sendMessage(message.chat.id, clampText(text, MAX_MESSAGE_CHARS), placeOf(addressOf(message), String(message.message_id)));

  const helpText = (locale: string, text: string) => `${text}\n${translate(locale, 'telegram.reactions', reactionHint(deps.reactions))}`;

  return async function handleMessage(message: Message): Promise<void> {
    const decoded = decodeMessage(message, deps.bot());
    if (!decoded || !message.from) return;
    const requester = requesterOf(message.from);
    const { locale } = requester;

    if (decoded.kind === 'start') {
      await reply(message, translate(locale, 'telegram.start', { name: message.from.first_name }));
      return;
    }
    let sentence = decoded.body;
    let options: RequestOptions = NO_OPTIONS;
    if (decoded.kind === 'command') {
      const command = decoded.commandName ? findCommand(decoded.commandName) : undefined;
      // Unknown commands in groups belong to someone else; in a private chat the help answers them.
      if (!command) {
        if (message.chat.type === 'private') await reply(message, helpText(locale, runReply('help', locale, deps.commands)));
        return;
      }
      const result = command.run({ options: parseCommandArguments(command, decoded.body), locale, context: deps.commands });
      if (result.kind === 'reply') {
        await reply(message, command.name === 'help' ? helpText(locale, result.text) : result.text);
        return;
      }
      sentence = result.sentence;
      options = result.options;
    }

    // A reply by the requester to their own clip is a revision ("make it night"), not a new short.
    const repliedTo = decoded.kind === 'command' ? null : explicitReplyOf(message);
    const revised = repliedTo ? await context.clips.findByMessage('telegram', messageKeyOf(message.chat.id, repliedTo.message_id)) : null;
    const revising = revised !== null && revised.request.requester.userId === requester.userId;

    const where = addressOf(message);
    const status = await reply(message, translate(locale, revising ? 'control.revising' : 'status.received'));
    const statusWhere = { ...where, statusMessageId: String(status.message_id) };
    const showError = (error: ReverieError) =>
      api.editMessageText(message.chat.id, status.message_id, clampText(translate(locale, error.messageKey, error.params), MAX_MESSAGE_CHARS));
    const settle = async (outcome: SubmitOutcome | { status: 'unknown-clip' }) => {
      if (outcome.status === 'duplicate' || outcome.status === 'unknown-clip') await api.deleteMessage(message.chat.id, status.message_id);
      else if (outcome.status === 'rejected') await showError(outcome.error);
    };
    if (revising) {
      const outcome = await reviseClip(context, queues, revised.id, sentence, { eventId: requestIdOf(message), where: statusWhere, receivedAt: context.now() });
      logger.info({ clipId: revised.id, status: outcome.status }, 'telegram-revision-submitted');
      await settle(outcome);
      return;
    }
    try {
      const referencedText = await resolveReferenced(deps.files, decoded.referenced);
      const wish = options.useAvatar ?? findAvatarWish(sentence);
      const avatar = wish === false ? null : await fetchAvatar(deps.files, message.from.id, deps.avatarCacheDir, logger);
      const request: CreationRequest = {
        id: requestIdOf(message),
        requester,
        where: statusWhere,
        sentence,
        referencedText,
        attachments: [],
        avatar,
        options,
        maxUploadBytes: deps.uploadLimitBytes,
        receivedAt: context.now(),
      };
      const outcome = await submitRequest(context, queues, request);
      if (outcome.status === 'accepted') {
        deps.tracker.track(request, outcome.queuePosition);
        logger.info({ requestId: request.id, chatId: message.chat.id, threadId: where.threadId }, 'telegram-request-accepted');
      }
      // A re-delivered update's first delivery already has its status message.
      await settle(outcome);
    } catch (error) {
      if (error instanceof ReverieError) return void (await showError(error));
      logger.error({ ...describeError(error), chatId: message.chat.id }, 'telegram-request-failed');
      await showError(new ReverieError('internal', 'error.internal')).catch(() => undefined);
    }
  };
}

function runReply(name: string, locale: string, context: CommandContext): string {
  const result = findCommand(name)?.run({ options: {}, locale, context });
  return result?.kind === 'reply' ? result.text : '';
}
