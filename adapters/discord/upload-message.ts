import { openAsBlob } from 'node:fs';
import type { APIMessage, RESTPostAPIChannelMessageJSONBody } from 'discord.js';

/**
 * A message with a file, posted by streaming the file from disk. discord.js' REST takes files only
 * as in-memory Buffers (and copies them into a Blob), so a clip would sit in memory twice per
 * upload; a file-backed Blob (`fs.openAsBlob`) in a FormData is read as it is sent. Only this
 * one call goes around discord.js, so it waits out a 429 itself as discord.js would (see
 * RATE_LIMIT_RETRIES); any other refusal throws, and the delivery job retries.
 */

export interface UploadTarget {
  /** DISCORD_API_BASE, without the version. */
  apiBase: string;
  token: string;
}

/** Discord's answer to a refused upload, shaped like discord.js' DiscordAPIError (status, code). */
export class DiscordUploadError extends Error {
  override name = 'DiscordUploadError';
  readonly status: number;
  readonly code: number | null;

  constructor(status: number, code: number | null, message: string) {
    super(`Discord refused the upload (HTTP ${status}${code === null ? '' : `, code ${code}`}): ${message}`);
    this.status = status;
    this.code = code;
  }
}

/** The API version discord.js speaks, so both paths hit the same routes. */
const API_VERSION = 10;
const UPLOAD_TIMEOUT_MS = 300_000;
/**
 * 429s waited out per upload, each for the retry_after Discord names when that is at most
 * MAX_RATE_LIMIT_WAIT_MS: a channel's bucket empties within seconds. A longer wait, or more 429s,
 * throws, and the delivery job's own backoff takes over.
 */
const RATE_LIMIT_RETRIES = 3;
const MAX_RATE_LIMIT_WAIT_MS = 30_000;

/** Discord's wait after a 429: `retry_after` in the body (seconds, a float), else the Retry-After header (seconds). */
function retryAfterMsOf(response: Response, answer: { retry_after?: unknown } | null): number | null {
  const seconds = typeof answer?.retry_after === 'number' ? answer.retry_after : Number(response.headers.get('retry-after') ?? Number.NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : null;
}

export async function uploadMessage(target: UploadTarget, channelId: string, body: RESTPostAPIChannelMessageJSONBody, file: { name: string; path: string; contentType: string }): Promise<APIMessage> {
  for (let retries = 0; ; retries += 1) {
    // A fresh form each time: the file-backed Blob is read again as it is sent.
    const form = new FormData();
    form.append('payload_json', JSON.stringify(body));
    form.append('files[0]', await openAsBlob(file.path, { type: file.contentType }), file.name);
    const response = await fetch(`${target.apiBase}/v${API_VERSION}/channels/${channelId}/messages`, {
      method: 'POST',
      headers: { Authorization: `Bot ${target.token}` },
      body: form,
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    const answer = (await response.json().catch(() => null)) as { code?: unknown; message?: unknown; retry_after?: unknown } | null;
    if (response.ok) return answer as unknown as APIMessage;
    const waitMs = response.status === 429 ? retryAfterMsOf(response, answer) : null;
    if (waitMs !== null && waitMs <= MAX_RATE_LIMIT_WAIT_MS && retries < RATE_LIMIT_RETRIES) {
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      continue;
    }
    throw new DiscordUploadError(response.status, typeof answer?.code === 'number' ? answer.code : null, typeof answer?.message === 'string' ? answer.message : response.statusText);
  }
}
