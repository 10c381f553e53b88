import { NO_OPTIONS } from '../src/domain/creation-request.ts';
import { loadStylePresets } from '../src/planner/style-presets.ts';
import type { CommandDefinition } from './command-types.ts';

const ORIENTATIONS = ['vertical', 'landscape', 'square'] as const;
const isOrientation = (value: unknown): value is (typeof ORIENTATIONS)[number] => ORIENTATIONS.includes(value as never);

export const shortCommand: CommandDefinition = {
  name: 'short',
  description: { en: 'Turn a sentence into a short video', zh: '把一句话变成短视频' },
  options: [
    { name: 'sentence', type: 'string', required: true, description: { en: 'What to make, in your own words', zh: '想做什么，用你自己的话说' } },
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
  ],
  run(input) {
    const { sentence, avatar, style, orientation, seconds } = input.options;
    return {
      kind: 'create',
      sentence: typeof sentence === 'string' ? sentence : '',
      options: {
        ...NO_OPTIONS,
        useAvatar: typeof avatar === 'boolean' ? avatar : null,
        style: typeof style === 'string' && loadStylePresets().has(style) ? style : null,
        orientation: isOrientation(orientation) ? orientation : null,
        seconds: typeof seconds === 'number' ? Math.round(seconds) : null,
      },
    };
  },
};
