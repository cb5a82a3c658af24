// `poll --mirror`: after each fetch, a mirroring round (src/mirror, through the library) whose
// update records {"type":"update","id","acknowledged","comments"} are appended to the out file with
// the incidents' exactly-once guarantee. The registry lives in <state>.mirror.json beside the
// checkpoint.
//
// Exactly once, across two files that cannot be replaced together: the out file's committed length
// is the checkpoint's outBytes, and a fetch cuts the out file back to it. So a round (1) appends its
// records, (2) stores the mirror state with the new length and the length it started from, (3)
// moves the checkpoint's outBytes to the new length. A crash before (2) leaves the records past the
// checkpoint: they are cut off and the round, whose state was not stored, runs again. A crash
// between (2) and (3) is finished at the next start (reconcile), before anything is cut.
// Incidents are registered before they are delivered: an incident registered but not delivered is
// delivered by the next fetch; one delivered but not registered would never be mirrored.
import { constants, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { StateError } from '../errors.js';
import { errnoCode, localFileError, writeSynced } from './file-errors.js';
import { appendDurably, canonicalPath, readCheckpointFile, writeCheckpointFile } from './state-file.js';
import type { IntegrationMirror, MirrorStateHolder } from '../api/mirroring.js';
import type { SectionReader } from './checkpoint.js';
import type { Fetcher } from './fetcher.js';

interface MirrorFile {
  readonly integrationContext?: unknown;
  /** The out file's length after the last round's records. */
  readonly outBytes?: number;
  /** Its length before them: the checkpoint's outBytes the round started from. */
  readonly baseBytes?: number;
}

type Cycle = Awaited<ReturnType<Fetcher['fetch']>>;

function mirrorPath(statePath: string): string {
  return `${statePath}.mirror.json`;
}

function readMirrorFile(path: string): MirrorFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return {};
    throw localFileError('read the mirror state', path, err);
  }
  try {
    const data = JSON.parse(text) as unknown;
    if (data !== null && typeof data === 'object' && !Array.isArray(data)) return data as MirrorFile;
  } catch {
    // reported below
  }
  throw new StateError(
    `the mirror state ${path} is not a JSON object: restore it from a backup, or delete it to register open incidents afresh as they are fetched`,
  );
}

function writeMirrorFile(path: string, file: MirrorFile): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  try {
    writeSynced(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, `${JSON.stringify(file)}\n`);
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // Already renamed, or never created: nothing to clean up.
    }
    throw localFileError('write the mirror state', path, err);
  }
}

/** What a round needs of the instance's mirroring (the library's integration.mirror). */
type MirrorRounds = Pick<IntegrationMirror, 'round' | 'registerFetched'>;

/** The fetcher of `poll`, with a mirroring round after each fetch; `readers` read the checkpoint's sections. */
export function withMirror(
  fetcher: Fetcher,
  mirror: MirrorRounds,
  readers: readonly SectionReader[],
  files: { statePath: string; outPath?: string | undefined; write: (text: string) => Promise<void> },
): Fetcher {
  const statePath = canonicalPath(files.statePath);
  const path = mirrorPath(statePath);
  const { instance } = fetcher;
  const rounds = new WeakMap<Cycle, { base: MirrorFile; holder: MirrorStateHolder; lines: string }>();

  /** Step (3) of a round that crashed after storing its state. */
  const reconcile = (mirror: MirrorFile): void => {
    const checkpoint = readCheckpointFile(statePath, readers);
    if (!checkpoint || mirror.outBytes === undefined || checkpoint.outBytes !== mirror.baseBytes || mirror.outBytes <= (checkpoint.outBytes ?? 0)) return;
    writeCheckpointFile(statePath, { ...checkpoint, outBytes: mirror.outBytes }, readers);
  };

  return {
    ...fetcher,
    async fetch() {
      const base = readMirrorFile(path);
      if (files.outPath) reconcile(base);
      const cycle = await fetcher.fetch();
      const holder: MirrorStateHolder = { integrationContext: structuredClone(base.integrationContext) };
      const round = await mirror.round(holder);
      if (round.error !== undefined)
        instance.log.warn({ err: round.error instanceof Error ? round.error.message : String(round.error) }, 'mirror round cut short; the next one continues');
      rounds.set(cycle, { base, holder, lines: round.updates.map((u) => `${JSON.stringify(u)}\n`).join('') });
      return cycle;
    },
    async deliver(cycle) {
      const round = rounds.get(cycle);
      if (!round) return fetcher.deliver(cycle);
      const registering: MirrorStateHolder = { integrationContext: round.base.integrationContext };
      mirror.registerFetched(cycle.result.incidents, registering, { always: true });
      mirror.registerFetched(cycle.result.incidents, round.holder, { always: true });
      writeMirrorFile(path, { ...round.base, integrationContext: registering.integrationContext });
      await fetcher.deliver(cycle);
      if (!files.outPath) {
        if (round.lines) await files.write(round.lines);
        writeMirrorFile(path, { integrationContext: round.holder.integrationContext });
        return;
      }
      const checkpoint = readCheckpointFile(statePath, readers);
      const baseBytes = checkpoint?.outBytes;
      const outBytes = round.lines ? appendDurably(files.outPath, [round.lines]) : baseBytes;
      writeMirrorFile(path, {
        integrationContext: round.holder.integrationContext,
        ...(outBytes === undefined ? {} : { outBytes }),
        ...(baseBytes === undefined ? {} : { baseBytes }),
      });
      if (checkpoint && outBytes !== baseBytes) writeCheckpointFile(statePath, { ...checkpoint, outBytes: outBytes! }, readers);
      instance.log.info({ updates: round.lines.split('\n').length - 1 }, 'mirror round done');
    },
  };
}
