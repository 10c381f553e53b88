import { z } from 'zod';
import { modelConcurrency } from './model-concurrency.ts';
import { modelRateLimit } from './model-rate-limit.ts';

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

/** A spending limit from the environment: unset or empty = unlimited; 0 = nothing may be spent. */
const optionalLimit = optionalText.transform((value) => (value === undefined ? undefined : Number(value))).pipe(z.number({ error: 'must be a number, or empty for no limit' }).min(0).optional());

/** true/false (also 1/0, yes/no, on/off) from the environment; unset or empty = the default. */
const flag = (fallback: boolean) => optionalText.pipe(z.stringbool().optional()).transform((value) => value ?? fallback);

/** A comma-separated list of video provider ids, e.g. "veo,local"; empty = no fallback. */
const providerList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  )
  .pipe(z.array(z.enum(['omni', 'veo', 'fal', 'runway', 'local'], { error: 'use provider ids omni, veo, fal, runway or local, comma-separated' })));

export const ConfigSchema = z.object({
  REDIS_URL: z
    .string()
    .default('redis://127.0.0.1:6379')
    .pipe(z.url({ protocol: /^rediss?$/, error: 'must look like redis://host:6379' })),
  /** Prefix for every BullMQ key; tests give each run its own. */
  /** Wrapped in braces (`{reverie}`) it is a Redis Cluster hash tag: every key of the install in one slot. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^(\{[A-Za-z0-9_-]+\}|[A-Za-z0-9_-]+)$/, 'letters, digits, - and _ only, optionally in braces ({reverie}) for Redis Cluster')
    .default('reverie'),
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** all = adapters and workers in one process; worker / adapter run one half, to scale out. */
  ROLE: z.enum(['all', 'worker', 'adapter']).default('all'),
  PLANNER: z.enum(['auto', 'gemini', 'openai', 'offline']).default('auto'),
  VIDEO_PROVIDER: z.enum(['auto', 'omni', 'veo', 'fal', 'runway', 'local']).default('auto'),
  /** Concurrent active requests per user before we say "wait for your clips to finish". */
  MAX_ACTIVE_PER_USER: positiveInt(2),
  /** Seconds of video one user may make per UTC day (a server or chat may override); unset = unlimited. */
  USER_DAILY_SECONDS: optionalLimit,
  /** USD one user may spend per UTC day at the model table's prices; unset = unlimited. */
  USER_DAILY_USD: optionalLimit,
  /** USD one server, group or private chat may spend per UTC calendar month; unset = unlimited. */
  COMMUNITY_MONTHLY_USD: optionalLimit,
  /** Seconds a user waits after one accepted request before the next; unset = none. */
  COOLDOWN_SECONDS: optionalLimit,
  /** Over a dollar limit: refuse, or make the free local storyboard instead. */
  WHEN_OVER_BUDGET: z.enum(['refuse', 'local']).default('refuse'),
  /** Parallel generation jobs per worker process (2 cores: the local renderer is CPU-bound). */
  WORKER_CONCURRENCY: positiveInt(2),
  /** Generations of one model running at once across every worker on this Redis, e.g. `fal:kling-3-std=4`; unset = no limit. */
  MODEL_CONCURRENCY: modelConcurrency,
  /** Creates of one model per window across every worker on this Redis, e.g. `fal:kling-3-std=10/60s`; unset = no limit. */
  MODEL_RATE_LIMIT: modelRateLimit,
  /**
   * How long a stopping worker lets its running steps finish, ms; after it they are handed back
   * (BullMQ's stalled check gives them to another worker). Below the orchestrator's stop timeout.
   */
  SHUTDOWN_GRACE_MS: positiveInt(25_000),
  /**
   * A running job's lock, ms (renewed every half of it): a worker that died without handing its
   * jobs back (SIGKILL, a lost machine) holds them this long. Unset = 60 s for renders, 30 s for
   * the other queues: long enough for a starved 2-core machine to renew in time.
   */
  JOB_LOCK_MS: optionalText.transform((value) => (value === undefined ? undefined : Number(value))).pipe(z.number({ error: 'must be a number of milliseconds' }).int().min(1_000).optional()),
  /** How often a worker looks for jobs whose lock lapsed and gives them back to the queue, ms. */
  STALLED_CHECK_MS: positiveInt(30_000),
  /**
   * Largest file handed between roles through Redis (finished clips, local pictures), bytes; clips
   * are fitted under it as under an upload limit. Redis strings stop at 512 MB.
   */
  MEDIA_STORE_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .max(512 * 1024 * 1024, { error: 'Redis strings stop at 512 MB: use at most 536870912' })
    .default(100 * 1024 * 1024),
  /** Port of /healthz and /metrics (any ROLE); unset = no such server. */
  /**
   * The record (creations, cost ledger, settings, clips): PostgreSQL at this URL, for several hosts
   * or ROLE=worker machines; unset = one SQLite file in DATA_DIR, nothing to set up.
   */
  DATABASE_URL: optionalText.pipe(z.url({ protocol: /^postgres(ql)?$/, error: 'must be a PostgreSQL URL such as postgres://user:password@host:5432/reverie (unset = SQLite in DATA_DIR)' }).optional()),
  /** Days creations, clips and ledger lines are kept; older ones are deleted at start and daily. */
  RETENTION_DAYS: positiveInt(90),
  HTTP_PORT: optionalText.transform((value) => (value === undefined ? undefined : Number(value))).pipe(z.number({ error: 'must be a port number' }).int().min(1).max(65535).optional()),
  /** The owner's page under /admin on HTTP_PORT: this token signs in as admin; unset = the page is off. */
  ADMIN_TOKEN: optionalText.pipe(z.string().min(16, { error: 'must be at least 16 characters (it guards the owner page)' }).optional()),
  /** An optional second token that signs in to the owner's page read-only. */
  VIEWER_TOKEN: optionalText.pipe(z.string().min(16, { error: 'must be at least 16 characters' }).optional()),

  DISCORD_TOKEN: optionalText,
  DISCORD_API_BASE: baseUrl('https://discord.com/api'),
  DISCORD_CDN_BASE: baseUrl('https://cdn.discordapp.com'),
  // --- Discord adapter ---
  /** discord.js `rest.mediaProxy`; only GIF stickers use it, set it when you proxy everything. */
  DISCORD_MEDIA_PROXY_BASE: baseUrl('https://media.discordapp.net'),
  /**
   * Ask for the privileged MessageContent intent (switch it on in the Developer Portal first, or
   * login fails with 4014). Mentions and DMs carry their text without it; it is only needed to
   * read the text of someone else's message that a request replies to. Default false.
   */
  DISCORD_MESSAGE_CONTENT: flag(false),
  /** Commands are registered in this guild only (instant; for development), at start and by `npm run deploy:discord`. */
  DISCORD_GUILD_ID: optionalText.pipe(
    z
      .string()
      .regex(/^\d{17,20}$/, 'must be a guild id (17-20 digits)')
      .optional(),
  ),
  /**
   * Register commands/ at start when they changed since the last registration (a hash in Redis);
   * false = the owner runs `npm run deploy:discord` when they change.
   */
  DISCORD_SYNC_COMMANDS: flag(true),
  /**
   * Upload budget per clip in bytes where Discord states none (mentions, DMs), 10 MiB: the limit
   * every server has had since 2025-01. An interaction's attachmentSizeLimit or the guild's boost
   * tier raises it; a 413 / 40005 answer re-fits the clip under 10 MiB once.
   */
  DISCORD_UPLOAD_BYTES: positiveInt(10 * 1024 * 1024),
  /** Least time between two edits of one status card, ms: edits to one message share a rate bucket. */
  DISCORD_STATUS_EDIT_MS: positiveInt(2_500),
  // --- end Discord adapter ---

  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: baseUrl('https://api.telegram.org'),
  // --- Telegram adapter ---
  /** Upload budget per clip, decimal MB: 50 through api.telegram.org, up to 2000 with a local Bot API server. */
  TELEGRAM_UPLOAD_LIMIT_MB: z.coerce.number().positive().max(2000).default(50),
  /** polling = long polling with @grammyjs/runner; webhook = Telegram POSTs updates to TELEGRAM_WEBHOOK_URL. */
  TELEGRAM_UPDATE_MODE: z.enum(['polling', 'webhook']).default('polling'),
  /** The public https URL Telegram posts to (webhook mode); its path is the one the server answers on. */
  TELEGRAM_WEBHOOK_URL: optionalText.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://bot.example.com/telegram' }).optional()),
  /** Sent back by Telegram in X-Telegram-Bot-Api-Secret-Token: 1-256 of A-Z a-z 0-9 _ -. */
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, '1-256 characters of A-Z, a-z, 0-9, _ and -')
      .optional(),
  ),
  /** Local port of the webhook server (put a TLS proxy on 443/80/88/8443 in front of it). */
  TELEGRAM_WEBHOOK_PORT: positiveInt(8443),
  /** Reactions by the requester that start a new take; comma-separated, from Telegram's fixed reaction set. */
  TELEGRAM_REGENERATE_REACTIONS: z.string().default('👎'),
  TELEGRAM_VARIATION_REACTIONS: z.string().default('🤩'),
  // --- end Telegram adapter ---

  GEMINI_API_KEY: optionalText,
  GEMINI_BASE_URL: baseUrl('https://generativelanguage.googleapis.com'),
  GOOGLE_CLOUD_PROJECT: optionalText,
  GOOGLE_CLOUD_LOCATION: z.string().default('us-central1'),
  VERTEX_API_KEY: optionalText,
  VERTEX_BASE_URL: baseUrl('https://aiplatform.googleapis.com'),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: baseUrl('https://api.openai.com/v1'),

  /** Planner models. Gemini's default is the SDK README's; any OpenAI-compatible model id works. */
  GEMINI_PLANNER_MODEL: z.string().min(1).default('gemini-3.8-flash'),
  OPENAI_PLANNER_MODEL: z.string().min(1).default('gpt-5.5'),
  /** Per planner call, ms; a slow LLM falls back to the offline planner instead of stalling. */
  PLANNER_TIMEOUT_MS: positiveInt(60_000),

  /** Gemini Omni model id (Gemini API key, Interactions API). 1.2 Flash may be reachable later. */
  OMNI_MODEL: z.string().min(1).default('gemini-omni-1.1-flash'),
  /** Pins the Interactions API version (e.g. v1beta) if Omni is not served on the SDK's default. */
  OMNI_API_VERSION: optionalText,
  /** Veo model id on Vertex: veo-3.1-fast-generate-001 (cheaper) or veo-3.1-generate-001. */
  VEO_MODEL: z.string().min(1).default('veo-3.1-fast-generate-001'),
  /** Providers tried, in order, when the chosen one is down (not when it refuses). Empty = none. */
  VIDEO_FALLBACKS: providerList,
  /** Send the avatar picture itself to video models; false = describe it in words only. */
  SEND_AVATAR_IMAGES: flag(true),
  /** How often a running generation is polled, ms (Google documents ~10 s). */
  VIDEO_POLL_INTERVAL_MS: positiveInt(10_000),
  /** Timeout of one create call, ms. A create that times out is never re-sent on our own. */
  VIDEO_CREATE_TIMEOUT_MS: positiveInt(60_000),
  /** Timeout of one status call, ms. */
  VIDEO_STATUS_TIMEOUT_MS: positiveInt(30_000),
  /** Timeout of one whole clip download, ms. */
  VIDEO_DOWNLOAD_TIMEOUT_MS: positiveInt(5 * 60_000),
  /** Largest clip a provider may hand us, bytes (512 MiB); a bigger download is aborted and deleted. */
  VIDEO_DOWNLOAD_MAX_BYTES: positiveInt(512 * 1024 * 1024),
  /** A generation still running after this long is abandoned and the user told so, ms. */
  GENERATION_DEADLINE_MS: positiveInt(20 * 60_000),

  // --- video routes: fal, runway (issue 7) ---
  /**
   * The default video model, `<route>:<name>` from /models (e.g. fal:kling-3-std, runway:gen4.5,
   * google:veo-3.1). Unset = the first configured provider's default. Also picks the Omni/Veo id.
   */
  VIDEO_MODEL: optionalText.pipe(
    z
      .string()
      .regex(/^(google|fal|runway|local):[A-Za-z0-9._-]+$/, 'must be a model id from /models, such as fal:kling-3-std')
      .optional(),
  ),
  /** fal.ai API key (fal.ai dashboard → Keys): Kling, Seedance, Hailuo/MiniMax, Pika, Wan, LTX, Veo on fal. */
  FAL_KEY: optionalText,
  /** fal's queue API, no trailing slash; point it at a proxy or a local fake. */
  FAL_BASE_URL: baseUrl('https://queue.fal.run'),
  /** Where fal's webhook signing keys (JWKS) are fetched from; tests serve their own. */
  FAL_JWKS_URL: baseUrl('https://rest.alpha.fal.ai/.well-known/jwks.json'),
  /**
   * Your fal account's user id. fal signs every account's webhooks with the same keys; set this
   * and a webhook whose signed x-fal-webhook-user-id is another account's is refused. Unset = any.
   */
  FAL_USER_ID: optionalText,
  /** Runway API key (dev.runwayml.com → API keys): Gen-4.5 and Gen-4 Turbo. */
  RUNWAY_API_KEY: optionalText,
  RUNWAY_BASE_URL: baseUrl('https://api.dev.runwayml.com'),
  /**
   * This server's public https base URL (e.g. https://bot.example.com). Set it to receive fal's
   * webhooks at <PUBLIC_URL>/hooks/fal/…: a create whose answer was lost is then reconciled
   * instead of reported as unknown. Unset = poll only.
   */
  PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://bot.example.com' }).optional()).transform((value) => value?.replace(/\/+$/, '')),
  /** Local port of the webhook receiver (put your TLS proxy for PUBLIC_URL in front of it); equal to HTTP_PORT = served there. */
  WEBHOOK_PORT: positiveInt(8787),
  /** How long a create whose answer was lost waits for fal's webhook before the user is told, ms. */
  FAL_WEBHOOK_WAIT_MS: positiveInt(15 * 60_000),
  // --- end video routes ---

  // --- voice (issue 13) ---
  /**
   * Who speaks the plan's lines when the video model has no sound of its own (and for the local
   * renderer): auto = Gemini TTS with a Gemini key, else OpenAI speech with an OpenAI key (as the
   * planner chooses), else espeak-ng when installed, else no voice (subtitles only).
   */
  VOICE: z.enum(['auto', 'openai', 'gemini', 'espeak', 'off']).default('auto'),
  /** OpenAI (or compatible) speech model; tts-1 works too, without speaking directions. */
  OPENAI_SPEECH_MODEL: z.string().min(1).default('gpt-4o-mini-tts'),
  /** Gemini TTS model id. */
  GEMINI_SPEECH_MODEL: z.string().min(1).default('gemini-3.8-flash-tts'),
  /** Per spoken line, ms; a line that takes longer is left to the subtitles. */
  VOICE_TIMEOUT_MS: positiveInt(30_000),
  // --- end voice ---
});

export type Config = z.infer<typeof ConfigSchema>;

/** Settings whose values must never reach a log line or a reply. */
export const SECRET_KEYS = [
  'ADMIN_TOKEN',
  'VIEWER_TOKEN',
  'DISCORD_TOKEN',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'GEMINI_API_KEY',
  'VERTEX_API_KEY',
  'OPENAI_API_KEY',
  'FAL_KEY',
  'RUNWAY_API_KEY',
] as const satisfies readonly (keyof Config)[];

/**
 * Settings that are URLs which may carry a password (redis://:password@host). The password, and
 * the whole URL that contains it, are secrets too.
 */
export const SECRET_URL_KEYS = ['REDIS_URL', 'DATABASE_URL'] as const satisfies readonly (keyof Config)[];
