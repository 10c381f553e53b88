import { createServer, type Server } from 'node:http';
import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot, GrammyError, HttpError, webhookCallback } from 'grammy';
import { ALL_COMMANDS } from '../../commands/all-commands.ts';
import type { ChatHub } from '../../src/chat/chat-core.ts';
import type { Logger } from '../../src/log/logger.ts';
import { parseReactionList } from './decode-control.ts';
import { createControlHandlers } from './handle-control.ts';
import { createMessageHandler } from './handle-message.ts';
import { registerCommands } from './register-commands.ts';
import { pruneAvatarCache } from './telegram-files.ts';
import { describeError, isForbidden } from './telegram-errors.ts';
import { createTelegramPort } from './telegram-port.ts';

/** What the bot asks Telegram for. message_reaction is outside the default set and must be named. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'message_reaction', 'my_chat_member'] as const;

/** What the Telegram adapter needs to know; built from the config in src/app (adapter-settings.ts). */
export interface TelegramAdapterOptions {
  token: string | undefined;
  /** TELEGRAM_API_ROOT: the Bot API server (grammY's apiRoot and file downloads). */
  apiRoot: string;
  /** What this Bot API server accepts per video, bytes. */
  uploadLimitBytes: number;
  updateMode: 'polling' | 'webhook';
  webhook: { url: string | undefined; secret: string | undefined; port: number };
  /** TELEGRAM_REGENERATE_REACTIONS / TELEGRAM_VARIATION_REACTIONS, comma lists of emoji. */
  regenerateReactions: string;
  variationReactions: string;
  /** Where profile photos are cached (DATA_DIR/telegram/avatars). */
  avatarCacheDir: string;
  /** Least time between two edits of one status message, ms. Default 1500: ~1 message/s per chat. */
  statusEditIntervalMs?: number;
  /** Long-polling timeout of getUpdates, seconds. Default 30. */
  pollTimeoutSeconds?: number;
  /**
   * 429 handling on every call. Defaults: 3 retries, waiting at most 30 s each; a longer
   * retry_after fails the call (a status edit is skipped, a delivery job retries later).
   */
  retry?: { maxRetryAttempts: number; maxDelaySeconds: number };
  /** Host the webhook server binds, default 0.0.0.0 (behind a TLS proxy). */
  webhookHost?: string;
}

export interface RunningTelegramAdapter {
  close(): Promise<void>;
}

/**
 * Runs the Telegram bot on a Reverie: updates (long polling with @grammyjs/runner, or a webhook)
 * become requests, progress edits one status message, and this process's delivery worker posts
 * the clips. Needs TELEGRAM_BOT_TOKEN; TELEGRAM_API_ROOT points it at another Bot API server.
 */
