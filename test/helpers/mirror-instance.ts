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

/** The entry get-remote-data answers for an incident Darktrace acknowledged (with close_incident on). */
export const CLOSED_IN_DARKTRACE = {
  Type: 1,
  Contents: { dbotIncidentClose: true, closeReason: 'Acknowledged in Darktrace', closeNotes: 'Acknowledged in Darktrace' },
  ContentsFormat: 'json',
};
