// The checkpoint lock (issue #12, point 6): a live holder is named and refused; a lock left by a
// dead process is taken over; release removes only our own lock.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { StateLockedError } from '../../../src/errors.js';
import { lockStateFile } from '../../../src/incidents/state-lock.js';
import { tempDir } from '../../helpers/run-cli.js';

const clock = fixedClock('2026-03-01T12:00:00Z');

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
}

describe('lockStateFile', () => {
  it('refuses a second lock while the first is held, naming pid, host and since; free again after release', () => {
    const state = join(tempDir(), 'state.json');
    const first = lockStateFile(state, clock);
    let caught: unknown;
    try {
      lockStateFile(state, clock);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StateLockedError);
    expect((caught as StateLockedError).exitCode).toBe(2);
    expect((caught as Error).message).toBe(
      `the fetch checkpoint ${state} is in use by process ${process.pid} on ${hostname()} since 2026-03-01T12:00:00.000Z: only one fetch or poll may use a checkpoint at a time`,
    );
    first.release();
    expect(existsSync(`${state}.lock`)).toBe(false);
    lockStateFile(state, clock).release();
  });

  it('takes over the lock of a process that is gone, and leaves no temporary file', async () => {
    const dir = tempDir();
    const state = join(dir, 'state.json');
    const pid = await deadPid();
    writeFileSync(`${state}.lock`, JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const stale: unknown[] = [];
    const lock = lockStateFile(state, clock, (holder) => stale.push(holder));
    expect(stale).toEqual([{ pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }]);
    expect(JSON.parse(readFileSync(`${state}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    {
      name: 'a live pid whose start time differs is a reused pid: taken over',
      holder: () => ({ pid: process.pid, host: hostname(), since: 'x', start: '1' }),
      taken: true,
    },
    { name: 'a holder on another host cannot be checked: refused', holder: () => ({ pid: 1, host: 'elsewhere.example', since: 'x' }), taken: false },
    { name: 'a lock file that is not ours: refused', holder: () => 'garbage', taken: false },
  ])('$name', ({ holder, taken }) => {
    const state = join(tempDir(), 'state.json');
    const h = holder();
    writeFileSync(`${state}.lock`, typeof h === 'string' ? h : JSON.stringify(h));
    if (taken) lockStateFile(state, clock).release();
    else expect(() => lockStateFile(state, clock)).toThrow(StateLockedError);
  });

  it('release leaves a lock that is no longer ours alone', () => {
    const state = join(tempDir(), 'state.json');
    const lock = lockStateFile(state, clock);
    writeFileSync(`${state}.lock`, 'someone else');
    lock.release();
    expect(readFileSync(`${state}.lock`, 'utf8')).toBe('someone else');
  });
});
