import { NO_OPTIONS } from '../src/domain/creation-request.ts';
import type { ModelRow } from '../src/models/model-types.ts';
import { loadStylePresets } from '../src/prompts/style-presets.ts';
import type { CommandChoice, CommandContext, PureCommand } from './command-types.ts';

const ORIENTATIONS = ['vertical', 'landscape', 'square'] as const;
const isOrientation = (value: unknown): value is (typeof ORIENTATIONS)[number] => ORIENTATIONS.includes(value as never);

/** Discord shows at most 25 choices or autocomplete answers. */
const MAX_CHOICES = 25;

const matchesTyped = (row: ModelRow, typed: string): boolean => typed === '' || [row.key, row.label, row.family].some((text) => text.toLowerCase().includes(typed));

/** The configured models as choices, filtered by what the user typed so far (key, name or family). */
export function modelChoices(context: CommandContext, typed: string): CommandChoice[] {
  const lower = typed.trim().toLowerCase();
  return context.models
    .filter((row) => matchesTyped(row, lower))
    .slice(0, MAX_CHOICES)
    .map((row) => ({ value: row.key, label: { en: row.label, zh: row.label } }));
}

/**
 * The model option as typed → a model key when it names a configured one exactly (key or name);
 * anything else ("kling", "可灵") is kept for the pipeline to resolve against its providers.
 */
function readModel(value: unknown, context: CommandContext | undefined): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const typed = value.trim().slice(0, 60);
  const lower = typed.toLowerCase();
  const exact = context?.models.find((row) => row.key.toLowerCase() === lower || row.label.toLowerCase() === lower);
  return exact?.key ?? typed;
}

export const shortCommand: PureCommand = {
  kind: 'pure',
  access: 'everyone',
  startsCreation: true,
  name: 'short',
  description: { en: 'Turn a sentence into a short video', zh: '把一句话变成短视频' },
  options: [
    { name: 'sentence', type: 'string', required: true, freeText: true, description: { en: 'What to make, in your own words', zh: '想做什么，用你自己的话说' } },
    { name: 'avatar', type: 'boolean', required: false, description: { en: 'Star your profile picture', zh: '用你的头像当主角' } },
    {
      name: 'style',
      type: 'string',
      required: false,
      description: { en: 'A style preset', zh: '风格预设' },
      choices: [...loadStylePresets().values()].map((preset) => ({ value: preset.name, label: preset.labels })),
    },
    {
      name: 'orientation',
      type: 'string',
      required: false,
      description: { en: 'Vertical (9:16), landscape (16:9) or square', zh: '竖屏（9:16）、横屏（16:9）或方形' },
      choices: [
        { value: 'vertical', label: { en: 'Vertical 9:16', zh: '竖屏 9:16' } },
        { value: 'landscape', label: { en: 'Landscape 16:9', zh: '横屏 16:9' } },
        { value: 'square', label: { en: 'Square 1:1', zh: '方形 1:1' } },
      ],
    },
    { name: 'seconds', type: 'integer', required: false, minValue: 3, maxValue: 60, description: { en: 'Length in seconds', zh: '时长（秒）' } },
    {
      name: 'model',
      type: 'string',
      required: false,
      description: { en: 'Video model (see /models)', zh: '视频模型（见 /models）' },
      autocomplete: modelChoices,
    },
  ],
  run(input) {
    const { sentence, avatar, style, orientation, seconds, model } = input.options;
    return {
      kind: 'create',
      sentence: typeof sentence === 'string' ? sentence : '',
      options: {
        ...NO_OPTIONS,
        useAvatar: typeof avatar === 'boolean' ? avatar : null,
        style: typeof style === 'string' && loadStylePresets().has(style) ? style : null,
        orientation: isOrientation(orientation) ? orientation : null,
        seconds: typeof seconds === 'number' ? Math.round(seconds) : null,
        model: readModel(model, input.context),
      },
    };
  },
};
