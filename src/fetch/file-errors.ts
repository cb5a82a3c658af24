// Local file failures of the fetcher (checkpoint, lock, out and quarantine files) in words an
// operator can act on: the file, the errno and what it means. Never "internal error" (issue #12).
import { writeSync } from 'node:fs';
import { DeliveryError, StateError } from '../errors.js';

const ERRNO_WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EEXIST: 'it already exists',
  ELOOP: 'it is a symbolic link',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
  EPIPE: 'the reader closed it',
};

export function errnoCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'error';
}

export function describeErrno(err: unknown): string {
  const code = errnoCode(err);
  const words = ERRNO_WORDS[code];
  return words ? `${code}, ${words}` : code === 'error' ? String((err as Error | undefined)?.message ?? err) : code;
}

/**
 * "cannot <action> <path> (<ERRNO>, <meaning>)": a StateError (exit 2) for the checkpoint and the
 * lock, a DeliveryError (exit 1) for a file incidents go to.
 */
export function localFileError(action: string, path: string, err: unknown, kind: 'state' | 'delivery' = 'state'): StateError | DeliveryError {
  const message = `cannot ${action} ${path} (${describeErrno(err)})`;
  return kind === 'delivery'
    ? new DeliveryError(`${message}; nothing was counted as delivered and the checkpoint did not move`, { cause: err })
    : new StateError(message, { cause: err });
}

export function writeAll(fd: number, data: Buffer): void {
  for (let off = 0; off < data.length; ) off += writeSync(fd, data, off);
}
