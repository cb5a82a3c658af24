// Reading one answer's body under the byte cap (max_response_mb, issue #12 point 3): refused from
// its Content-Length before a byte is read, cut off while streaming as soon as the count passes the
// cap, and a body too large to become one string is the same size error, not a network one.
import type { Readable } from 'node:stream';
import { ResponseTooLargeError, type RequestContext } from '../errors.js';
import type { ResponseHeaders } from './classify.js';

/** max_response_mb's default: a year of breaches on a busy appliance is tens of MB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 2 ** 20;

/** The Content-Length the answer announces, when it announces a usable one. */
function announcedLength(headers: ResponseHeaders): number | undefined {
  const raw = headers['content-length'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : Number.MAX_SAFE_INTEGER;
}

/**
 * The whole body as bytes, never holding more than `limitBytes` of it. Throws ResponseTooLargeError
 * (after destroying the stream, which closes the connection) when the answer is or becomes larger.
 */
export async function readCapped(body: Readable, headers: ResponseHeaders, limitBytes: number, req: RequestContext): Promise<Buffer> {
  const announced = announcedLength(headers);
  if (announced !== undefined && announced > limitBytes) {
    body.destroy();
    throw new ResponseTooLargeError(limitBytes, announced, 'announced', req);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) {
      body.destroy();
      throw new ResponseTooLargeError(limitBytes, size, 'streamed', req);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/**
 * UTF-8 text of the body. V8 caps a string at ~512 MiB (buffer.constants.MAX_STRING_LENGTH), so a
 * cap above that can still meet ERR_STRING_TOO_LONG: that is the size error too.
 */
export function decodeBody(bytes: Pick<Buffer, 'toString'>, limitBytes: number, req: RequestContext): string {
  try {
    return bytes.toString('utf8');
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_STRING_TOO_LONG') throw new ResponseTooLargeError(limitBytes, undefined, 'string', req, { cause: err });
    throw err;
  }
}
