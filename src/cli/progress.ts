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

/** Seconds before a slow job says it is still working; DARKTRACE_SOAR_PROGRESS_AFTER_MS changes it (tests). */
const PROGRESS_AFTER_MS = 2_000;

/**
 * Runs `job` with an io whose output first clears the progress line; once the job has taken longer
 * than two seconds, shows `<what>: waiting for the appliance, N s` on a terminal's stderr, every second.
 */
export async function withElapsedProgress<T>(what: string, io: CliIo, job: (io: CliIo) => Promise<T>): Promise<T> {
  const progress = createProgress(io);
  const afterText = io.env.DARKTRACE_SOAR_PROGRESS_AFTER_MS;
  const afterMs = afterText !== undefined && /^\d{1,6}$/.test(afterText) ? Number(afterText) : PROGRESS_AFTER_MS;
  const started = performance.now();
  let ticker: NodeJS.Timeout | undefined;
  const tick = () => progress.show(`${what}: waiting for the appliance, ${Math.round((performance.now() - started) / 1000)} s`);
  const first = setTimeout(() => {
    tick();
    ticker = setInterval(tick, 1_000);
    ticker.unref();
  }, afterMs);
  first.unref();
  const quiet: CliIo = {
    ...io,
    out: (text) => {
      progress.done();
      io.out(text);
    },
    ...(io.outDurable ? { outDurable: (text: string) => (progress.done(), io.outDurable?.(text) ?? Promise.resolve()) } : {}),
    err: (text) => {
      progress.done();
      io.err(text);
    },
  };
  try {
    return await job(quiet);
  } finally {
    clearTimeout(first);
    clearInterval(ticker);
    progress.done();
  }
}
