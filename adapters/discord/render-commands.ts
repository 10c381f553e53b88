import { ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type LocalizationMap, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { ALL_COMMANDS } from '../../commands/all-commands.ts';
import type { CommandDefinition, CommandOption, LocalizedText } from '../../commands/command-types.ts';

/**
 * commands/ → Discord slash-command JSON. The builders check Discord's limits (names, 100-char
 * descriptions, 25 choices, required options first) when `toJSON` runs, so a definition that
 * Discord would refuse fails here, in a test, not at deploy time.
 */

/** Both Chinese client locales get the zh text; every other locale sees the English default. */
function chineseLocalizations(text: LocalizedText): LocalizationMap {
  return { 'zh-CN': text.zh, 'zh-TW': text.zh };
}

function describe<T extends { setDescription(text: string): T; setDescriptionLocalizations(map: LocalizationMap): T }>(target: T, text: LocalizedText): T {
  return target.setDescription(text.en).setDescriptionLocalizations(chineseLocalizations(text));
}

function addOption(builder: SlashCommandBuilder, option: CommandOption): void {
  const choices = (option.choices ?? []).map((choice) => ({ name: choice.label.en, name_localizations: chineseLocalizations(choice.label), value: choice.value }));
  switch (option.type) {
    case 'string':
      builder.addStringOption((input) => {
        describe(input.setName(option.name), option.description).setRequired(option.required);
        // Config-dependent choices (the configured video models) are answered as the user types.
        if (option.autocomplete && choices.length === 0) return input.setAutocomplete(true);
        return choices.length > 0 ? input.addChoices(...choices) : input;
      });
      return;
    case 'integer':
      builder.addIntegerOption((input) => {
        describe(input.setName(option.name), option.description).setRequired(option.required);
        if (option.minValue !== undefined) input.setMinValue(option.minValue);
        if (option.maxValue !== undefined) input.setMaxValue(option.maxValue);
        return input;
      });
      return;
    case 'boolean':
      builder.addBooleanOption((input) => describe(input.setName(option.name), option.description).setRequired(option.required));
      return;
  }
}

export function renderCommand(definition: CommandDefinition): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const builder = describe(new SlashCommandBuilder().setName(definition.name), definition.description)
    // Servers the bot is in, and DMs with the bot; not a user-installed app elsewhere.
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
  // Discord wants required options before optional ones.
  const ordered = [...definition.options.filter((option) => option.required), ...definition.options.filter((option) => !option.required)];
  for (const option of ordered) addOption(builder, option);
  // Admin commands are hidden from members without Manage Server; the core still checks on use.
  if (definition.access === 'admin') builder.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild);
  return builder.toJSON();
}

export function renderCommands(definitions: readonly CommandDefinition[] = ALL_COMMANDS): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return definitions.map(renderCommand);
}
