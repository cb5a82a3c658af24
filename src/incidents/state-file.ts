// Durable storage for the fetcher: the checkpoint file, replaced atomically (temporary file,
// fsync, rename, fsync of the folder), and the --out file, appended and fsynced before the
// checkpoint that covers it is written. The checkpoint records the out file's length, so a restart
// after a crash cuts off whatever was appended after the last checkpoint: exactly-once delivery
// even under kill -9. Synchronous calls on purpose: a signal handler cannot run in the middle of a
// delivery, so SIGINT/SIGTERM never leave a torn pair.
//
// Files are created 0600 (incidents and checkpoints are security data), the temporary checkpoint
// gets an unpredictable name and is opened with O_EXCL, so a planted symbolic link is never
// followed; every errno becomes a message naming the file (file-errors.ts).
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, realpathSync, renameSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { StateError } from '../errors.js';
import { checkedCheckpoint, parseCheckpoint, type Checkpoint, type SectionReader } from './checkpoint.js';
import { errnoCode, localFileError, writeAll, writeSynced } from './file-errors.js';

/**
 * The stored checkpoint (a version-1 file migrated; the sections of `readers` validated), or
 * undefined when the file does not exist. Anything unreadable is a StateError.
 */
export function readCheckpointFile(path: string, readers: readonly SectionReader[]): Checkpoint | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw localFileError('read the fetch checkpoint', path, err);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new StateError(
      `the fetch checkpoint ${path} is not valid JSON (${text.length === 0 ? 'the file is empty' : 'it is truncated or was edited'}). ` +
        'Fetching stopped instead of starting over from first_fetch; restore the file from a backup or delete it to fetch again from first_fetch.',
      { cause: err },
    );
  }
  return parseCheckpoint(data, path, readers);
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces the checkpoint atomically: a reader (or a restart after kill -9) sees the old or the new
 * file, never half. Checked with the reader's schema first: nothing unreadable is ever stored.
 */
export function writeCheckpointFile(path: string, checkpoint: Checkpoint, readers: readonly SectionReader[]): void {
  const text = `${JSON.stringify(checkedCheckpoint(checkpoint, `the fetch checkpoint ${path}`, readers))}\n`;
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  try {
    writeSynced(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, text);
    renameSync(tmp, path);
    fsyncDir(dirname(path));
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // Already renamed, or never created: nothing to clean up.
    }
    throw localFileError('write the fetch checkpoint', path, err);
  }
}

/**
 * Opens the --out file for a cycle and cuts it back to `committedBytes` (what the checkpoint
 * covers), dropping lines a crashed cycle appended without committing. Without a checkpoint the
 * current length is kept (an existing file is appended to). Returns the length to append at.
 */
export function prepareOutFile(path: string, committedBytes: number | undefined): number {
  const fd = openOut(path, 'a+');
  try {
    const size = fstatSync(fd).size;
    if (committedBytes === undefined) return size;
    if (size < committedBytes) {
      throw new StateError(
        `the output file ${path} holds ${size} bytes but the fetch checkpoint says ${committedBytes} were delivered to it: ` +
          'it was truncated or replaced outside darktrace-soar. Fetching stopped so no incident is lost silently.',
      );
    }
    if (size > committedBytes) {
      ftruncateSync(fd, committedBytes);
      fsyncSync(fd);
    }
    return committedBytes;
  } catch (err) {
    if (err instanceof StateError) throw err;
    throw localFileError('prepare the output file', path, err, 'delivery');
  } finally {
    closeSync(fd);
  }
}

/** Appends the pieces of text to the out file, one at a time, and fsyncs it; returns the file's new length. */
export function appendDurably(path: string, pieces: Iterable<string>): number {
  const fd = openOut(path, 'a');
  try {
    for (const text of pieces) writeAll(fd, Buffer.from(text, 'utf8'));
    fsyncSync(fd);
    return fstatSync(fd).size;
  } catch (err) {
    throw localFileError('write the output file', path, err, 'delivery');
  } finally {
    closeSync(fd);
  }
}

/** Incidents are security data: a new out file is readable by its owner only. */
function openOut(path: string, flags: 'a' | 'a+'): number {
  try {
    return openSync(path, flags, 0o600);
  } catch (err) {
    throw localFileError('open the output file', path, err, 'delivery');
  }
}

/**
 * The file's real path: absolute, symbolic links resolved; for a file not created yet, its folder's
 * real path and its name. Two spellings of one checkpoint then share one lock.
 */
export function canonicalPath(path: string): string {
  const absolute = resolve(path);
  for (const candidate of [absolute, dirname(absolute)]) {
    try {
      const real = realpathSync(candidate);
      return candidate === absolute ? real : join(real, basename(absolute));
    } catch (err) {
      // Not there (yet): the folder is tried next; any other failure is reported by the file's first use.
      if (!['ENOENT', 'ENOTDIR'].includes(errnoCode(err))) return absolute;
    }
  }
  return absolute;
}
