// One stream of mirrored incidents (model breaches, AI Analyst events): how its incidents
// are named, read in bulk and one by one, acknowledged and commented on. The mirroring core
// (mirror.ts) does the rest the same way for every stream: the registry, change comparison, echo
// rules, entries for the SOAR, and the context.
import type { DarktraceClient } from '../client/darktrace-client.js';
import type { Logger } from '../log.js';
import type { SourceState } from './context.js';

/** One remote object's state as the mirror compares and reports it. */
export interface RemoteState {
  readonly acknowledged: boolean;
  readonly acknowledgedBy?: string;
  readonly acknowledgedTimeMs?: number;
  /** The fields whose change makes the incident "modified" (e.g. commentCount, score). */
  readonly fields: Readonly<Record<string, number | string | boolean>>;
  /** The mirrored object handed to the SOAR's mapper (get-remote-data). */
  readonly object: Readonly<Record<string, unknown>>;
}

export interface RemoteComment {
  /** The incident's remote id (dbotMirrorId). */
  readonly id: string;
  /** Appliance time, epoch ms. */
  readonly timeMs: number;
  readonly username: string;
  readonly message: string;
}

export interface SourceCall {
  readonly client: DarktraceClient;
  readonly log: Logger;
  readonly nowMs: number;
  /** This stream's part of the context: a source keeps its own cursors here (batch refusal, ...). */
  readonly state: SourceState;
}

export interface MirrorSource {
  /** Registry section and log name: "mb", "aia". */
  readonly name: string;
  /** The SOAR incident type get-mapping-fields names. */
  readonly incidentType: string;
  /** Mirrored fields with their descriptions (get-mapping-fields). */
  readonly mappingFields: Readonly<Record<string, string>>;
  /** The canonical form of a remote id of this stream, or undefined when the id is not one of ours. */
  canonicalId(remoteId: string): string | undefined;
  /** The snapshot to register a fetched incident with, from its record as fetched. */
  snapshotOf(record: unknown): { ack: boolean; fields: Record<string, number | string | boolean> };
  /**
   * The comments written in [startMs, endMs] (appliance time, inclusive) on any incident, complete
   * (a capped answer is narrowed by the source). A stream without a comment feed returns the
   * comments of a bounded number of its open incidents instead (AI Analyst: a sweep, in turn); the
   * core recognises those already handed over.
   */
  commentsBetween(call: SourceCall, startMs: number, endMs: number): Promise<RemoteComment[]>;
  /**
   * The state of every id, in as few requests as the appliance allows. Ids missing from the
   * answer no longer exist on the appliance.
   */
  readStates(call: SourceCall, ids: readonly string[]): Promise<Map<string, RemoteState>>;
  /** One incident's state; NotFoundError when it no longer exists. */
  readOne(call: SourceCall, id: string): Promise<RemoteState>;
  /** Every comment on one incident. */
  readComments(call: SourceCall, id: string): Promise<RemoteComment[]>;
  setAcknowledged(call: SourceCall, id: string, acknowledged: boolean): Promise<void>;
  postComment(call: SourceCall, id: string, message: string): Promise<void>;
}
