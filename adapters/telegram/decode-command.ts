export interface CommandToken {
  /** Lower-case command name without the slash. */
  name: string;
  /** The `@botname` part, when given. */
  target: string | null;
  /** The text after the command, trimmed. */
  rest: string;
}

/** `/Short@Reverie_bot make it` → { name: 'short', target: 'Reverie_bot', rest: 'make it' }; null if no command. */
export function readCommandToken(text: string): CommandToken | null {
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+|$)([\s\S]*)$/.exec(text);
  if (!match?.[1]) return null;
  return { name: match[1].toLowerCase(), target: match[2] ?? null, rest: (match[3] ?? '').trim() };
}
