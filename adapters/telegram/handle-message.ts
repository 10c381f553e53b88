import type { Api } from 'grammy';
import type { Message } from 'grammy/types';
import { findCommand } from '../../commands/all-commands.ts';
import { parseCommandArguments } from '../../commands/text-arguments.ts';
import type { ChatCore } from '../../src/chat/chat-core.ts';
import type { RequestEvent, ScriptSource } from '../../src/chat/chat-events.ts';
import { NO_OPTIONS } from '../../src/domain/creation-request.ts';
import { ReverieError } from '../../src/domain/errors.ts';
import { translate } from '../../src/i18n/messages.ts';
import type { Logger } from '../../src/log/logger.ts';
import { reactionHint, type ReactionMap } from './decode-control.ts';
import { createAdminCheck } from './chat-admin.ts';
import { addressOf, decodeMessage, explicitReplyOf, messageKeyOf, requesterOf, requestIdOf, type BotIdentity, type ReferencedSource } from './decode-message.ts';
import { downloadFile, fetchAvatar, type FileSource } from './telegram-files.ts';
import { postGallery } from './telegram-gallery.ts';
import { clampText, MAX_MESSAGE_CHARS, placeOf } from './telegram-port.ts';

export interface MessageHandlerDeps {
  core: ChatCore;
  api: Api;
  files: FileSource;
  logger: Logger;
  now: () => number;
  bot: () => BotIdentity;
  /** Every request's maxUploadBytes: what this Bot API server accepts per video. */
  uploadLimitBytes: number;
  avatarCacheDir: string;
  reactions: ReactionMap;
}

/** "This text" as the core wants it: words in hand, or a document it may download. */
function scriptOf(files: FileSource, source: ReferencedSource | null): ScriptSource | null {
  if (!source) return null;
  if (source.kind === 'text') return source;
  return {
    kind: 'file',
    sizeBytes: source.sizeBytes,
    download: (maxBytes) =>
      downloadFile(files, source.fileId, maxBytes).catch((error: unknown) => {
        throw new ReverieError('bad-input', 'error.attachment-not-text', { cause: error });
      }),
  };
}

/**
 * One incoming message: /start is answered here (a Telegram greeting); everything else goes to
 * the chat core as a message or a command, with the status message as a reply in the same topic.
 */
export function createMessageHandler(deps: MessageHandlerDeps) {
  const { api, core } = deps;
  const isChatAdmin = createAdminCheck(api, deps.logger);

  const reply = (message: Message, text: string) => api.sendMessage(message.chat.id, clampText(text, MAX_MESSAGE_CHARS), placeOf(addressOf(message), String(message.message_id)));

  return async function handleMessage(message: Message): Promise<void> {
    const decoded = decodeMessage(message, deps.bot());
    const from = message.from;
    if (!decoded || !from) return;
    const requester = requesterOf(from);
    if (decoded.kind === 'start') {
      await reply(message, translate(requester.locale, 'telegram.start', { name: from.first_name }));
      return;
    }
    const where = addressOf(message);
    const event: RequestEvent = {
      requestId: requestIdOf(message),
      requester,
      origin: where,
      receivedAt: deps.now(),
      options: NO_OPTIONS,
      pictures: [],
      maxUploadBytes: deps.uploadLimitBytes,
      readScript: async () => scriptOf(deps.files, decoded.referenced),
      readAvatar: () => fetchAvatar(deps.files, from.id, deps.avatarCacheDir, deps.logger),
      async acknowledge(text) {
        const status = await reply(message, text);
        return { ...where, statusMessageId: String(status.message_id) };
      },
      async replyCard(text) {
        const status = await reply(message, text);
        return { statusMessageId: String(status.message_id), replyToMessageId: String(message.message_id) };
      },
    };
    if (decoded.kind === 'command') {
      const command = decoded.commandName ? findCommand(decoded.commandName) : undefined;
      await core.commandInvoked({
        ...event,
        name: decoded.commandName ?? '',
        values: command ? parseCommandArguments(command, decoded.body) : {},
        direct: message.chat.type === 'private',
        // A private chat is the user's own space; in a group, the chat's administrators.
        isAdmin: async () => message.chat.type === 'private' || isChatAdmin(message.chat.id, from.id),
        async reply(text, commandName) {
          // Telegram's reactions differ from the other platforms': the help says which ones work here.
          const hint = commandName === 'help' ? `\n${translate(requester.locale, 'telegram.reactions', reactionHint(deps.reactions))}` : '';
          await reply(message, `${text}${hint}`);
        },
        replyGallery: (gallery) => postGallery(api, message, gallery),
      });
      return;
    }
    // A reply to one of our messages may be a revision ("make it night"); the core decides.
    const repliedTo = explicitReplyOf(message);
    await core.messageArrived({ ...event, sentence: decoded.body, repliedToMessageKey: repliedTo ? messageKeyOf(message.chat.id, repliedTo.message_id) : null });
  };
}
