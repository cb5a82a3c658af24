// What a subcommand may do to the outside world: write results (stdout) and messages (stderr).
// cli/main.ts creates the only real one; tests and the demo pass their own.
export interface CliIo {
  out(text: string): void;
  /**
   * Writes results and resolves once stdout accepted them (the write callback), or rejects with
   * the write error (EPIPE: the reader went away; ENOSPC: a full disk). The fetcher counts
   * incidents as delivered, and moves its checkpoint, only after this resolves (issue #12, point 1).
   * Without it, `out` is taken as accepted.
   */
  outDurable?(text: string): Promise<void>;
  err(text: string): void;
  /**
   * Raw writes to a terminal's stderr for a progress line (carriage return and erase-line codes,
   * which err() would make visible). Only our own counts and times go through it.
   */
  progress?(text: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTty: boolean;
  readonly stdinIsTty?: boolean;
  /** Logs are short and readable on a terminal, JSON lines otherwise. */
  readonly stderrIsTty?: boolean;
  /** The terminal's width (or $COLUMNS) for tables; 100 when unknown. */
  readonly columns?: number | undefined;
  /**
   * All of standard input as text (the exec protocol's request). With `maxBytes`, reading stops
   * as soon as more arrived and the promise resolves to undefined: the rest is never read.
   */
  readStdin?(maxBytes?: number): Promise<string | undefined>;
}

export interface GlobalOptions {
  readonly config?: string;
  /** One instance of a multi-instance config file. */
  readonly instance?: string;
  readonly json: boolean;
  /** Markdown even on a terminal (what the platform stores). */
  readonly markdown?: boolean;
  readonly verbose: boolean;
}

const guarded = new WeakSet<NodeJS.WritableStream>();

/**
 * `stream.write` as a promise of acceptance. The stream's 'error' event (emitted with the same
 * error the callback gets) is absorbed so that a closed reader is a failed delivery, not a crash.
 */
export function writeAccepted(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!guarded.has(stream)) {
    guarded.add(stream);
    // The write callback below reports the error to the one waiting for it.
    stream.on('error', () => undefined);
  }
  return new Promise((resolve, reject) => {
    try {
      stream.write(text, (err?: Error | null) => (err ? reject(err) : resolve()));
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
