import type { ReferencedText } from '../domain/creation-request.ts';
import { ReverieError } from '../domain/errors.ts';
import { decodeTextAttachment, MAX_TEXT_ATTACHMENT_BYTES } from './text-attachment.ts';
import { findInlineScript } from '../planner/read-request.ts';
import type { ScriptSource } from './chat-events.ts';

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);

/**
 * "This text" in words, whatever the platform handed over: a file is refused by its stated size
 * before any download, then read up to one byte past the cap so the decoder can say "too large"
 * itself; hidden text is explained unless the sentence carries the script inline.
 */
export async function readScript(source: ScriptSource | null, sentence: string): Promise<ReferencedText | null> {
  if (!source) return null;
  if (source.kind === 'text') return { source: source.source, text: source.text };
  if (source.kind === 'hidden') {
    if (findInlineScript(sentence) === null) throw new ReverieError('bad-input', source.messageKey);
    return null;
  }
  if (source.sizeBytes !== null && source.sizeBytes > MAX_TEXT_ATTACHMENT_BYTES) {
    throw new ReverieError('bad-input', 'error.attachment-too-large', { params: { size: megabytes(source.sizeBytes), max: megabytes(MAX_TEXT_ATTACHMENT_BYTES) } });
  }
  return { source: 'attachment', text: decodeTextAttachment(await source.download(MAX_TEXT_ATTACHMENT_BYTES + 1)) };
}
