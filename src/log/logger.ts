import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One JSON logger for the process. Secrets are scrubbed twice: pino's `redact` for the usual
 * paths, and a hook that replaces any configured secret value wherever it appears in a line
 * (an SDK error message that quotes a URL with the bot token in it, for example).
 */
export function createLogger(options: { level: string; secrets: readonly string[]; destination?: NodeJS.WritableStream }): Logger {
  const secrets = options.secrets.filter((secret) => secret.length >= 6);
  const scrub = (text: string) => secrets.reduce((line, secret) => line.split(secret).join('[redacted]'), text);
  return pino(
    {
      level: options.level,
      redact: {
        paths: ['token', 'apiKey', 'authorization', '*.token', '*.apiKey', '*.authorization', 'headers.authorization'],
        censor: '[redacted]',
      },
      hooks: secrets.length === 0 ? {} : {
        streamWrite: scrub,
      },
    },
    (options.destination ?? process.stderr) as pino.DestinationStream,
  );
}
