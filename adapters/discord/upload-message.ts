import { openAsBlob } from 'node:fs';
import type { APIMessage, RESTPostAPIChannelMessageJSONBody } from 'discord.js';

/**
 * A message with a file, posted by streaming the file from disk. discord.js' REST takes files only
 * as in-memory Buffers (and copies them into a Blob), so a clip would sit in memory twice per
 * upload; a file-backed Blob (`fs.openAsBlob`) in a FormData is read as it is sent. Only this
 * one call goes around discord.js: a 429 or any refusal throws, and the delivery job retries.
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

export async function uploadMessage(target: UploadTarget, channelId: string, body: RESTPostAPIChannelMessageJSONBody, file: { name: string; path: string; contentType: string }): Promise<APIMessage> {
  const form = new FormData();
  form.append('payload_json', JSON.stringify(body));
  form.append('files[0]', await openAsBlob(file.path, { type: file.contentType }), file.name);
  const response = await fetch(`${target.apiBase}/v${API_VERSION}/channels/${channelId}/messages`, {
    method: 'POST',
    headers: { Authorization: `Bot ${target.token}` },
    body: form,
    signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
  });
  const answer = (await response.json().catch(() => null)) as { code?: unknown; message?: unknown } | null;
  if (!response.ok) {
    throw new DiscordUploadError(response.status, typeof answer?.code === 'number' ? answer.code : null, typeof answer?.message === 'string' ? answer.message : response.statusText);
  }
  return answer as unknown as APIMessage;
}
