import { translate } from '../src/i18n/messages.ts';
import type { RecordCommand } from './command-types.ts';

/**
 * Deletes the caller's creations, clips and preferences everywhere on their platform, at once:
 * the reply is private and says exactly what went and what stayed, so no confirmation is asked.
 */
export const forgetCommand: RecordCommand = {
  kind: 'record',
  access: 'everyone',
  name: 'forget',
  description: { en: 'Delete your creations and preferences', zh: '删除你的作品和偏好' },
  options: [],
  async answer({ locale, caller, records }) {
    const report = await records.forget({ platform: caller.platform, userId: caller.userId });
    return [
      translate(locale, 'forget.done', { creations: report.creations, clips: report.clips, preferences: report.preferences }),
      translate(locale, 'forget.kept', { ledger: report.ledgerLinesKept }),
    ].join('\n');
  },
};
