import { ReverieError } from '../domain/errors.ts';

/** A .txt "this text" beyond this is not a short's script; we say so instead of truncating. */
export const MAX_TEXT_ATTACHMENT_BYTES = 64 * 1024;

/**
 * Decodes an attached .txt (UTF-8, with or without BOM; UTF-16 with BOM) for use as the script.
 * Adapters call it with the bytes they downloaded; a wrong file gets a clear reply.
 */
export function decodeTextAttachment(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_TEXT_ATTACHMENT_BYTES) {
    throw new ReverieError('bad-input', 'error.attachment-too-large', {
      params: { size: (bytes.byteLength / 1024 / 1024).toFixed(2), max: (MAX_TEXT_ATTACHMENT_BYTES / 1024 / 1024).toFixed(2) },
    });
  }
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  try {
    return new TextDecoder(encoding, { fatal: true })
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .replace(/\r\n/g, '\n')
      .trim();
  } catch (error) {
    throw new ReverieError('bad-input', 'error.attachment-not-text', { cause: error });
  }
}