export async function startTelegramAdapter(hub: ChatHub, options: TelegramAdapterOptions): Promise<RunningTelegramAdapter> {
  const { token, apiRoot } = options;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token in .env');
  const logger = hub.logger.child({ adapter: 'telegram' });

  const bot = new Bot(token, { client: { apiRoot } });
  // Network errors are not retried here (auto-retry would back off up to an hour, unbounded):
  // the runner re-polls, a skipped status edit is harmless, and delivery jobs retry in BullMQ.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true, ...options.retry }));
  bot.api.config.use(async (previous, method, payload, signal) => {
    // The runner retries getUpdates silently; this is the one line that says Telegram is unreachable.
    const report = (error: unknown) => method === 'getUpdates' && !signal?.aborted && logger.warn(describeError(error), 'telegram-poll-failed');
    try {
      const result = await previous(method, payload, signal);
      if (!result.ok) report(new GrammyError(result.description, result, method, payload));
      return result;
    } catch (error) {
      report(error);
      throw error;
    }
  });
  await bot.init().catch((error: unknown) => {
    throw explainStartFailure(error, apiRoot);
  });
  logger.info({ username: bot.botInfo.username }, 'telegram-connected');
  await registerCommands(bot.api, ALL_COMMANDS).catch((error: unknown) => logger.warn(describeError(error), 'telegram-commands-failed'));

  const core = hub.connect(createTelegramPort({ api: bot.api, logger }), { minEditIntervalMs: options.statusEditIntervalMs ?? 1_500 });
  const reactions = { regenerate: parseReactionList(options.regenerateReactions), variation: parseReactionList(options.variationReactions) };
  const pruned = await pruneAvatarCache(options.avatarCacheDir, hub.now());
  if (pruned > 0) logger.info({ pruned }, 'telegram-avatar-cache-pruned');
  const handleMessage = createMessageHandler({
    core,
    api: bot.api,
    files: { api: bot.api, fileBase: `${apiRoot}/file/bot${token}` },
    logger,
    now: hub.now,
    bot: () => ({ id: bot.botInfo.id, username: bot.botInfo.username }),
    uploadLimitBytes: options.uploadLimitBytes,
    avatarCacheDir: options.avatarCacheDir,
    reactions,
  });
  const controls = createControlHandlers({ core, api: bot.api, logger, now: hub.now, reactions });

  // Concurrent across chats, in order within one: a quick second message never overtakes the first.
  bot.use(sequentialize((ctx) => (ctx.chat ? String(ctx.chat.id) : undefined)));
  bot.on('message', (ctx) => handleMessage(ctx.message));
  bot.on('callback_query', (ctx) => controls.handleCallback(ctx.callbackQuery));
  bot.on('message_reaction', (ctx) => controls.handleReaction(ctx.messageReaction, ctx.reactions().emojiAdded));
  bot.on('my_chat_member', (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    if (status === 'kicked' || status === 'left') logger.info({ chatId: ctx.chat.id, status }, 'telegram-removed-from-chat');
  });
  bot.catch((error) => {
    const details = { ...describeError(error.error), updateId: error.ctx.update.update_id };
    if (isForbidden(error.error)) logger.info(details, 'telegram-forbidden');
    else logger.error(details, 'telegram-update-failed');
  });

  let runner: RunnerHandle | null = null;
  let server: Server | null = null;
  const close = async () => {
    await runner?.stop();
    if (server?.listening) await new Promise<void>((done) => server?.close(() => done()));
    await core.close();
    logger.info('telegram-closed');
  };
  try {
    if (options.updateMode === 'webhook') {
      server = await startWebhookServer(bot, options.webhook, options.webhookHost ?? '0.0.0.0', logger);
    } else {
      // The runner, unlike bot.start(), leaves a webhook in place and would stop on 409.
      await bot.api.deleteWebhook();
      runner = run(bot, {
        // A fixed pause between failed polls, like bot.start(): exponential backoff here has no cap.
        runner: { fetch: { allowed_updates: ALLOWED_UPDATES, timeout: options.pollTimeoutSeconds ?? 30 }, silent: true, retryInterval: 3_000, maxRetryTime: Infinity },
      });
      // 409 means another process polls with this token (or a webhook was set meanwhile): only one may.
      void runner.task()?.catch((error: unknown) => logger.error({ ...describeError(error), fix: 'run one polling instance per bot token' }, 'telegram-polling-stopped'));
    }
  } catch (error) {
    await close();
    throw error;
  }

  let closing: Promise<void> | null = null;
  return {
    close() {
      closing ??= close();
      return closing;
    },
  };
}

/** Start-up failures say what to fix: the token, or the address of the Bot API server. */
function explainStartFailure(error: unknown, apiRoot: string): Error {
  if (error instanceof GrammyError && error.error_code === 401) {
    return new Error('Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): copy the token from @BotFather again', { cause: error });
  }
  if (error instanceof HttpError) {
    return new Error(`Could not reach the Bot API at ${apiRoot} (TELEGRAM_API_ROOT): ${error.message}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** grammY's webhook handler on node:http: only the configured path, only with the secret header. */
async function startWebhookServer(bot: Bot, webhook: TelegramAdapterOptions['webhook'], host: string, logger: Logger): Promise<Server> {
  const { url, secret } = webhook;
  if (!url) throw new Error('TELEGRAM_UPDATE_MODE=webhook needs TELEGRAM_WEBHOOK_URL (the public https URL Telegram posts to)');
  if (!secret) throw new Error('TELEGRAM_UPDATE_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET, so only Telegram can post updates');
  const path = new URL(url).pathname;
  const handle = webhookCallback(bot, 'http', { secretToken: secret, onTimeout: 'return', timeoutMilliseconds: 9_000 });
  const server = createServer((request, response) => {
    if (request.method !== 'POST' || new URL(request.url ?? '/', 'http://localhost').pathname !== path) {
      response.writeHead(404).end();
      return;
    }
    handle(request, response).catch((error: unknown) => {
      logger.error(describeError(error), 'telegram-webhook-failed');
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(webhook.port, host, () => resolveListen());
  });
  await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: ALLOWED_UPDATES });
  logger.info({ port: webhook.port, path }, 'telegram-webhook-listening');
  return server;
}
