// The dispatcher between a war-room name and a handler: lookup with or without "!", the handler's
// `check` before any client exists, and the refusal of undeclared context paths.
import { describe, expect, it } from 'vitest';
import type { DarktraceClient } from '../../../src/client/darktrace-client.js';
import { fixedClock } from '../../../src/clock.js';
import { defineCommand, type CommandResult } from '../../../src/commands/define-command.js';
import { CommandDispatcher } from '../../../src/dispatch/dispatcher.js';
import { ArgumentError, UndeclaredOutputError, UsageError } from '../../../src/errors.js';
import { createLogger } from '../../../src/log.js';
import { loadManifest } from '../../../src/manifest/load.js';

const NAME = 'darktrace-get-device-events';

function dispatcherWith(outputs: CommandResult['outputs']) {
  const seen: unknown[] = [];
  let clients = 0;
  const handler = defineCommand(NAME, {
    check: (args) => (args.did === undefined && args.ip === undefined ? { argument: 'did', message: 'give did or ip' } : undefined),
    async run({ args }) {
      seen.push(args);
      return { outputs, readable: 'ok', raw: null };
    },
  });
  const dispatcher = new CommandDispatcher({
    manifest: loadManifest(),
    handlers: [handler],
    client: () => {
      clients++;
      return {} as DarktraceClient;
    },
    clock: fixedClock('2026-03-01T12:00:00Z'),
    log: createLogger({ level: 'silent' }),
  });
  return { dispatcher, seen, clients: () => clients };
}

describe('CommandDispatcher', () => {
  it.each([{ name: NAME }, { name: `!${NAME}` }])('runs $name with the arguments coerced by the manifest', async ({ name }) => {
    const { dispatcher, seen } = dispatcherWith({});
    const result = await dispatcher.run(name, { did: '7', start: '2026-03-01T11:00:00Z' });
    expect(result.command).toBe(NAME);
    // did is an integer, start a datetime (epoch ms) and event_type takes its manifest default.
    expect(seen).toEqual([{ did: 7, start: Date.parse('2026-03-01T11:00:00Z'), event_type: 'connection' }]);
  });

  it("refuses what the handler's check refuses, naming the argument, before any client exists", async () => {
    const { dispatcher, clients } = dispatcherWith({});
    const err = await dispatcher.run(NAME, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArgumentError);
    expect(err).toMatchObject({ code: 'DT_ARG_INVALID', exitCode: 2, message: `argument did of ${NAME}: give did or ip` });
    expect(clients()).toBe(0);
  });

  it('refuses an unknown command with a suggestion', () => {
    const { dispatcher } = dispatcherWith({});
    expect(() => dispatcher.prepare('!darktrace-get-device-event', {})).toThrow(UsageError);
    expect(() => dispatcher.prepare('!darktrace-get-device-event', {})).toThrow(`unknown command "darktrace-get-device-event"; did you mean "${NAME}"?`);
  });

  it('refuses a context path the manifest does not declare, as an internal error', async () => {
    const { dispatcher } = dispatcherWith({ 'Darktrace.Secret': { token: 'x' } });
    const err = await dispatcher.run(NAME, { did: '7' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UndeclaredOutputError);
    expect(err).toMatchObject({
      code: 'DT_INTERNAL',
      exitCode: 1,
      message: `internal error: ${NAME} emitted context paths the manifest does not declare: Darktrace.Secret.token`,
    });
  });
});
