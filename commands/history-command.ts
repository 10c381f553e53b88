import { clipLink } from '../src/community/clip-link.ts';
import { translate, type MessageKey } from '../src/i18n/messages.ts';
import type { CreationEntry } from '../src/ports/community-records.ts';
import type { RecordCommand } from './command-types.ts';
import { secondsText, usdText } from './record-text.ts';

const HISTORY_SIZE = 10;
const TITLE_CHARS = 60;

function titleOf(entry: CreationEntry): string {
  const title = entry.plan?.title ?? entry.sentence;
  return title.length > TITLE_CHARS ? `${title.slice(0, TITLE_CHARS - 1)}…` : title;
}

/** One creation: date, title, state, length, cost, and the clip's link on its own line. */
function lineOf(locale: string, entry: CreationEntry): string {
  const unknown = translate(locale, 'history.unknown');
  const line = translate(locale, 'history.line', {
    date: new Date(entry.createdAt).toISOString().slice(0, 10),
    title: titleOf(entry),
    state: translate(locale, `history.state.${entry.state}` as MessageKey),
    seconds: entry.seconds === null ? unknown : `${secondsText(entry.seconds)} s`,
    cost: entry.costUsd === null ? unknown : `$${usdText(entry.costUsd)}`,
  });
  const link = clipLink(entry);
  return link ? `${line}\n   ${link}` : line;
}

export const historyCommand: RecordCommand = {
  kind: 'record',
  access: 'everyone',
  name: 'history',
  description: { en: 'Your last 10 creations, with links', zh: '你最近的 10 个作品和链接' },
  options: [],
  async answer({ locale, caller, records }) {
    const entries = await records.creations.recentOf({ platform: caller.platform, userId: caller.userId }, HISTORY_SIZE);
    if (entries.length === 0) return translate(locale, 'history.empty');
    return [translate(locale, 'history.header'), ...entries.map((entry) => lineOf(locale, entry))].join('\n');
  },
};
