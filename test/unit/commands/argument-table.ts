// The harness of the bad-argument tables (admin-, respond-, ai-analyst-arguments.test.ts): a
// dispatcher that may never build a client, and the one check every row makes.
import { expect } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { handlers } from '../../../src/commands/index.js';
import { CommandDispatcher } from '../../../src/dispatch/dispatcher.js';
import { ArgumentError } from '../../../src/errors.js';
import { createLogger } from '../../../src/log.js';
import { loadManifest } from '../../../src/manifest/load.js';

export const manifest = loadManifest();
let clientsMade = 0;
export const dispatcher = new CommandDispatcher({
  manifest,
  handlers,
  client: () => {
    clientsMade++;
    throw new Error('no client may be made for invalid arguments');
  },
  clock: fixedClock('2026-03-01T12:00:00Z'),
  log: createLogger({ level: 'silent' }),
});

/** The declared arguments (`command.argument`) of the commands in `valid` that no row gives a bad value. */
export function uncoveredArguments(valid: Readonly<Record<string, unknown>>, rows: ReadonlyArray<{ command: string; arg: string }>): string[] {
  const covered = new Set(rows.map((r) => `${r.command}.${r.arg}`));
  const declared = Object.keys(valid).flatMap((c) => manifest.script.commands.find((m) => m.name === c)!.arguments.map((a) => `${c}.${a.name}`));
  return declared.filter((a) => !covered.has(a));
}

/** `args` is refused with DT_ARG_INVALID (exit 2) naming `arg` of `command` and `form`, and no client was built. */
export function expectRefused(command: string, args: Readonly<Record<string, string>>, arg: string, form: string): void {
  let thrown: unknown;
  try {
    dispatcher.prepare(command, args);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(ArgumentError);
  const error = thrown as ArgumentError;
  expect([error.code, error.exitCode]).toEqual(['DT_ARG_INVALID', 2]);
  expect(error.message).toContain(`argument ${arg} of ${command}`);
  expect(error.message).toContain(form);
  expect(clientsMade).toBe(0);
}
