import { translate } from '../src/i18n/messages.ts';
import { loadStylePresets } from '../src/prompts/style-presets.ts';
import type { PureCommand } from './command-types.ts';

export const helpCommand: PureCommand = {
  kind: 'pure',
  access: 'everyone',
  name: 'help',
  description: { en: 'How to use Reverie', zh: '使用说明' },
  options: [],
  run(input) {
    const styles = [...loadStylePresets().keys()].join(', ');
    return { kind: 'reply', text: `${translate(input.locale, 'help.body')}\n${translate(input.locale, 'help.styles', { styles })}` };
  },
};
