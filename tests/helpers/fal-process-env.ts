/**
 * The environment of a Reverie process whose one video model is the fake fal: the offline planner,
 * no voice, quick polls. Tests add their Redis, prefix, database and limits.
 */
export function falProcessEnv(fal: { url: string }): Record<string, string> {
  return {
    LOG_LEVEL: 'warn',
    PLANNER: 'offline',
    VOICE: 'off',
    FAL_KEY: 'test-fal-key',
    FAL_BASE_URL: fal.url,
    VIDEO_MODEL: 'fal:kling-3-std',
    VIDEO_POLL_INTERVAL_MS: '200',
  };
}
