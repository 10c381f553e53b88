/**
 * The format of Reverie's prompt data files: `key: value` lines, `#` comments, blank lines.
 * Plain enough that translators and prompt writers edit it without touching code.
 */
export function parseKeyValueText(text: string, source: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`${source}: line has no "key: value": ${line}`);
    fields[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return fields;
}
