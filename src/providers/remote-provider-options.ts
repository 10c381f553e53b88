/**
 * What every paid video provider is configured with, from the VIDEO_* settings: how often to poll
 * and how long each kind of call may take (no SDK here sets a sane timeout on its own).
 */
export interface RemoteProviderOptions {
  /** SEND_AVATAR_IMAGES: send the avatar picture itself; false = describe it in words only. */
  sendAvatarImage: boolean;
  pollIntervalMs: number;
  /** One create call; a create that times out is never re-sent on our own. */
  createTimeoutMs: number;
  statusTimeoutMs: number;
  downloadTimeoutMs: number;
  /** VIDEO_DOWNLOAD_MAX_BYTES: a clip larger than this is refused, never written whole. */
  downloadMaxBytes: number;
}
