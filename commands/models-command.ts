import { translate, type MessageKey } from '../src/i18n/messages.ts';
import { MODEL_TABLE } from '../src/models/model-table.ts';
import type { ModelRow } from '../src/models/model-types.ts';
import type { CommandContext, PureCommand } from './command-types.ts';

/** What the list needs of the server: its models and the default. */
type ModelChoice = Pick<CommandContext, 'models' | 'defaultModelKey'>;

/** Without a context (an adapter that passes none) only the offline renderer is certain to exist. */
const OFFLINE_ONLY: ModelChoice = {
  models: MODEL_TABLE.filter((row) => row.route === 'local'),
  defaultModelKey: 'local:storyboard',
};

const usd = (value: number): string => String(Number(value.toFixed(4)));

function secondsText(locale: string, row: ModelRow): string {
  const { duration } = row;
  return duration.kind === 'range'
    ? translate(locale, 'models.seconds-range', { min: duration.min, max: duration.max })
    : translate(locale, 'models.seconds-list', { values: duration.values.join(', ') });
}

function avatarText(locale: string, row: ModelRow): string {
  if (!row.endpoints.image) return translate(locale, 'models.avatar-none');
  return translate(locale, row.image.realFaces === 'rejected' ? 'models.avatar-words' : 'models.avatar-frame');
}

function priceText(locale: string, row: ModelRow): string {
  const { price } = row;
  if (row.route === 'local') return translate(locale, 'models.price-free');
  if (price.usdPerClip) {
    const clips = Object.entries(price.usdPerClip)
      .map(([seconds, value]) => translate(locale, 'models.price-clip-item', { usd: usd(value), seconds }))
      .join(', ');
    return translate(locale, 'models.price-clip', { clips, date: price.asOf });
  }
  const silent = price.usdPerSecond?.[row.defaultResolution];
  if (silent === undefined) return translate(locale, 'models.price-unknown');
  const withAudio = price.usdPerSecondWithAudio?.[row.defaultResolution];
  return withAudio === undefined
    ? translate(locale, 'models.price-second', { usd: usd(silent), date: price.asOf })
    : translate(locale, 'models.price-audio', { usd: usd(silent), audioUsd: usd(withAudio), date: price.asOf });
}

/** One line per configured model: what it makes, what it costs and when that price was seen. */
export function describeModels(locale: string, context: ModelChoice): string {
  const lines = context.models.map((row) =>
    translate(locale, 'models.line', {
      label: row.label,
      key: row.key,
      default: row.key === context.defaultModelKey ? translate(locale, 'models.default') : '',
      seconds: secondsText(locale, row),
      audio: translate(locale, `models.audio-${row.audio}` as MessageKey),
      avatar: avatarText(locale, row),
      price: priceText(locale, row),
    }),
  );
  const example = context.models.find((row) => row.route !== 'local')?.key ?? context.defaultModelKey;
  return [translate(locale, 'models.header'), ...lines, translate(locale, 'models.footer', { example })].join('\n');
}

export const modelsCommand: PureCommand = {
  kind: 'pure',
  access: 'everyone',
  name: 'models',
  description: { en: 'List the video models you can pick, with prices', zh: '列出可选的视频模型和价格' },
  options: [],
  run(input) {
    return { kind: 'reply', text: describeModels(input.locale, input.context ?? OFFLINE_ONLY) };
  },
};
