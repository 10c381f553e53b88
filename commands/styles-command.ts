import { resolveLanguage } from '../src/i18n/messages.ts';
import { loadStylePresets } from '../src/prompts/style-presets.ts';
import type { PureCommand } from './command-types.ts';

/** A picture per preset (the core draws and caches them); the text list where pictures cannot be drawn. */
export const stylesCommand: PureCommand = {
  kind: 'pure',
  access: 'everyone',
  name: 'styles',
  description: { en: 'Show the style presets', zh: '查看风格预设' },
  options: [],
  run(input) {
    const language = resolveLanguage(input.locale);
    const presets = [...loadStylePresets().values()];
    const captionOf = (keywords: readonly string[]) => keywords.slice(0, 4).join(', ');
    const lines = presets.map((preset) => `• ${preset.labels[language]} (${preset.name}) — ${captionOf(preset.keywords)}`);
    const entries = presets.map((preset) => ({ title: `${preset.labels[language]} (${preset.name})`, caption: captionOf(preset.keywords), style: preset.name }));
    return { kind: 'gallery', text: lines.join('\n'), entries };
  },
};
