// Which failures may repeat a write, and which leave it unknown (issue #12 point 7). A POST is sent
// again only when it provably never left this host; after any other failure the appliance may have
// applied it, so the transport reports DT_WRITE_UNCONFIRMED and the command reads the state back.
import { BadResponseError, NetworkError, ResponseTooLargeError, ServerError, TimeoutError, WriteUnconfirmedError, type RequestContext } from '../errors.js';
import { failureCode } from './classify.js';

/**
 * Failures that prove the request never reached the appliance: the connection (or the name lookup)
 * failed before a byte of it was sent. Only these may repeat a write (issue #12 point 7).
 */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** True when a transport failure happened before the request could reach the appliance. */
export function neverSent(err: unknown): boolean {
  const code = failureCode(err);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/**
 * After these, a write may or may not have been applied: the answer was lost or unreadable. The
 * others are the appliance's (or a proxy's) explicit refusal, so nothing was written.
 */
export function leavesWriteUnknown(err: unknown): boolean {
  return (
    err instanceof TimeoutError ||
    err instanceof NetworkError ||
    err instanceof ServerError ||
    err instanceof BadResponseError ||
    err instanceof ResponseTooLargeError
  );
}

/** The error a write ends with when its answer was lost after sending. */
export function unconfirmedWrite(req: RequestContext, cause: Error): WriteUnconfirmedError {
  const code = (cause as { code?: string }).code;
  return new WriteUnconfirmedError(
    `Darktrace did not confirm ${req.method} ${req.path} (${code ?? 'no answer'}): the change may or may not have been ` +
      `applied, and it was not sent again so as not to apply it twice.`,
    { method: req.method, path: req.path },
    { cause },
  );
}
