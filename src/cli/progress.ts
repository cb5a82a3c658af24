// Progress of a long job on stderr, only when stderr is a terminal: one line rewritten in place
// ("\r" + erase line), cleared when the job ends. Piped or redirected, nothing is written, so logs
// and scripts see no progress noise.
import type { CliIo } from './io.js';

export interface Progress {
  /** Replaces the progress line. `text` is ours (counts and times), never appliance text. */
  show(text: string): void;
  /** Erases the line; call before results are printed. */
  done(): void;
}

const CLEAR_LINE = '\r\u001b[2K';

export function createProgress(io: Pick<CliIo, 'stderrIsTty' | 'progress'>): Progress {
  const write = io.stderrIsTty ? io.progress : undefined;
  let shown = false;
  return {
    show(text) {
      if (!write) return;
      write(`${CLEAR_LINE}${text}`);
      shown = true;
    },
    done() {
      if (write && shown) write(CLEAR_LINE);
      shown = false;
    },
  };
}

/** "14:05:00 UTC": the time of day a next run is due. */
export function timeOfDayUtc(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 19)} UTC`;
}
