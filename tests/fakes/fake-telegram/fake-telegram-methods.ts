import type { InlineKeyboardMarkup, Message, ReplyParameters } from 'grammy/types';
import type { FakeWorld, MemberStatus } from './fake-telegram-world.ts';

/** An answer the real Bot API gives as `{ ok: false, error_code, description }`. */
export class ApiFailure extends Error {
  readonly errorCode: number;
  readonly retryAfter: number | undefined;
  constructor(errorCode: number, description: string, retryAfter?: number) {
    super(description);
    this.errorCode = errorCode;
    this.retryAfter = retryAfter;
  }
}

export interface UploadedFile {
  size: number;
  filename: string | null;
  data: Buffer;
}

export interface MethodInput {
  params: Record<string, unknown>;
  files: Record<string, UploadedFile>;
}

export interface MethodOptions {
  /** sendVideo above this answers 413, like api.telegram.org above 50 MB. */
  uploadLimitBytes: number | null;
  setWebhook(url: string | null, secretToken: string | null): void;
}

const now = () => Math.floor(Date.now() / 1000);

function chatOf(world: FakeWorld, params: Record<string, unknown>) {
  const chatId = Number(params.chat_id);
  const chat = world.chats.get(chatId);
  if (!chat) throw new ApiFailure(400, 'Bad Request: chat not found');
  const blocked = world.blocked.get(chatId);
  if (blocked) throw new ApiFailure(403, blocked);
  return chat;
}

/** Thread and reply checks Telegram makes before any send. */
function placeOf(world: FakeWorld, params: Record<string, unknown>) {
  const chat = chatOf(world, params);
  const threadId = params.message_thread_id === undefined ? undefined : Number(params.message_thread_id);
  const topics = world.topics.get(chat.id);
  if (threadId !== undefined && topics && !topics.has(threadId)) throw new ApiFailure(400, 'Bad Request: message thread not found');
  const reply = params.reply_parameters as ReplyParameters | undefined;
  const replyTo = reply ? world.find(chat.id, Number(reply.message_id)) : undefined;
  if (reply && !replyTo && !reply.allow_sending_without_reply) throw new ApiFailure(400, 'Bad Request: message to be replied not found');
  return {
    chat,
    message_id: world.nextMessageId(chat.id),
    date: now(),
    from: world.bot,
    ...(threadId !== undefined ? { message_thread_id: threadId, is_topic_message: true } : {}),
    ...(replyTo ? { reply_to_message: replyTo } : {}),
    ...(params.reply_markup ? { reply_markup: params.reply_markup as InlineKeyboardMarkup } : {}),
  };
}

function existing(world: FakeWorld, params: Record<string, unknown>, action: string): Message {
  const chat = chatOf(world, params);
  const message = world.find(chat.id, Number(params.message_id));
  if (!message) throw new ApiFailure(400, `Bad Request: message to ${action} not found`);
  return message;
}

function captionOf(params: { caption?: unknown }): string | undefined {
  const caption = params.caption === undefined ? undefined : String(params.caption);
  if (caption !== undefined && [...caption].length > 1024) throw new ApiFailure(400, 'Bad Request: message caption is too long');
  return caption;
}

/** A video message's video and caption, with the checks sendVideo and editMessageMedia share. */
function videoMessage(world: FakeWorld, params: Record<string, unknown>, video: UploadedFile | undefined, thumbnail: UploadedFile | undefined, options: MethodOptions) {
  if (!video) throw new ApiFailure(400, 'Bad Request: there is no video in the request');
  if (options.uploadLimitBytes !== null && video.size > options.uploadLimitBytes) throw new ApiFailure(413, 'Request Entity Too Large');
  const caption = captionOf(params);
  if (thumbnail && thumbnail.size > 200 * 1024) throw new ApiFailure(400, 'Bad Request: thumbnail is too big');
  const stored = world.addFile(video.data, `videos/${video.filename ?? 'video.mp4'}`);
  return {
    video: {
      file_id: stored.fileId,
      file_unique_id: stored.uniqueId,
      width: Number(params.width ?? 0),
      height: Number(params.height ?? 0),
      duration: Number(params.duration ?? 0),
      file_size: video.size,
      mime_type: 'video/mp4',
    },
    ...(caption !== undefined ? { caption } : {}),
  };
}

type Handler = (world: FakeWorld, input: MethodInput, options: MethodOptions) => unknown;

