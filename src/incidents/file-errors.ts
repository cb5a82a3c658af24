// Local file failures of the fetcher (checkpoint, lock, out and quarantine files) in words an
// operator can act on: the file, the errno and what it means. Never "internal error" (issue #12).
import { closeSync, fstatSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { DeliveryError, describeErrno, StateError } from '../errors.js';

export function errnoCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'error';
}

/** "no space left on the device (ENOSPC)": the one errno table of src/errors.ts; the message for an error without a code. */
export function describeError(err: unknown): string {
  const code = errnoCode(err);
  return code === 'error' ? String((err as Error | undefined)?.message ?? err) : describeErrno(code);
}

/**
 * "cannot <action> <path>: <meaning> (<ERRNO>)": a StateError (exit 2) for the checkpoint and the
 * lock, a DeliveryError (exit 1) for a file incidents go to.
 */
export function localFileError(action: string, path: string, err: unknown, kind: 'state' | 'delivery' = 'state'): StateError | DeliveryError {
  const message = `cannot ${action} ${path}: ${describeError(err)}`;
  return kind === 'delivery'
    ? new DeliveryError(`${message}; nothing was counted as delivered and the checkpoint did not move`, { cause: err })
    : new StateError(message, { cause: err });
}

export function writeAll(fd: number, data: Buffer): void {
  for (let off = 0; off < data.length;) off += writeSync(fd, data, off);
}

/**
 * Opens `path` with `flags` (a new file gets mode 0600: incidents and checkpoints are security
 * data), writes all of `text`, fsyncs and closes it; returns the file's length. Errors are the
 * file system's own, for the caller to name the file's role.
 */
export function writeSynced(path: string, flags: string | number, text: string): number {
  const fd = openSync(path, flags, 0o600);
  try {
    writeAll(fd, Buffer.from(text, 'utf8'));
    fsyncSync(fd);
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}
