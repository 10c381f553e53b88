import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One JSON logger for the process. Secrets are scrubbed three ways: pino's `redact` for the usual
 * paths, a hook that replaces any configured secret value wherever it appears in a line (an SDK
 * error message that quotes a URL with the bot token in it, for example), and the password part
 * of any URL in the line.
 */
export function createLogger(options: { level: string; secrets: readonly string[]; destination?: NodeJS.WritableStream }): Logger {
  const secrets = scrubForms(options.secrets.filter((secret) => secret.length >= 6));
  const scrub = (text: string) => scrubUrlPasswords(secrets.reduce((line, secret) => line.split(secret).join('[redacted]'), text));
  return pino(
    {
      level: options.level,
      redact: {
        paths: ['token', 'apiKey', 'authorization', '*.token', '*.apiKey', '*.authorization', 'headers.authorization'],
        censor: '[redacted]',
      },
      hooks: { streamWrite: scrub },
    },
    (options.destination ?? process.stderr) as pino.DestinationStream,
  );
}

/** Each secret as written raw and as JSON escapes it inside a log line (quotes, backslashes). */
function scrubForms(secrets: readonly string[]): string[] {
  const forms = secrets.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]);
  // Longest first, so a URL is replaced whole before the password inside it is.
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/**
 * The password in any scheme://user:password@host, whatever its length: a short password is
 * too common a string to scrub everywhere, but inside a URL it is unmistakable.
 */
function scrubUrlPasswords(line: string): string {
  return line.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:"]*:)[^\s/?#@"]+@/gi, '$1[redacted]@');
}
