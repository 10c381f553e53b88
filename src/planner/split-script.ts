/** Splits a script into sentences, keeping their closing punctuation (English and CJK). */
export function splitSentences(script: string): string[] {
  return script
    .split(/(?<=[.!?。！？…])\s*|\n+/u)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** At most `maxChars` characters, cut at a word boundary for spaced scripts, with an ellipsis. */
export function shorten(text: string, maxChars: number): string {
  const chars = [...text.trim()];
  if (chars.length <= maxChars) return text.trim();
  const cut = chars.slice(0, maxChars - 1).join('');
  const lastSpace = cut.lastIndexOf(' ');
  return `${lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut}…`;
}

/** Deals `items` into `buckets` groups in order, as evenly as possible (first groups get extras). */
export function dealInOrder<T>(items: readonly T[], buckets: number): T[][] {
  const groups: T[][] = Array.from({ length: buckets }, () => []);
  const base = Math.floor(items.length / buckets);
  const extra = items.length % buckets;
  let cursor = 0;
  for (let index = 0; index < buckets; index += 1) {
    const size = base + (index < extra ? 1 : 0);
    groups[index] = items.slice(cursor, cursor + size);
    cursor += size;
  }
  return groups;
}
