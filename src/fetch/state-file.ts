// Durable storage for the fetcher: the checkpoint file, replaced atomically (temporary file,
// fsync, rename, fsync of the folder), and the --out file, appended and fsynced before the
// checkpoint that covers it is written. The checkpoint records the out file's length, so a restart
// after a crash cuts off whatever was appended after the last checkpoint: exactly-once delivery
// even under kill -9. Synchronous calls on purpose: a signal handler cannot run in the middle of a
// delivery, so SIGINT/SIGTERM never leave a torn pair.
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { StateError } from '../errors.js';
import { parseCheckpoint, type Checkpoint } from './checkpoint.js';

function errnoCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? 'error';
}

/** The stored checkpoint, or undefined when the file does not exist. Anything unreadable is a StateError. */
export function readCheckpointFile(path: string): Checkpoint | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw new StateError(`cannot read the fetch checkpoint ${path}: ${errnoCode(err)}`, { cause: err });
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
  return parseCheckpoint(data, path);
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, data: Buffer): void {
  for (let off = 0; off < data.length; ) off += writeSync(fd, data, off);
}

/** Replaces the checkpoint atomically: a reader (or a restart after kill -9) sees the old or the new file, never half. */
export function writeCheckpointFile(path: string, checkpoint: Checkpoint): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeAll(fd, Buffer.from(`${JSON.stringify(checkpoint)}\n`, 'utf8'));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDir(dirname(path));
}

/**
 * Opens the --out file for a cycle and cuts it back to `committedBytes` (what the checkpoint
 * covers), dropping lines a crashed cycle appended without committing. Without a checkpoint the
 * current length is kept (an existing file is appended to). Returns the length to append at.
 */
export function prepareOutFile(path: string, committedBytes: number | undefined): number {
  const fd = openSync(path, 'a+', 0o644);
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
  } finally {
    closeSync(fd);
  }
}

/** Appends `text` to the out file and fsyncs it; returns the file's new length. */
export function appendDurably(path: string, text: string): number {
  const fd = openSync(path, 'a', 0o644);
  try {
    writeAll(fd, Buffer.from(text, 'utf8'));
    fsyncSync(fd);
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}
