import type { Client } from 'discord.js';
import type { ChatCore } from '../../src/chat/chat-core.ts';
import type { Logger } from '../../src/log/logger.ts';
import type { DiscordMessages } from './discord-messages.ts';

/** What the event handlers share; built once by the adapter, passed explicitly. */
export interface DiscordContext {
  client: Client<true>;
  core: ChatCore;
  messages: DiscordMessages;
  logger: Logger;
  now: () => number;
  /** DISCORD_CDN_BASE: the only origin avatars, pictures and .txt files are fetched from. */
  cdnBase: string;
  /** DISCORD_UPLOAD_BYTES. */
  uploadDefaultBytes: number;
  /** Whether the MessageContent intent was requested (replied-to text is readable). */
  messageContent: boolean;
}
