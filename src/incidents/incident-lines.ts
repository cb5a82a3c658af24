// What delivery writes: one JSON line per incident. A cycle of max_alerts 10,000 is about 14 MB of
// lines; built as one string (and then one buffer) it was a third of the cycle's peak memory
// (issue #14). Lines are handed out in pieces of about CHUNK_CHARS instead, each written before
// the next is built. The out file stays safe: what a crash leaves past the checkpoint's outBytes is
// cut off at the next start (state-file.ts prepareOutFile).
import type { Incident } from './source.js';

/** About a megabyte of lines at a time: large enough that writes stay few, small beside a cycle. */
const CHUNK_CHARS = 2 ** 20;

/** The JSON lines of `incidents`, in order, in pieces of whole lines; `instance` tags each line (poll --all to stdout). */
export function* incidentLines(incidents: readonly Incident[], instance?: string): Generator<string> {
  let chunk = '';
  for (const incident of incidents) {
    chunk += `${JSON.stringify(instance === undefined ? incident : { instance, ...incident })}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
