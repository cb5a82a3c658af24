// One fetcher per checkpoint (issue #12, point 6): two pollers on one file deliver duplicates. An
// exclusive lock file, <state>.lock, holds the holder's pid, host, start time and process
// identity. It is created whole or not at all (written to a private temporary file, then hard-linked
// into place: link() fails with EEXIST atomically, like O_EXCL, and a reader never sees it
// half-written). A lock whose process is gone (SIGKILL, a crash, a reboot) is taken over: it is
// renamed away (only one contender can move a given file) and the moved file is compared with the
// stale one that was judged; if a contender had already replaced it, its lock is put back.
// Why not proper-lockfile: it decides staleness by mtime, which a poller sleeping for an hour
// between cycles would have to refresh on a timer; a pid and liveness check needs no timer.
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { toIso, type Clock } from '../clock.js';
import { StateLockedError } from '../errors.js';
import { errnoCode, localFileError, writeSynced } from './file-errors.js';

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO-8601 UTC: when the lock was taken. */
  readonly since: string;
  /** The process's start time in clock ticks since boot (Linux /proc), telling a reused pid apart. */
  readonly start?: string;
}

export interface StateLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. */
  release(): void;
}

/** Field 22 of /proc/<pid>/stat, after the parenthesised command name (which may hold spaces). */
function processStart(pid: number | 'self'): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    // No /proc (not Linux) or no such process: the pid check alone decides.
    return undefined;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const data = JSON.parse(text) as Partial<LockHolder>;
    if (typeof data.pid === 'number' && typeof data.host === 'string' && typeof data.since === 'string') return data as LockHolder;
  } catch {
    // Not ours or damaged: treated as held by an unknown process below, never silently taken.
  }
  return undefined;
}

/** Alive, or not provably dead: a holder on another host, or a process we may not signal. */
function isAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    return errnoCode(err) === 'EPERM';
  }
  if (holder.start === undefined) return true;
  const start = processStart(holder.pid);
  return start === undefined || start === holder.start;
}

function describe(holder: LockHolder | undefined, path: string): string {
  return holder
    ? `process ${holder.pid} on ${holder.host} since ${holder.since}`
    : `an unknown process (the lock file ${path} is not one of ours; delete it if no fetcher runs)`;
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw localFileError('read the lock file', path, err);
  }
}

function tryUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Gone already: what we wanted.
  }
}

/**
 * Takes the lock on `statePath` or throws StateLockedError (exit 2) naming the holder. `onTakeover`
 * hears about a stale lock taken over.
 */
export function lockStateFile(statePath: string, clock: Clock, onTakeover?: (stale: LockHolder | undefined) => void): StateLock {
  const path = `${statePath}.lock`;
  const mine: LockHolder = { pid: process.pid, host: hostname(), since: toIso(clock.now()), ...(processStart('self') ? { start: processStart('self')! } : {}) };
  const text = `${JSON.stringify(mine)}\n`;
  const tmp = `${path}.${randomBytes(8).toString('hex')}.tmp`;
  try {
    writeSynced(tmp, 'wx', text);
  } catch (err) {
    throw localFileError('create the lock file for', statePath, err);
  }
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(tmp, path);
        return {
          path,
          release() {
            if (readIfExists(path) === text) tryUnlink(path);
          },
        };
      } catch (err) {
        if (errnoCode(err) !== 'EEXIST') throw localFileError('create the lock file', path, err);
      }
      const seen = readIfExists(path);
      if (seen === undefined) continue; // released meanwhile
      const holder = parseHolder(seen);
      if (!holder || isAlive(holder)) {
        throw new StateLockedError(
          `the fetch checkpoint ${statePath} is in use by ${describe(holder, path)}: only one fetch or poll may use a checkpoint at a time`,
        );
      }
      const moved = `${path}.${randomBytes(8).toString('hex')}.stale`;
      try {
        renameSync(path, moved);
      } catch (err) {
        if (errnoCode(err) === 'ENOENT') continue; // another contender moved it first
        throw localFileError('take over the stale lock file', path, err);
      }
      if (readIfExists(moved) !== seen) {
        // A contender replaced the stale lock between our read and our rename: give it back.
        try {
          linkSync(moved, path);
        } catch {
          // A third process locked meanwhile; the next attempt names it.
        }
        tryUnlink(moved);
        continue;
      }
      tryUnlink(moved);
      onTakeover?.(holder);
    }
    throw new StateLockedError(`the fetch checkpoint ${statePath} is contended: its lock ${path} changed hands five times while this process tried to take it`);
  } finally {
    tryUnlink(tmp);
  }
}
