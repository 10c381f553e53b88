import type { Chat, Document, Message, PhotoSize, User } from 'grammy/types';

/**
 * The fake Bot API's memory: chats, forum topics, every message in them, files and profile
 * photos. Method handlers and the test-side "user actions" both work on it.
 */

export interface StoredFile {
  fileId: string;
  uniqueId: string;
  path: string;
  data: Buffer;
}

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

export interface FakeWorld {
  bot: User;
  chats: Map<number, Chat>;
  /** Thread ids of existing topics, per forum chat. */
  topics: Map<number, Set<number>>;
  messages: Map<number, Map<number, Message>>;
  files: Map<string, StoredFile>;
  profilePhotos: Map<number, PhotoSize[][]>;
  members: Map<string, MemberStatus>;
  /** Chats whose user blocked the bot, or groups the bot was kicked from: sends answer 403. */
  blocked: Map<number, string>;
  nextMessageId(chatId: number): number;
  store(message: Message): Message;
  find(chatId: number, messageId: number): Message | undefined;
  addFile(data: Buffer, path: string): StoredFile;
}

export function createWorld(bot: User): FakeWorld {
  const counters = new Map<number, number>();
  let fileCounter = 0;
  const world: FakeWorld = {
    bot,
    chats: new Map(),
    topics: new Map(),
    messages: new Map(),
    files: new Map(),
    profilePhotos: new Map(),
    members: new Map(),
    blocked: new Map(),
    nextMessageId(chatId) {
      const next = (counters.get(chatId) ?? 100) + 1;
      counters.set(chatId, next);
      return next;
    },
    store(message) {
      let chatMessages = world.messages.get(message.chat.id);
      if (!chatMessages) world.messages.set(message.chat.id, (chatMessages = new Map()));
      chatMessages.set(message.message_id, message);
      return message;
    },
    find: (chatId, messageId) => world.messages.get(chatId)?.get(messageId),
    addFile(data, path) {
      fileCounter += 1;
      const file = { fileId: `file-${fileCounter}`, uniqueId: `unique-${fileCounter}`, path, data };
      world.files.set(file.fileId, file);
      return file;
    },
  };
  return world;
}

export function privateChat(user: User): Chat.PrivateChat {
  return { id: user.id, type: 'private', first_name: user.first_name };
}

export function groupChat(id: number, title: string, forum = false): Chat.SupergroupChat | Chat.GroupChat {
  return forum ? { id, type: 'supergroup', title, is_forum: true } : { id, type: 'supergroup', title };
}

export function makeUser(id: number, firstName: string, languageCode = 'en'): User {
  return { id, is_bot: false, first_name: firstName, language_code: languageCode };
}

/** A profile photo as Telegram lists it: several sizes of one picture, smallest first. */
export function addProfilePhoto(world: FakeWorld, userId: number, jpeg: Buffer): void {
  const file = world.addFile(jpeg, `photos/${userId}.jpg`);
  const small = world.addFile(jpeg, `photos/${userId}-small.jpg`);
  world.profilePhotos.set(userId, [
    [
      { file_id: small.fileId, file_unique_id: small.uniqueId, width: 160, height: 160, file_size: jpeg.length },
      { file_id: file.fileId, file_unique_id: file.uniqueId, width: 640, height: 640, file_size: jpeg.length },
    ],
  ]);
}

export function addDocument(world: FakeWorld, data: Buffer, fileName: string, mimeType: string): Document {
  const file = world.addFile(data, `documents/${fileName}`);
  return { file_id: file.fileId, file_unique_id: file.uniqueId, file_name: fileName, mime_type: mimeType, file_size: data.length };
}

/** A forum topic: its id is the id of the service message that created it, as in Telegram. */
export function createTopic(world: FakeWorld, chat: Chat, creator: User, name: string): Message {
  const message_id = world.nextMessageId(chat.id);
  const service = world.store({
    message_id,
    date: Math.floor(Date.now() / 1000),
    chat,
    from: creator,
    message_thread_id: message_id,
    forum_topic_created: { name, icon_color: 0x6fb9f0 },
  } as Message);
  let topics = world.topics.get(chat.id);
  if (!topics) world.topics.set(chat.id, (topics = new Set()));
  topics.add(message_id);
  return service;
}
