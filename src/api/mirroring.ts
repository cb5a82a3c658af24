// The mirroring door of the library (and of exec): XSOAR's four mirroring commands and the
// mirror round of `poll --mirror`, each taking the platform's integration context in a holder
// and leaving the updated context in it, also when the operation fails half-way (a comment that
// was posted before the failure stays recorded, so a retry does not post it twice).
import type { DarktraceClient } from '../client/darktrace-client.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { readMirrorContext, withMirrorContext } from '../mirror/context.js';
import {
  getMappingFields,
  getModifiedRemoteData,
  getRemoteData,
  mirrorRound,
  registerFetched,
  type MirrorDeps,
  type RemoteData,
  type UpdateRecord,
} from '../mirror/mirror.js';
import { updateRemoteSystem, type UpdateRemoteArgs } from '../mirror/outgoing.js';
import { mirroringOn } from '../mirror/settings.js';

/** The platform's integration context: passed in, and replaced by the updated one when the call returns or throws. */
export interface MirrorStateHolder {
  integrationContext?: unknown;
}

export interface IntegrationMirror {
  /** get-modified-remote-data: ids (dbotMirrorId) changed in Darktrace since `lastUpdate`. */
  getModifiedRemoteData(args: { lastUpdate?: unknown }, state: MirrorStateHolder): Promise<string[]>;
  /** get-remote-data: the incident's Darktrace object, and entries (new comments, close or reopen). */
  getRemoteData(args: { id?: unknown; lastUpdate?: unknown }, state: MirrorStateHolder): Promise<RemoteData>;
  /** update-remote-system: SOAR changes out to Darktrace; resolves with the remote id. */
  updateRemoteSystem(args: UpdateRemoteArgs, state: MirrorStateHolder): Promise<string>;
  /** get-mapping-fields: the mirrored fields per incident type. */
  getMappingFields(): Array<{ type: string; fields: Record<string, string> }>;
  /** One round of `poll --mirror`: update records, and the error that cut it short, if any. */
  round(state: MirrorStateHolder): Promise<{ updates: UpdateRecord[]; error?: unknown }>;
  /** Registers fetched incidents when this instance mirrors (or always, for `poll --mirror`); nothing otherwise. */
  registerFetched(incidents: ReadonlyArray<{ dbotMirrorId: string; rawJSON: string }>, state: MirrorStateHolder, options?: { always?: boolean }): void;
}

export function createMirroring(deps: { client: () => DarktraceClient; params: object; clock: Clock; log: Logger }): IntegrationMirror {
  const mirrorDeps: MirrorDeps = deps;
  const withContext = async <T>(state: MirrorStateHolder, run: (context: ReturnType<typeof readMirrorContext>) => Promise<T>): Promise<T> => {
    const context = readMirrorContext(state.integrationContext, 'integrationContext');
    try {
      return await run(context);
    } finally {
      state.integrationContext = withMirrorContext(state.integrationContext, context);
    }
  };
  return {
    getModifiedRemoteData: (args, state) => withContext(state, (context) => getModifiedRemoteData(mirrorDeps, args, context)),
    getRemoteData: (args, state) => withContext(state, (context) => getRemoteData(mirrorDeps, args, context)),
    updateRemoteSystem: (args, state) => withContext(state, (context) => updateRemoteSystem(mirrorDeps, args, context)),
    getMappingFields: () => getMappingFields({}),
    round: (state) => withContext(state, (context) => mirrorRound(mirrorDeps, context)),
    registerFetched(incidents, state, options) {
      if (!options?.always && !mirroringOn(deps.params)) return;
      const context = readMirrorContext(state.integrationContext, 'integrationContext');
      registerFetched(mirrorDeps, incidents, context);
      state.integrationContext = withMirrorContext(state.integrationContext, context);
    },
  };
}
