/** One part of a multipart/form-data body: a text field, or a file when it has a filename. */
export interface FormPart {
  name: string;
  filename: string | null;
  data: Buffer;
}

/**
 * Splits a multipart/form-data body. Enough for what grammY sends (`content-disposition:form-data;
 * name="x";filename=y`, no spaces, unquoted filename), and for what curl or undici send.
 */
export function parseMultipart(body: Buffer, contentType: string): FormPart[] {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new Error('multipart body without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next < 0) break;
    // Each part: CRLF, headers, CRLF CRLF, data, CRLF before the next delimiter.
    const raw = body.subarray(afterDelimiter + 2, next - 2);
    const headerEnd = raw.indexOf('\r\n\r\n');
    const headers = raw.subarray(0, headerEnd).toString('utf8');
    const data = raw.subarray(headerEnd + 4);
    const disposition = /content-disposition:\s*form-data\s*;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /(?:^|;)\s*name="([^"]*)"/i.exec(disposition)?.[1] ?? /(?:^|;)\s*name=([^;]*)/i.exec(disposition)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(disposition)?.[1] ?? /filename=([^;]*)/i.exec(disposition)?.[1] ?? null;
    parts.push({ name, filename, data: Buffer.from(data) });
    start = next;
  }
  return parts;
}
