import { join, resolve } from 'node:path';
import type { Config } from '../config/config-schema.ts';
import { createRecordStore } from '../store/record-store.ts';
import type { Reverie } from './create-reverie.ts';

/**
 * Each adapter's options, built from the config here and nowhere else, so adapters never read
 * the whole config (or the rest of the app). The shapes are checked against each adapter's own
 * options type where the entry points pass them in.
 */

export function discordSettings({ config, context }: Pick<Reverie, 'config' | 'context'>) {
  return {
    commandSync: {
      enabled: config.DISCORD_SYNC_COMMANDS,
      guildId: config.DISCORD_GUILD_ID,
      store: createRecordStore(context.redis, config.QUEUE_PREFIX, 'discord-commands'),
    },
    token: config.DISCORD_TOKEN,
    apiBase: config.DISCORD_API_BASE,
    cdnBase: config.DISCORD_CDN_BASE,
    mediaProxyBase: config.DISCORD_MEDIA_PROXY_BASE,
    messageContent: config.DISCORD_MESSAGE_CONTENT,
    uploadDefaultBytes: config.DISCORD_UPLOAD_BYTES,
    statusEditIntervalMs: config.DISCORD_STATUS_EDIT_MS,
  };
}

export function telegramSettings(config: Config) {
  return {
    token: config.TELEGRAM_BOT_TOKEN,
    apiRoot: config.TELEGRAM_API_ROOT,
    uploadLimitBytes: Math.floor(config.TELEGRAM_UPLOAD_LIMIT_MB * 1_000_000),
    updateMode: config.TELEGRAM_UPDATE_MODE,
    webhook: { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET, port: config.TELEGRAM_WEBHOOK_PORT },
    regenerateReactions: config.TELEGRAM_REGENERATE_REACTIONS,
    variationReactions: config.TELEGRAM_VARIATION_REACTIONS,
    avatarCacheDir: resolve(join(config.DATA_DIR, 'telegram', 'avatars')),
  };
}

export function consoleSettings(config: Config) {
  return { outDir: resolve(join(config.DATA_DIR, 'out')) };
}