export const METHODS: Record<string, Handler> = {
  getMe: (world) => ({ ...world.bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false }),
  deleteWebhook: (_world, _input, options) => {
    options.setWebhook(null, null);
    return true;
  },
  setWebhook: (_world, { params }, options) => {
    options.setWebhook(String(params.url), params.secret_token ? String(params.secret_token) : null);
    return true;
  },
  setMyCommands: () => true,
  sendChatAction: (world, { params }) => {
    chatOf(world, params);
    return true;
  },
  answerCallbackQuery: () => true,
  sendMessage: (world, { params }) => {
    const text = String(params.text ?? '');
    if (text.length === 0) throw new ApiFailure(400, 'Bad Request: message text is empty');
    if ([...text].length > 4096) throw new ApiFailure(400, 'Bad Request: message is too long');
    return world.store({ ...placeOf(world, params), text } as Message);
  },
  editMessageText: (world, { params }) => {
    const message = existing(world, params, 'edit');
    const text = String(params.text ?? '');
    const markup = JSON.stringify(params.reply_markup ?? null);
    if (message.text === text && JSON.stringify(message.reply_markup ?? null) === markup) {
      throw new ApiFailure(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
    }
    const edited = { ...message, text, edit_date: now(), ...(params.reply_markup ? { reply_markup: params.reply_markup } : {}) } as Message;
    return world.store(edited);
  },
  deleteMessage: (world, { params }) => {
    const message = existing(world, params, 'delete');
    world.messages.get(message.chat.id)?.delete(message.message_id);
    return true;
  },
  sendVideo: (world, { params, files }, options) => world.store({ ...placeOf(world, params), ...videoMessage(world, params, files.video, files.thumbnail, options) } as Message),
  editMessageMedia: (world, { params, files }, options) => {
    const message = existing(world, params, 'edit');
    const media = (params.media ?? {}) as Record<string, unknown>;
    // Only what Reverie sends: a video uploaded in the same request.
    if (media.type !== 'video') throw new ApiFailure(400, 'Bad Request: this fake edits media into a video only');
    if (!files.video) throw new ApiFailure(400, 'Bad Request: wrong file identifier/HTTP URL specified');
    const { photo: _photo, caption: _caption, ...rest } = message;
    return world.store({
      ...rest,
      ...videoMessage(world, media, files.video, files.thumbnail, options),
      edit_date: now(),
      ...(params.reply_markup ? { reply_markup: params.reply_markup as InlineKeyboardMarkup } : {}),
    } as Message);
  },
  sendPhoto: (world, { params, files }) => {
    const photo = files.photo;
    if (!photo) throw new ApiFailure(400, 'Bad Request: there is no photo in the request');
    if (photo.size > 10 * 1024 * 1024) throw new ApiFailure(400, 'Bad Request: PHOTO_INVALID_DIMENSIONS');
    const caption = captionOf(params);
    const stored = world.addFile(photo.data, `photos/${photo.filename ?? 'photo.jpg'}`);
    return world.store({
      ...placeOf(world, params),
      photo: [{ file_id: stored.fileId, file_unique_id: stored.uniqueId, width: 0, height: 0, file_size: photo.size }],
      ...(caption !== undefined ? { caption } : {}),
    } as Message);
  },
  sendMediaGroup: (world, { params, files }) => {
    const media = Array.isArray(params.media) ? (params.media as { type?: unknown; media?: unknown; caption?: unknown }[]) : [];
    if (media.length < 2 || media.length > 10) throw new ApiFailure(400, 'Bad Request: media group must include 2-10 items');
    return media.map((item) => {
      const name = typeof item.media === 'string' && item.media.startsWith('attach://') ? item.media.slice('attach://'.length) : '';
      const photo = files[name];
      if (item.type !== 'photo' || !photo) throw new ApiFailure(400, 'Bad Request: wrong file identifier/HTTP URL specified');
      const caption = captionOf(item);
      const stored = world.addFile(photo.data, `photos/${photo.filename ?? 'photo.jpg'}`);
      return world.store({
        ...placeOf(world, params),
        media_group_id: 'group',
        photo: [{ file_id: stored.fileId, file_unique_id: stored.uniqueId, width: 0, height: 0, file_size: photo.size }],
        ...(caption !== undefined ? { caption } : {}),
      } as Message);
    });
  },
  getUserProfilePhotos: (world, { params }) => {
    const photos = world.profilePhotos.get(Number(params.user_id)) ?? [];
    return { total_count: photos.length, photos: photos.slice(0, Number(params.limit ?? 100)) };
  },
  getFile: (world, { params }) => {
    const file = world.files.get(String(params.file_id));
    if (!file) throw new ApiFailure(400, 'Bad Request: invalid file_id');
    if (file.data.length > 20 * 1024 * 1024) throw new ApiFailure(400, 'Bad Request: file is too big');
    return { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.data.length, file_path: file.path };
  },
  getChatMember: (world, { params }) => {
    const chat = chatOf(world, params);
    const userId = Number(params.user_id);
    const status: MemberStatus = world.members.get(`${chat.id}:${userId}`) ?? 'member';
    return { status, user: { id: userId, is_bot: false, first_name: `user ${userId}` } };
  },
};
