import { effectiveLimits } from '../src/budget/limits.ts';
import { translate } from '../src/i18n/messages.ts';
import type { CommunitySettings } from '../src/ports/community-records.ts';
import type { CommandContext, CommandOption, RecordCommand, RecordInput } from './command-types.ts';
import { usdText } from './record-text.ts';
import { FIELD_OF, LANGUAGES, readSettingsOptions, SETTING_NAMES, type SettingName } from './settings-values.ts';

const DESCRIPTIONS: Record<SettingName, CommandOption['description']> = {
  model: { en: 'Default model key (see /models), or default', zh: '默认模型（见 /models），或 default' },
  allowed: { en: 'Allowed model keys, comma-separated, or all', zh: '允许的模型，逗号分隔，或 all' },
  daily_seconds: { en: 'Seconds of video per user per day, or default', zh: '每人每天视频秒数，或 default' },
  daily_usd: { en: 'USD per user per day, or default', zh: '每人每天美元，或 default' },
  month_usd: { en: 'USD per month for this server, or default', zh: '本服务器每月美元，或 default' },
  concurrency: { en: 'Requests in progress per user, or default', zh: '每人同时进行的请求数，或 default' },
  cooldown: { en: 'Seconds between two requests of a user, or default', zh: '同一用户两次请求的间隔秒数，或 default' },
  channels: { en: 'here, everywhere, or channel ids (comma-separated)', zh: 'here、everywhere 或频道 id（逗号分隔）' },
  language: { en: 'Reply language here', zh: '这里的回复语言' },
};

const RELEASE_OPTION: CommandOption = {
  name: 'release',
  type: 'string',
  required: false,
  description: { en: 'A creation id whose held charge you checked at the provider: release it', zh: '已在服务商处核实的创作 id：释放其暂扣费用' },
};

/**
 * A create whose outcome was unknown keeps its charge held, so budgets never undercount; an admin
 * who checked the provider's console releases it here. Only creations of this community.
 */
async function releaseHeld({ locale, caller, records, now }: RecordInput, creationId: string): Promise<string> {
  const creation = await records.creations.get(creationId);
  if (!creation || creation.platform !== caller.community.platform || creation.communityId !== caller.community.communityId) {
    return translate(locale, 'settings.release-unknown', { id: creationId });
  }
  const released = await records.ledger.release(creationId, now, { includeHeld: true });
  return translate(locale, 'settings.released', { id: creationId, count: released });
}

const LANGUAGE_CHOICES: CommandOption['choices'] = [
  ...LANGUAGES.map((value) => ({ value, label: { en: value, zh: value } })),
  { value: 'auto', label: { en: "auto (each user's own)", zh: 'auto（跟随每个用户）' } },
];

/** How one setting reads: the admin's value, else the owner's default it falls back to. */
function valueText(locale: string, name: SettingName, settings: CommunitySettings, context: CommandContext): string {
  const limits = effectiveLimits(context.limits, settings);
  const fallback = (value: string) => translate(locale, 'settings.owner-default', { value });
  const unlimited = translate(locale, 'settings.unlimited');
  const own = settings[FIELD_OF[name]];
  switch (name) {
    case 'model':
      return settings.defaultModel ?? fallback(context.defaultModelKey);
    case 'allowed':
      return settings.allowedModels?.join(', ') ?? translate(locale, 'settings.all-models');
    case 'daily_seconds':
      return own === null ? fallback(limits.userDailySeconds === null ? unlimited : `${limits.userDailySeconds} s`) : `${limits.userDailySeconds} s`;
    case 'daily_usd':
      return own === null ? fallback(limits.userDailyUsd === null ? unlimited : `$${usdText(limits.userDailyUsd)}`) : `$${usdText(limits.userDailyUsd ?? 0)}`;
    case 'month_usd':
      return own === null ? fallback(limits.communityMonthlyUsd === null ? unlimited : `$${usdText(limits.communityMonthlyUsd)}`) : `$${usdText(limits.communityMonthlyUsd ?? 0)}`;
    case 'concurrency':
      return own === null ? fallback(String(limits.maxActivePerUser)) : String(limits.maxActivePerUser);
    case 'cooldown':
      return own === null ? fallback(`${limits.cooldownSeconds ?? 0} s`) : `${limits.cooldownSeconds ?? 0} s`;
    case 'channels':
      return settings.channels?.join(', ') ?? translate(locale, 'settings.everywhere');
    case 'language':
      return settings.locale ?? translate(locale, 'settings.auto-language');
  }
}

const lineOf = (locale: string, name: SettingName, settings: CommunitySettings, context: CommandContext): string =>
  translate(locale, 'settings.line', { name: translate(locale, `settings.name.${name}`), value: valueText(locale, name, settings, context) });

/**
 * Admins set their community's models, budgets, quotas, channels and language. Nothing is applied
 * when any value is wrong, so a typo never half-changes the settings.
 */
export const settingsCommand: RecordCommand = {
  kind: 'record',
  access: 'admin',
  name: 'settings',
  description: { en: 'Admins: models, budgets, channels and language here', zh: '管理员：这里的模型、预算、频道和语言' },
  options: [
    ...SETTING_NAMES.map((name): CommandOption => ({
      name,
      type: 'string',
      required: false,
      description: DESCRIPTIONS[name],
      ...(name === 'language' ? { choices: LANGUAGE_CHOICES } : {}),
    })),
    RELEASE_OPTION,
  ],
  async answer(input) {
    const { locale, options, caller, records, settings, context, now } = input;
    if (typeof options.release === 'string' && options.release.trim() !== '') return releaseHeld(input, options.release.trim());
    const change = readSettingsOptions(options, settings, caller.origin, context);
    if (change.errors.length > 0) {
      return change.errors
        .map((error) => translate(locale, 'settings.invalid', { name: translate(locale, `settings.name.${error.name}`), reason: translate(locale, error.reason, error.params) }))
        .join('\n');
    }
    const changed = SETTING_NAMES.filter((name) => FIELD_OF[name] in change.patch);
    if (changed.length === 0) return [translate(locale, 'settings.header'), ...SETTING_NAMES.map((name) => lineOf(locale, name, settings, context))].join('\n');
    const updated = await records.settings.update(caller.community, change.patch, now);
    // A new community language answers this very reply in it.
    const replyLocale = change.patch.locale ?? locale;
    return [translate(replyLocale, 'settings.changed'), ...changed.map((name) => lineOf(replyLocale, name, updated, context))].join('\n');
  },
};
