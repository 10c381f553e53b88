import { z } from 'zod';

/**
 * Every setting Reverie reads, in one zod schema. Names are public interface (README, .env.example,
 * later issues): change them only with a migration note.
 */

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** A base URL with no trailing slash: grammY rejects one, and we join paths onto all of them. */
const baseUrl = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .transform((value) => (value === '' ? fallback : value))
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://example.com' }))
    .transform((value) => value.replace(/\/+$/, ''));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const ConfigSchema = z.object({
  REDIS_URL: z
    .string()
    .default('redis://127.0.0.1:6379')
    .pipe(z.url({ protocol: /^rediss?$/, error: 'must look like redis://host:6379' })),
  /** Prefix for every BullMQ key; tests give each run its own. */
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only').default('reverie'),
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** all = adapters and workers in one process; worker / adapter run one half, to scale out. */
  ROLE: z.enum(['all', 'worker', 'adapter']).default('all'),
  PLANNER: z.enum(['auto', 'gemini', 'openai', 'offline']).default('auto'),
  VIDEO_PROVIDER: z.enum(['auto', 'omni', 'veo', 'local']).default('auto'),
  /** Concurrent active requests per user before we say "wait for your clips to finish". */
  MAX_ACTIVE_PER_USER: positiveInt(2),
  /** Parallel generation jobs per worker process (2 cores: the local renderer is CPU-bound). */
  WORKER_CONCURRENCY: positiveInt(2),
  /** Default upload budget for platforms that state none, in bytes. */
  DEFAULT_UPLOAD_BYTES: positiveInt(10 * 1024 * 1024),

  DISCORD_TOKEN: optionalText,
  DISCORD_API_BASE: baseUrl('https://discord.com/api'),
  DISCORD_CDN_BASE: baseUrl('https://cdn.discordapp.com'),

  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: baseUrl('https://api.telegram.org'),

  GEMINI_API_KEY: optionalText,
  GEMINI_BASE_URL: baseUrl('https://generativelanguage.googleapis.com'),
  GOOGLE_CLOUD_PROJECT: optionalText,
  GOOGLE_CLOUD_LOCATION: z.string().default('us-central1'),
  VERTEX_API_KEY: optionalText,
  VERTEX_BASE_URL: baseUrl('https://aiplatform.googleapis.com'),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: baseUrl('https://api.openai.com/v1'),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Settings whose values must never reach a log line or a reply. */
export const SECRET_KEYS = [
  'DISCORD_TOKEN',
  'TELEGRAM_BOT_TOKEN',
  'GEMINI_API_KEY',
  'VERTEX_API_KEY',
  'OPENAI_API_KEY',
] as const satisfies readonly (keyof Config)[];
