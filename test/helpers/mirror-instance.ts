// A mirroring instance of the library against a simulator that shares its fixed clock, so that
// comment times and windows line up; silent logs and no retries (a fault fails the call it hits).
import { createIntegration, type Integration } from '../../src/api/integration.js';
import type { ManualClock } from '../../src/clock.js';
import { createLogger } from '../../src/log.js';
import { SIMULATOR_TOKENS, type RunningSimulator } from '../../src/simulator/server.js';

export function openMirrorInstance(sim: RunningSimulator, clock: ManualClock, params: Readonly<Record<string, unknown>>): Integration {
  return createIntegration({
    params: { url: sim.url, public_api_token: SIMULATOR_TOKENS.publicToken, private_api_token: SIMULATOR_TOKENS.privateToken, ...params },
    clock,
    logger: createLogger({ level: 'silent' }),
    retry: { retries: 0, minTimeoutMs: 0, maxTimeoutMs: 0 },
  });
}
