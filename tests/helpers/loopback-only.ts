/**
 * Loaded before every test file (vitest setupFiles). The SDKs, grammY and our own downloads send
 * through the global fetch: in the test suite anything but loopback is a failure, never a call to a
 * real Google, OpenAI, fal, Runway or Telegram. Child processes get only fake base URLs.
 */
const realFetch = globalThis.fetch;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!LOOPBACK.has(url.hostname)) throw new Error(`tests must not reach ${url.origin}`);
  return realFetch(input, init);
}) as typeof fetch;
