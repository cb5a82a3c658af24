// Starts the Darktrace simulator for a vitest file on 127.0.0.1, port 0, and closes it when the
// file (or test) is done, so tests never leak listening sockets.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/server.js';

/** Starts a simulator now and registers its close() in afterAll. Call at file level or in beforeAll. */
export async function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = await startSimulator(options);
  afterAll(() => sim.close());
  return sim;
}

export interface SimulatorHandle {
  /** The running simulator; throws when read outside a test or hook. */
  readonly sim: RunningSimulator;
}

/**
 * Registers hooks that start a simulator before all tests (scope 'all', default) or before each
 * test (scope 'each', fresh state per test) and close it afterwards.
 */
export function withSimulator(options: SimulatorOptions | (() => SimulatorOptions) = {}, scope: 'all' | 'each' = 'all'): SimulatorHandle {
  let current: RunningSimulator | undefined;
  const start = async () => {
    current = await startSimulator(typeof options === 'function' ? options() : options);
  };
  const stop = async () => {
    await current?.close();
    current = undefined;
  };
  if (scope === 'all') {
    beforeAll(start);
    afterAll(stop);
  } else {
    beforeEach(start);
    afterEach(stop);
  }
  return {
    get sim(): RunningSimulator {
      if (!current) throw new Error('withSimulator: the simulator is not running (read it inside a test or hook)');
      return current;
    },
  };
}
