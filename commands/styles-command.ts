import { resolveLanguage } from '../src/i18n/messages.ts';
import { loadStylePresets } from '../src/prompts/style-presets.ts';
import type { PureCommand } from './command-types.ts';

export const stylesCommand: PureCommand = {
  kind: 'pure',
  access: 'everyone',
  name: 'styles',
  description: { en: 'List the style presets', zh: '列出风格预设' },
  options: [],
  run(input) {
    const language = resolveLanguage(input.locale);
    const lines = [...loadStylePresets().values()].map((preset) => `• ${preset.labels[language]} (${preset.name}) — ${preset.keywords.slice(0, 4).join(', ')}`);
    return { kind: 'reply', text: lines.join('\n') };
  },
};
