/**
 * Files that cross from one role to another (ROLE=adapter and ROLE=worker may run on different
 * machines, each with its own DATA_DIR): the request's local pictures on their way to the worker,
 * the finished clip and its thumbnail on their way back to the adapter. Keys are plain names
 * (`clip-<requestId>`); the store adds its own namespace.
 */
export interface MediaStore {
  /** The largest file `put` accepts, bytes (MEDIA_STORE_MAX_BYTES): finished clips are fitted under it. */
  readonly maxBytes: number;
  /**
   * Copies the file's bytes into the store under `key`, replacing what was there, kept for
   * `keepSeconds` (default: the store's own, a week). Throws MediaTooLargeError beyond `maxBytes`.
   */
  put(key: string, filePath: string, options?: { keepSeconds?: number }): Promise<void>;
  /** Writes the bytes stored under `key` to `destinationPath`; false when there are none (deleted or expired). */
  get(key: string, destinationPath: string): Promise<boolean>;
  /** Whether `key` holds bytes; with `keepSeconds`, they are kept that long from now. */
  touch(key: string, keepSeconds?: number): Promise<boolean>;
  delete(...keys: string[]): Promise<void>;
}

export class MediaTooLargeError extends Error {
  override name = 'MediaTooLargeError';
  readonly sizeBytes: number;
  readonly maxBytes: number;
  constructor(sizeBytes: number, maxBytes: number) {
    super(`a file of ${sizeBytes} bytes is larger than the media store takes (${maxBytes} bytes, MEDIA_STORE_MAX_BYTES)`);
    this.sizeBytes = sizeBytes;
    this.maxBytes = maxBytes;
  }
}
