import { config as loadDotenv } from 'dotenv';

import { ConfigError } from '../domain/errors.ts';
import { ConfigSchema, SECRET_KEYS, SECRET_URL_KEYS, type Config } from './config-schema.ts';

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
  throw new ConfigError(`Reverie's configuration is not valid:\n${lines.join('\n')}\n` + 'Fix these in your environment or .env file (see .env.example and the README table).');
}

/** Loads .env (without overriding real environment variables), then parses. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  loadDotenv({ quiet: true, processEnv: env as Record<string, string> });
  return parseConfig(env);
}

/** The secret values of a config, for redaction of anything we print. */
export function secretValues(config: Config): string[] {
  const keys = SECRET_KEYS.map((key) => config[key]);
  const urls = SECRET_URL_KEYS.flatMap((key) => urlSecrets(config[key]));
  return [...keys, ...urls].filter((value): value is string => Boolean(value));
}

/**
 * A URL with a password yields the URL as configured, as `new URL().href` prints it, and the
 * password both percent-encoded (as it appears inside URLs) and decoded (as a client error may
 * quote it). A URL without a password is no secret: hosts and ports belong in logs.
 */
function urlSecrets(value: string | undefined): string[] {
  if (value === undefined) return [];
  const url = URL.parse(value);
  if (!url?.password) return [];
  return [value, url.href, url.password, decodeOrKeep(url.password)];
}

/** A stray % in a password is legal in a URL but makes decodeURIComponent throw. */
function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
