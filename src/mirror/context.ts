// What mirroring remembers between calls, kept in the platform's integration context (XSOAR's
// get/set_integration_context) under the key "mirror", so that `exec` stays stateless: the context
// comes in with the request and goes back, updated, in the answer. `poll --mirror` keeps the same
// object in a file beside its checkpoint.
//
// The registry of open mirrored incidents is bounded: at most REGISTRY_CAP entries per stream, and
// an entry nothing happened to for REGISTRY_MAX_AGE_MS is dropped (the oldest go first when the cap
// is reached). A dropped incident stops mirroring; nothing else is lost.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { StateError } from '../errors.js';

/** Open mirrored incidents kept per stream: at 50 ids a batch read that is 100 requests a round. */
export const REGISTRY_CAP = 5000;
/** An incident with no change for 30 days stops being watched. */
export const REGISTRY_MAX_AGE_MS = 30 * 24 * 3_600_000;
/** Outgoing SOAR entry ids remembered per incident, so that a repeated update-remote-system posts nothing twice. */
const POSTED_CAP = 200;

const EntrySchema = z.object({
  /** Registered or last changed (this host's clock, epoch ms): the age limit counts from here. */
  seenMs: z.number(),
  /** The state last handed to the SOAR; undefined until read once. */
  ack: z.boolean().optional(),
  /** Compared fields (commentCount, score, ...) as last handed to the SOAR. */
  fields: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
  /** Comments up to this time (appliance time) were handed over, or were ours... */
  commentCursorMs: z.number().default(0),
  /** ...and at exactly that time, the ones with these keys (comments have no id: commentKey()). */
  commentKeys: z.array(z.string()).default([]),
  /** A change was found and not yet handed over: reported by every round until get-remote-data ran. */
  pending: z.boolean().optional(),
  /** The SOAR incident is closed (it told us, or we told it to close). */
  soarClosed: z.boolean().optional(),
  /** SOAR entry ids already posted to Darktrace. */
  posted: z.array(z.string()).default([]),
});
export type RegistryEntry = z.infer<typeof EntrySchema>;

const SourceStateSchema = z.object({
  registry: z.record(z.string(), EntrySchema).default({}),
  /** End of the last comment window read in full (appliance-time ms). */
  commentsCursorMs: z.number().optional(),
  /** When the appliance last refused the batch read: one read per id until a day later. */
  batchRefusedAtMs: z.number().optional(),
  /** Streams without a comment feed (AI Analyst) read a few incidents' comments per round: the last one read. */
  commentSweepAfter: z.string().optional(),
});
export type SourceState = z.infer<typeof SourceStateSchema>;

const MirrorContextSchema = z.object({
  version: z.literal(1),
  sources: z.record(z.string(), SourceStateSchema).default({}),
});
export type MirrorContext = z.infer<typeof MirrorContextSchema>;

/** The key of the integration context that holds ours; every other key is kept as it came. */
const CONTEXT_KEY = 'mirror';

/**
 * Our part of an integration context (undefined or {} on the first call). Anything else under
 * "mirror" is refused rather than replaced: replacing would silently forget every open incident.
 */
export function readMirrorContext(integrationContext: unknown, where: string): MirrorContext {
  const raw = integrationContext !== null && typeof integrationContext === 'object' ? (integrationContext as Record<string, unknown>)[CONTEXT_KEY] : undefined;
  if (raw === undefined || raw === null) return { version: 1, sources: {} };
  const parsed = MirrorContextSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new StateError(
    `${where}.${CONTEXT_KEY} is not a mirroring state this version can read (${issue?.path.join('.') || 'the object'}: ${issue?.message ?? 'invalid'}); ` +
      `restore it, or remove the "${CONTEXT_KEY}" key to start mirroring afresh (open incidents are then registered again as they are fetched)`,
  );
}

/** The integration context to hand back: the one received, with our part replaced. */
export function withMirrorContext(integrationContext: unknown, context: MirrorContext): Record<string, unknown> {
  const base = integrationContext !== null && typeof integrationContext === 'object' && !Array.isArray(integrationContext) ? integrationContext : {};
  return { ...(base as Record<string, unknown>), [CONTEXT_KEY]: context };
}

export function sourceState(context: MirrorContext, source: string): SourceState {
  context.sources[source] ??= { registry: {} };
  return context.sources[source];
}

/** Adds an incident (keeps an existing entry as it is) and returns its entry. */
export function register(
  state: SourceState,
  id: string,
  nowMs: number,
  snapshot: Pick<RegistryEntry, 'ack' | 'fields'> & { commentCursorMs?: number },
): RegistryEntry {
  const existing = state.registry[id];
  if (existing) return existing;
  const entry: RegistryEntry = { seenMs: nowMs, commentCursorMs: 0, commentKeys: [], posted: [], ...snapshot };
  state.registry[id] = entry;
  return entry;
}

/** Drops entries past the age limit, then the oldest beyond the cap. Returns the ids dropped. */
export function pruneRegistry(state: SourceState, nowMs: number): string[] {
  const dropped: string[] = [];
  for (const [id, entry] of Object.entries(state.registry)) {
    if (nowMs - entry.seenMs > REGISTRY_MAX_AGE_MS) {
      delete state.registry[id];
      dropped.push(id);
    }
  }
  const ids = Object.keys(state.registry);
  if (ids.length > REGISTRY_CAP) {
    const oldest = ids.sort((a, b) => state.registry[a]!.seenMs - state.registry[b]!.seenMs).slice(0, ids.length - REGISTRY_CAP);
    for (const id of oldest) delete state.registry[id];
    dropped.push(...oldest);
  }
  return dropped;
}

export function rememberPosted(entry: RegistryEntry, entryId: string): void {
  entry.posted.push(entryId);
  if (entry.posted.length > POSTED_CAP) entry.posted.splice(0, entry.posted.length - POSTED_CAP);
}

/** Comments carry no id on GET (darktrace-next.md §C.2): time, author and text name one. */
export function commentKey(c: { timeMs: number; username: string; message: string }): string {
  return createHash('sha256').update(`${c.timeMs}\u0000${c.username}\u0000${c.message}`).digest('hex').slice(0, 16);
}

/** Whether the SOAR already has this comment (handed over before the entry's cursor). */
export function alreadyHandedOver(entry: RegistryEntry, c: { timeMs: number; username: string; message: string }): boolean {
  return c.timeMs < entry.commentCursorMs || (c.timeMs === entry.commentCursorMs && entry.commentKeys.includes(commentKey(c)));
}

/** Moves the entry's comment cursor past `comments` (all of them: handed over, or ours). */
export function advanceCommentCursor(entry: RegistryEntry, comments: ReadonlyArray<{ timeMs: number; username: string; message: string }>): void {
  for (const c of comments) {
    if (c.timeMs > entry.commentCursorMs) {
      entry.commentCursorMs = c.timeMs;
      entry.commentKeys = [];
    }
    if (c.timeMs === entry.commentCursorMs) {
      const key = commentKey(c);
      if (!entry.commentKeys.includes(key)) entry.commentKeys.push(key);
    }
  }
}
