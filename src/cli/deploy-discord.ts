import { deployCommands } from '../../adapters/discord/deploy-commands.ts';
import { loadConfigOrExit } from '../app/start-process.ts';

/**
 * `npm run deploy:discord`: registers commands/ now, whether or not they changed. The bot does the
 * same at start when they changed; this is for owners who set DISCORD_SYNC_COMMANDS=false.
 */
const config = loadConfigOrExit();
if (!config.DISCORD_TOKEN) {
  process.stderr.write('Set DISCORD_TOKEN (Developer Portal, Bot page) to deploy the slash commands.\n');
  process.exit(78);
}
const result = await deployCommands({ token: config.DISCORD_TOKEN, apiBase: config.DISCORD_API_BASE, guildId: config.DISCORD_GUILD_ID });
const where = result.scope === 'guild' ? `guild ${config.DISCORD_GUILD_ID}` : 'all servers (global; can take up to an hour to show)';
process.stdout.write(`Registered /${result.names.join(', /')} for ${where}.\n`);
