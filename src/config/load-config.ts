import { config as loadDotenv } from 'dotenv';

import { ConfigError } from '../domain/errors.ts';
import { ConfigSchema, SECRET_KEYS, type Config } from './config-schema.ts';


/**
 * Parses the environment once. Throws a ConfigError whose message lists every wrong setting and
 * how to fix it; values are never echoed, so a mistyped token cannot leak into a terminal log.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path.join('.');
    return `  ${key}: ${issue.message}`;
  });
  throw new ConfigError(
    `Reverie's configuration is not valid:\n${lines.join('\n')}\n` +
      'Fix these in your environment or .env file (see .env.example and the README table).',
  );
}

/** Loads .env (without overriding real environment variables), then parses. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  loadDotenv({ quiet: true, processEnv: env as Record<string, string> });
  return parseConfig(env);
}

/** The secret values of a config, for redaction of anything we print. */
export function secretValues(config: Config): string[] {
  return SECRET_KEYS.map((key) => config[key]).filter((value): value is string => Boolean(value));
}

