/** Amounts and names as the record commands show them. */

export const usdText = (value: number): string => value.toFixed(2);

export const secondsText = (value: number): string => String(Math.round(value * 10) / 10);

/**
 * A display name that can never ping anyone: Discord replies already allow no mentions, but an
 * `@name` in a Telegram text would still become a mention, so the @ is swapped for a look-alike.
 */
export const quietName = (name: string): string => name.replace(/@/g, '＠');

/** "in 5 hours" / "5小时后", in the reply's language (hours when at least one, else minutes). */
export function relativeTime(locale: string, fromMs: number, toMs: number): string {
  const minutes = Math.max(1, Math.ceil((toMs - fromMs) / 60_000));
  const format = (tag: string) => new Intl.RelativeTimeFormat(tag, { numeric: 'always' });
  let formatter: Intl.RelativeTimeFormat;
  try {
    formatter = format(locale);
  } catch {
    // A platform locale Intl does not know (rare): English rather than no answer.
    formatter = format('en');
  }
  return minutes >= 60 ? formatter.format(Math.floor(minutes / 60), 'hour') : formatter.format(minutes, 'minute');
}
