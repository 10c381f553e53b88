import { Client, Events, GatewayIntentBits } from 'discord.js';

/**
 * The ack-latency baseline: the least a discord.js bot can do with a slash command (defer it,
 * nothing else), on the same fake Discord and in the same process as Reverie's adapter.
 */
export async function startMinimalBot(options: { token: string; apiBase: string; cdnBase: string }): Promise<{ close(): Promise<void> }> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: options.apiBase, cdn: options.cdnBase } });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) interaction.deferReply().catch((error: unknown) => console.error('minimal bot: defer failed', error));
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(options.token);
  await ready;
  return { close: () => client.destroy() };
}
