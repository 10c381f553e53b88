import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/config-schema.ts';
import { parseConfig, secretValues } from '../../../src/config/load-config.ts';
import { ConfigError } from '../../../src/domain/errors.ts';
import { createLogger } from '../../../src/log/logger.ts';

/** The real logger with the config's secrets, writing into an array instead of stdout. */
function capturingLogger(config: Config) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', secrets: secretValues(config), destination }), lines };
}

describe('config', () => {
  it('works with nothing set: offline planner, local renderer, local Redis', () => {
    const config = parseConfig({});
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.PLANNER).toBe('auto');
    expect(config.VIDEO_PROVIDER).toBe('auto');
    expect(config.MAX_ACTIVE_PER_USER).toBe(2);
    expect(config.TELEGRAM_API_ROOT).toBe('https://api.telegram.org');
    expect(config.DISCORD_TOKEN).toBeUndefined();
  });

  it('strips trailing slashes from base URLs (grammY rejects them)', () => {
    expect(parseConfig({ TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/' }).TELEGRAM_API_ROOT).toBe('http://127.0.0.1:8081');
    expect(parseConfig({ OPENAI_BASE_URL: 'http://localhost:11434/v1/' }).OPENAI_BASE_URL).toBe('http://localhost:11434/v1');
  });

  it('treats empty values as unset, as a copied .env.example has them', () => {
    const config = parseConfig({ DISCORD_TOKEN: '', GEMINI_API_KEY: '  ', DISCORD_API_BASE: '' });
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(config.GEMINI_API_KEY).toBeUndefined();
    expect(config.DISCORD_API_BASE).toBe('https://discord.com/api');
  });

  it('reads switches as true/false, 1/0, yes/no, with the default when unset', () => {
    expect(parseConfig({}).SEND_AVATAR_IMAGES).toBe(true);
    expect(parseConfig({ SEND_AVATAR_IMAGES: 'no' }).SEND_AVATAR_IMAGES).toBe(false);
    expect(parseConfig({ DISCORD_MESSAGE_CONTENT: '1' }).DISCORD_MESSAGE_CONTENT).toBe(true);
    expect(() => parseConfig({ DISCORD_MESSAGE_CONTENT: 'maybe' })).toThrow(ConfigError);
  });

  it('reads MODEL_CONCURRENCY as MODEL=N pairs and refuses zero or a missing N', () => {
    expect(parseConfig({}).MODEL_CONCURRENCY).toBeUndefined();
    const limits = parseConfig({ MODEL_CONCURRENCY: ' fal:kling-3-std=4, google:omni-1.1-flash=2 ' }).MODEL_CONCURRENCY;
    expect(Object.fromEntries(limits ?? [])).toEqual({ 'fal:kling-3-std': 4, 'google:omni-1.1-flash': 2 });
    expect(() => parseConfig({ MODEL_CONCURRENCY: 'fal:kling-3-std=0' })).toThrow(/MODEL_CONCURRENCY/);
    expect(() => parseConfig({ MODEL_CONCURRENCY: 'fal:kling-3-std' })).toThrow(/MODEL_CONCURRENCY: "fal:kling-3-std" must be MODEL=N/);
  });

  it('reads MODEL_RATE_LIMIT as MODEL=N/DURATION pairs and refuses a missing unit or a zero', () => {
    expect(parseConfig({}).MODEL_RATE_LIMIT).toBeUndefined();
    const limits = parseConfig({ MODEL_RATE_LIMIT: 'fal:kling-3-std=10/60s, runway:gen4.5 = 100 / 1h,fal:pika-2.2=3/500ms' }).MODEL_RATE_LIMIT;
    expect(Object.fromEntries(limits ?? [])).toEqual({
      'fal:kling-3-std': { max: 10, windowMs: 60_000 },
      'runway:gen4.5': { max: 100, windowMs: 3_600_000 },
      'fal:pika-2.2': { max: 3, windowMs: 500 },
    });
    expect(() => parseConfig({ MODEL_RATE_LIMIT: 'fal:kling-3-std=10/60' })).toThrow(/MODEL_RATE_LIMIT: "fal:kling-3-std=10\/60" must be MODEL=N\/DURATION/);
    expect(() => parseConfig({ MODEL_RATE_LIMIT: 'fal:kling-3-std=0/1m' })).toThrow(/MODEL_RATE_LIMIT/);
    expect(() => parseConfig({ MODEL_RATE_LIMIT: 'fal:kling-3-std=4' })).toThrow(/MODEL_RATE_LIMIT/);
  });

  it('takes a QUEUE_PREFIX in braces, a Redis Cluster hash tag, and refuses other braces', () => {
    expect(parseConfig({ QUEUE_PREFIX: '{reverie}' }).QUEUE_PREFIX).toBe('{reverie}');
    expect(() => parseConfig({ QUEUE_PREFIX: 're{verie}' })).toThrow(/QUEUE_PREFIX/);
    expect(() => parseConfig({ QUEUE_PREFIX: '{reverie' })).toThrow(/QUEUE_PREFIX/);
  });

  it("gives stopping workers SHUTDOWN_GRACE_MS, 25 s by default (below Docker's 30 s stop timeout)", () => {
    expect(parseConfig({}).SHUTDOWN_GRACE_MS).toBe(25_000);
    expect(() => parseConfig({ SHUTDOWN_GRACE_MS: '-1' })).toThrow(/SHUTDOWN_GRACE_MS/);
  });

  it("keeps BullMQ's crash recovery (locks of 60 s for renders, 30 s elsewhere; stalled checks every 30 s) unless JOB_LOCK_MS and STALLED_CHECK_MS say otherwise", () => {
    expect(parseConfig({}).JOB_LOCK_MS).toBeUndefined();
    expect(parseConfig({}).STALLED_CHECK_MS).toBe(30_000);
    expect(parseConfig({ JOB_LOCK_MS: '3000', STALLED_CHECK_MS: '500' })).toMatchObject({ JOB_LOCK_MS: 3_000, STALLED_CHECK_MS: 500 });
    // Below a second a busy event loop misses a renewal and a live worker's job is run twice.
    expect(() => parseConfig({ JOB_LOCK_MS: '500' })).toThrow(/JOB_LOCK_MS/);
    expect(() => parseConfig({ JOB_LOCK_MS: 'soon' })).toThrow(/JOB_LOCK_MS/);
  });

  it('leaves the health and metrics server off unless HTTP_PORT is a port', () => {
    expect(parseConfig({}).HTTP_PORT).toBeUndefined();
    expect(parseConfig({ HTTP_PORT: '' }).HTTP_PORT).toBeUndefined();
    expect(parseConfig({ HTTP_PORT: '9464' }).HTTP_PORT).toBe(9464);
    expect(() => parseConfig({ HTTP_PORT: 'metrics' })).toThrow(/HTTP_PORT/);
    expect(() => parseConfig({ HTTP_PORT: '70000' })).toThrow(/HTTP_PORT/);
  });

  it('names every wrong setting and the fix, without echoing values', () => {
    let error: unknown;
    try {
      parseConfig({ PLANNER: 'gpt', REDIS_URL: 'localhost', MAX_ACTIVE_PER_USER: '-1', OPENAI_API_KEY: 'sk-secret-value-123' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PLANNER');
    expect(message).toContain('REDIS_URL');
    expect(message).toContain('redis://host:6379');
    expect(message).toContain('MAX_ACTIVE_PER_USER');
    expect(message).toContain('.env.example');
    expect(message).not.toContain('sk-secret-value-123');
  });

  it('never writes a secret into a log line', () => {
    const config = parseConfig({ TELEGRAM_BOT_TOKEN: '123456:ABCDEF-secret', OPENAI_API_KEY: 'sk-very-secret' });
    const { logger, lines } = capturingLogger(config);
    logger.info({ url: 'https://api.telegram.org/bot123456:ABCDEF-secret/getMe', token: 'anything' }, 'request failed for sk-very-secret');
    const output = lines.join('');
    expect(output).not.toContain('ABCDEF-secret');
    expect(output).not.toContain('sk-very-secret');
    expect(output).toContain('[redacted]');
  });
  it('never writes the password of REDIS_URL into a log line, alone or inside the URL', () => {
    const config = parseConfig({ REDIS_URL: 'redis://:hunter2@127.0.0.1:6379' });
    const { logger, lines } = capturingLogger(config);
    logger.info({ redisUrl: config.REDIS_URL }, 'connecting');
    logger.warn({ err: new Error(`connect ECONNREFUSED ${new URL(config.REDIS_URL).href}`) }, 'redis-down');
    logger.error('AUTH failed for password hunter2');
    // A short password cannot be scrubbed on its own (it would eat ordinary words), but never inside a URL.
    const short = parseConfig({ REDIS_URL: 'rediss://reverie:pw1@redis.example.com:6380/0' });
    const shortCapture = capturingLogger(short);
    shortCapture.logger.info({ url: short.REDIS_URL }, 'connecting');
    const output = [...lines, ...shortCapture.lines].join('');
    expect(output).not.toContain('hunter2');
    expect(output).not.toContain(':pw1@');
    expect(output).toContain('[redacted]');
  });

  it('takes DATABASE_URL only as a PostgreSQL URL, keeps its password out of logs, and keeps records RETENTION_DAYS (90)', () => {
    expect(parseConfig({}).DATABASE_URL).toBeUndefined();
    expect(parseConfig({}).RETENTION_DAYS).toBe(90);
    expect(parseConfig({ DATABASE_URL: 'postgresql://reverie@db:5432/reverie', RETENTION_DAYS: '30' })).toMatchObject({ RETENTION_DAYS: 30 });
    expect(() => parseConfig({ DATABASE_URL: 'mysql://root@db/reverie' })).toThrow(/DATABASE_URL: must be a PostgreSQL URL/);
    expect(() => parseConfig({ RETENTION_DAYS: '0' })).toThrow(/RETENTION_DAYS/);
    const config = parseConfig({ DATABASE_URL: 'postgres://reverie:s3cret-pass@db.example.com:5432/reverie' });
    const { logger, lines } = capturingLogger(config);
    logger.warn({ err: new Error(`connect failed ${config.DATABASE_URL ?? ''}`) }, 'database-down');
    expect(lines.join('')).not.toContain('s3cret-pass');
  });
});
