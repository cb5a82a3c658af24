// The fetch checkpoint ("lastRun"): where the next cycle starts and what it must not deliver again.
// Versioned and validated with zod, because a checkpoint we cannot trust must stop the fetch
// rather than silently start over from first_fetch (a flood of duplicates, or a gap).
import { z } from 'zod';
import { StateError } from '../errors.js';

export const CHECKPOINT_VERSION = 1;
/**
 * How far past this host's clock a first_fetch, a checkpoint or an exec lastRun may be. The
 * checkpoint holds appliance time, and an appliance clock a few minutes ahead is common (the
 * appliance itself accepts 30 minutes of request skew, §2); five minutes leaves room for that
 * while still catching a checkpoint that would make every cycle fetch nothing.
 */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

// A time a Date can hold (ECMA-262 §21.4.1.1): the checkpoint is printed as ISO-8601 in every cycle line.
const epochMs = z.number().int().nonnegative().max(8.64e15);

const DeliveredSchema = z.strictObject({ pbid: z.number().int(), creationTimeMs: epochMs });
export type Delivered = z.infer<typeof DeliveredSchema>;

const CheckpointSchema = z.strictObject({
  version: z.literal(CHECKPOINT_VERSION),
  /**
   * Appliance creationTime (epoch ms) of the newest breach delivered, or the first_fetch instant
   * before anything was. The next query starts at this millisecond, inclusive, minus the overlap.
   */
  creationTimeMs: epochMs,
  /**
   * Breaches delivered whose creationTime is within the overlap window before creationTimeMs
   * (this includes every pbid delivered at creationTimeMs itself). Bounded by time, not count.
   */
  recent: z.array(DeliveredSchema),
  /** With --out: the output file's length in bytes once this checkpoint's incidents were written. */
  outBytes: z.number().int().nonnegative().optional(),
  /**
   * The first_fetch setting this checkpoint started from (or was last told about), as written in
   * the configuration. Optional: older checkpoints have none. When the setting changes, the fetch
   * says once that the checkpoint wins (issue #15), then records the new value here.
   */
  firstFetch: z.string().max(200).optional(),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

/**
 * Validates a checkpoint read from `source` (a file path, for the message). Throws StateError naming
 * the first problem; never returns a default.
 */
export function parseCheckpoint(data: unknown, source: string): Checkpoint {
  const result = CheckpointSchema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the file';
  const version = data !== null && typeof data === 'object' && 'version' in data ? (data as { version: unknown }).version : undefined;
  const why =
    version !== undefined && version !== CHECKPOINT_VERSION
      ? `its version is ${JSON.stringify(version)}, this darktrace-soar reads version ${CHECKPOINT_VERSION}`
      : `${where}: ${issue?.message ?? 'invalid'}`;
  throw new StateError(
    `the fetch checkpoint ${source} is not valid (${why}). Fetching stopped instead of starting over from first_fetch; ` +
      'restore the file from a backup or delete it to fetch again from first_fetch.',
  );
}

/**
 * The same schema checks a checkpoint before it is written (issue #12, point 4): the fetcher must
 * never store what its own reader rejects. A failure here is a bug: the values come from readers
 * that already refused anything unsafe, and the record is quarantined instead.
 */
export function checkedCheckpoint(checkpoint: Checkpoint, what: string): Checkpoint {
  const result = CheckpointSchema.safeParse(checkpoint);
  if (result.success) return checkpoint;
  const issue = result.error.issues[0];
  throw new StateError(
    `${what} would not be valid (${issue?.path.join('.') || 'the checkpoint'}: ${issue?.message ?? 'invalid'}); it was not written and the previous checkpoint is kept.`,
  );
}
