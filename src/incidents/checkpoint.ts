// The fetch checkpoint ("lastRun"): where the next cycle of each incident stream starts and what it
// must not deliver again. Versioned and validated with zod, because a checkpoint we cannot trust
// must stop the fetch rather than silently start over from first_fetch (a flood of duplicates, or a gap).
//
// Version 2 holds one section per stream, keyed by the source's name (sources/<stream>.ts), each
// in the source's own field names and validated by the source:
//   { "version": 2, "streams": { "model-breaches": { "creationTimeMs", "recent", "firstFetch" } }, "outBytes" }
// A section of a stream this build does not know (written by a newer one) is kept as received.
// Version 1 was the model-breach section alone at the top level; it is migrated on read, never
// refused, so a state file or an exec lastRun from before continues exactly where it was.
import { z } from 'zod';
import { StateError } from '../errors.js';

export const CHECKPOINT_VERSION = 2;
/** The stream a version-1 checkpoint belonged to: the only one there was (src/incidents/sources/model-breaches.ts). */
const V1_STREAM = 'model-breaches';
/**
 * How far past this host's clock a first_fetch, a checkpoint or an exec lastRun may be. The
 * checkpoint holds appliance time, and an appliance clock a few minutes ahead is common (the
 * appliance itself accepts 30 minutes of request skew, §2); five minutes leaves room for that
 * while still catching a checkpoint that would make every cycle fetch nothing.
 */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

const CheckpointSchema = z.strictObject({
  version: z.literal(CHECKPOINT_VERSION),
  /** Stream name -> that stream's section, validated by its source. */
  streams: z.record(z.string().min(1).max(100), z.unknown()),
  /** With --out: the output file's length in bytes once this checkpoint's incidents were written. */
  outBytes: z.number().int().nonnegative().optional(),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

/** What the checkpoint needs of a source: its section's name and how to validate it. */
export interface SectionReader {
  readonly name: string;
  /** Validates the section; throws a z.ZodError (or a StateError) on anything it cannot trust. */
  readSection(data: unknown): unknown;
}

function describeIssue(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${prefix}${issue.path.join('.')}` : prefix ? prefix.slice(0, -1) : 'the file';
  return `${where}: ${issue?.message ?? 'invalid'}`;
}

function invalid(source: string, why: string): StateError {
  return new StateError(
    `the fetch checkpoint ${source} is not valid (${why}). Fetching stopped instead of starting over from first_fetch; ` +
      'restore the file from a backup or delete it to fetch again from first_fetch.',
  );
}

/** A version-1 checkpoint as the version-2 one that continues from the same place. */
function migrateV1(data: Record<string, unknown>): Record<string, unknown> {
  const { version: _version, outBytes, ...section } = data;
  return { version: CHECKPOINT_VERSION, streams: { [V1_STREAM]: section }, ...(outBytes === undefined ? {} : { outBytes }) };
}

/**
 * Validates a checkpoint read from `source` (a file path or "lastRun", for the message), migrating
 * a version-1 one, and every section of the given `readers`. Throws StateError naming the first
 * problem; never returns a default.
 */
export function parseCheckpoint(data: unknown, source: string, readers: readonly SectionReader[]): Checkpoint {
  const v1 = data !== null && typeof data === 'object' && !Array.isArray(data) && (data as { version?: unknown }).version === 1;
  const input = v1 ? migrateV1(data as Record<string, unknown>) : data;
  const result = CheckpointSchema.safeParse(input);
  if (!result.success) {
    const version = data !== null && typeof data === 'object' && 'version' in data ? (data as { version: unknown }).version : undefined;
    const why =
      version !== undefined && version !== CHECKPOINT_VERSION && !v1
        ? `its version is ${JSON.stringify(version)}, this darktrace-soar reads versions 1 and ${CHECKPOINT_VERSION}`
        : describeIssue(result.error, '');
    throw invalid(source, why);
  }
  for (const reader of readers) {
    const section = result.data.streams[reader.name];
    if (section === undefined) continue;
    try {
      reader.readSection(section);
    } catch (err) {
      if (!(err instanceof z.ZodError)) throw err;
      // A version-1 file names its fields at the top level, as the operator sees them.
      throw invalid(source, describeIssue(err, v1 ? '' : `streams.${reader.name}.`));
    }
  }
  return result.data;
}

/**
 * The same schema checks a checkpoint before it is written (issue #12, point 4): the fetcher must
 * never store what its own reader rejects. A failure here is a bug: the values come from readers
 * that already refused anything unsafe, and the record is quarantined instead.
 */
export function checkedCheckpoint(checkpoint: Checkpoint, what: string, readers: readonly SectionReader[]): Checkpoint {
  const result = CheckpointSchema.safeParse(checkpoint);
  if (!result.success) throw notWritable(what, result.error);
  for (const reader of readers) {
    const section = checkpoint.streams[reader.name];
    if (section === undefined) continue;
    try {
      reader.readSection(section);
    } catch (err) {
      if (err instanceof z.ZodError) throw notWritable(what, err, `streams.${reader.name}.`);
      throw err;
    }
  }
  return checkpoint;
}

/** The StateError for a checkpoint (or a section of it, at `prefix`) that would not be valid: never written. */
export function notWritable(what: string, error: z.ZodError, prefix = ''): StateError {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${prefix}${issue.path.join('.')}` : prefix ? prefix.slice(0, -1) : 'the checkpoint';
  return new StateError(`${what} would not be valid (${where}: ${issue?.message ?? 'invalid'}); it was not written and the previous checkpoint is kept.`);
}
