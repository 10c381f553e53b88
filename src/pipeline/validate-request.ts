import { MAX_SCRIPT_CHARS, MAX_SENTENCE_CHARS, type CreationRequest } from '../domain/creation-request.ts';
import { ReverieError } from '../domain/errors.ts';

/** Bad input is answered before any job exists, so it costs nothing and never retries. */
export function validateRequest(request: CreationRequest): ReverieError | null {
  const sentence = request.sentence.trim();
  const script = request.referencedText?.text.trim() ?? '';
  if (sentence === '' && script === '') return new ReverieError('bad-input', 'error.empty');
  const sentenceLength = [...request.sentence].length;
  if (sentenceLength > MAX_SENTENCE_CHARS) {
    return new ReverieError('bad-input', 'error.too-long', { params: { length: sentenceLength, max: MAX_SENTENCE_CHARS } });
  }
  const scriptLength = [...script].length;
  if (scriptLength > MAX_SCRIPT_CHARS) {
    return new ReverieError('bad-input', 'error.script-too-long', { params: { length: scriptLength, max: MAX_SCRIPT_CHARS } });
  }
  return null;
}
