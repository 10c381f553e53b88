/** Polls `probe` until it returns a value (not null), for conditions another process makes true. */
export async function waitUntil<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Waits until a BullMQ job has finished for good (completed, or failed with no attempt left): the
 * positive sign that nothing more of it will run, before a test checks that something did not happen.
 */
export async function waitForJobSettled(queue: { getJobState(jobId: string): Promise<string> }, jobId: string, timeoutMs = 20_000): Promise<'completed' | 'failed'> {
  return waitUntil(
    async () => {
      const state = await queue.getJobState(jobId);
      return state === 'completed' || state === 'failed' ? state : null;
    },
    `job ${jobId} to settle`,
    timeoutMs,
  );
}
