import { Client, Events, GatewayDispatchEvents, GatewayIntentBits, Partials, type GatewayMessageReactionAddDispatchData } from 'discord.js';
import type { ChatHub } from '../../src/chat/chat-core.ts';
import type { DiscordContext } from './discord-context.ts';
import { createDiscordMessages } from './discord-messages.ts';
import { createDiscordPort } from './discord-port.ts';
import { decodeReaction } from './decode-reaction.ts';
import { handleAutocomplete, handleCommand } from './handle-command.ts';
import { handleClick, handleReaction } from './handle-control.ts';
import { handleMessage } from './handle-message.ts';
import { syncCommandsAtStart, type CommandSyncOptions } from './sync-commands.ts';

/** What the Discord adapter needs to know; built from the config in src/app (adapter-settings.ts). */
export interface DiscordAdapterOptions {
  token: string | undefined;
  /** DISCORD_API_BASE, DISCORD_CDN_BASE, DISCORD_MEDIA_PROXY_BASE. */
  apiBase: string;
  cdnBase: string;
  mediaProxyBase: string;
  /** DISCORD_MESSAGE_CONTENT: ask for the privileged intent. */
  messageContent: boolean;
  /** DISCORD_UPLOAD_BYTES. */
  uploadDefaultBytes: number;
  /** Register commands/ at start when they changed (DISCORD_SYNC_COMMANDS, DISCORD_GUILD_ID). */
  commandSync: CommandSyncOptions;
  /** Least time between two edits of one status card, ms (DISCORD_STATUS_EDIT_MS). */
  statusEditIntervalMs: number;
  /** How long login (gateway READY plus every guild) may take before start-up fails, ms. Default 30 s. */
  readyTimeoutMs?: number;
}

export interface RunningDiscordAdapter {
  /** The bot's user id (the application's bot user). */
  readonly botUserId: string;
  /** Stops taking events, lets the current posts and handlers finish, then leaves the gateway. */
  close(): Promise<void>;
}

/**
 * Only what is used: guild cache and threads, guild and DM messages, reactions in both. The
 * privileged MessageContent intent is opt-in (mentions and DMs carry their text without it).
 */
export function intentsFor(messageContent: boolean): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.DirectMessageReactions];
  return messageContent ? [...intents, GatewayIntentBits.MessageContent] : intents;
}

/** discord.js' login errors, with the fix attached. */
function explainLoginError(error: unknown, messageContent: boolean): Error {
  const text = error instanceof Error ? error.message : String(error);
  if (/disallowed intents/i.test(text)) {
    return new Error(
      `Discord refused the gateway intents (4014).${messageContent ? ' DISCORD_MESSAGE_CONTENT=true needs "Message Content Intent" switched on in the Developer Portal (Bot page), or set it to false.' : ''}`,
      { cause: error },
    );
  }
  if (/token/i.test(text)) {
    return new Error('Discord refused DISCORD_TOKEN (401). Copy the bot token from the Developer Portal, Bot page, "Reset Token".', { cause: error });
  }
  return error instanceof Error ? error : new Error(text);
}

/**
 * Connects the bot: events in (mentions, DMs, slash commands, buttons, reactions), status cards
 * and clips out through the `deliver-discord` queue. REST and CDN bases come from the config, the
 * gateway URL from `GET /gateway/bot` on that REST base.
 */
export async function startDiscordAdapter(hub: ChatHub, options: DiscordAdapterOptions): Promise<RunningDiscordAdapter> {
  const { token, messageContent } = options;
  if (!token) throw new Error('The Discord adapter needs DISCORD_TOKEN (Developer Portal, Bot page, "Reset Token").');
  const logger = hub.logger.child({ adapter: 'discord' });

  const client = new Client({
    intents: intentsFor(messageContent),
    // DM channels and old clips are not cached; without these partials their events are dropped.
    partials: [Partials.Channel, Partials.Message, Partials.Reaction, Partials.User],
    rest: { api: options.apiBase, cdn: options.cdnBase, mediaProxy: options.mediaProxyBase },
    // A safety net for anything sent through discord.js structures: nobody is pinged by default.
    allowedMentions: { parse: [], repliedUser: false },
    failIfNotExists: false,
  });
  client.on(Events.Error, (error) => logger.warn({ err: error }, 'discord-client-error'));
  client.on(Events.ShardError, (error) => logger.warn({ err: error }, 'discord-shard-error'));

  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<Client<true>>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('Discord login timed out: no READY and guilds from the gateway.')), options.readyTimeoutMs ?? 30_000);
    client.once(Events.ClientReady, (readyClient) => {
      clearTimeout(timer);
      resolve(readyClient);
    });
  });
  let readyClient: Client<true>;
  try {
    await client.login(token);
    readyClient = await ready;
  } catch (error) {
    // A refused login never reaches `ready`: its timer must not fire later as an unhandled rejection.
    clearTimeout(timer);
    await client.destroy();
    throw explainLoginError(error, messageContent);
  }

  const messages = createDiscordMessages(client.rest, { apiBase: options.apiBase, token });
  const core = hub.connect(createDiscordPort({ messages, logger }), { minEditIntervalMs: options.statusEditIntervalMs });
  const discord: DiscordContext = {
    client: readyClient,
    core,
    messages,
    logger,
    now: hub.now,
    cdnBase: options.cdnBase,
    uploadDefaultBytes: options.uploadDefaultBytes,
    messageContent,
  };

  let closing = false;
  const inFlight = new Set<Promise<void>>();
  const run = (event: string, handler: () => Promise<void>) => {
    if (closing) return;
    const running = handler()
      .catch((error: unknown) => logger.error({ err: error, event }, 'discord-handler-failed'))
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  };

  client.on(Events.MessageCreate, (message) => run('message', () => handleMessage(discord, message)));
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) run('command', () => handleCommand(discord, interaction));
    else if (interaction.isAutocomplete()) run('autocomplete', () => handleAutocomplete(discord, interaction));
    else if (interaction.isButton()) run('button', () => handleClick(discord, interaction));
  });
  // Raw on purpose: see decode-reaction.ts for why discord.js' own reaction event is not used.
  client.ws.on(GatewayDispatchEvents.MessageReactionAdd, (data: GatewayMessageReactionAddDispatchData) => {
    const reaction = decodeReaction(data, readyClient.user.id);
    if (reaction) run('reaction', () => handleReaction(discord, reaction));
  });

  // After the handlers are on, so no event waits on it; when commands/ changed, /short appears.
  await syncCommandsAtStart(readyClient, options.commandSync, logger);
  logger.info({ botUserId: readyClient.user.id, guilds: readyClient.guilds.cache.size, messageContent }, 'discord-ready');

  return {
    botUserId: readyClient.user.id,
    async close() {
      closing = true;
      await Promise.allSettled([...inFlight]);
      await core.close();
      await client.destroy();
      logger.info('discord-closed');
    },
  };
}
