import type { CommandDefinition, CommandInput, CommandOption } from './command-types.ts';

/**
 * Text platforms (Telegram, the terminal) have no typed command options: everything after
 * `/short` is one string. Options
 * other than the free-text one are written `name:value` or `name=value` anywhere in it
 * (`/short style:anime seconds=5 a cat in the rain`); the rest is the free text.
 */

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1', 'y', '是', '要', '用']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0', 'n', '否', '不', '不用']);

/** The option that takes the remaining words (`freeText`), if the command has one. */
function freeTextOption(command: CommandDefinition): CommandOption | undefined {
  return command.options.find((option) => option.freeText === true);
}

function typedValue(option: CommandOption, raw: string): string | number | boolean | undefined {
  const value = raw.trim();
  if (option.type === 'boolean') {
    const lower = value.toLowerCase();
    return TRUE_WORDS.has(lower) ? true : FALSE_WORDS.has(lower) ? false : undefined;
  }
  if (option.type === 'integer') {
    if (!/^-?\d+$/.test(value)) return undefined;
    const min = option.minValue ?? Number.MIN_SAFE_INTEGER;
    const max = option.maxValue ?? Number.MAX_SAFE_INTEGER;
    return Math.min(max, Math.max(min, Number(value)));
  }
  if (!option.choices) return value;
  const lower = value.toLowerCase();
  const choice = option.choices.find((candidate) => candidate.value.toLowerCase() === lower || candidate.label.en.toLowerCase() === lower || candidate.label.zh === value);
  return choice?.value;
}

/** `name:value` tokens for known options become typed values; everything else is the free text. */
export function parseCommandArguments(command: CommandDefinition, text: string): CommandInput['options'] {
  const free = freeTextOption(command);
  const options: CommandInput['options'] = {};
  const words: string[] = [];
  for (const token of text.split(/\s+/).filter((part) => part !== '')) {
    const match = /^([A-Za-z_]+)[:=：](.+)$/.exec(token);
    const option = match ? command.options.find((candidate) => candidate.name === match[1]?.toLowerCase() && candidate !== free) : undefined;
    const value = option && match?.[2] !== undefined ? typedValue(option, match[2]) : undefined;
    if (option && value !== undefined) options[option.name] = value;
    else words.push(token);
  }
  if (free) options[free.name] = words.join(' ');
  return options;
}
