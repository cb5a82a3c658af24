// What a subcommand may do to the outside world: write results (stdout) and messages (stderr).
// cli/main.ts creates the only real one; tests and the demo pass their own.
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTty: boolean;
  readonly stdinIsTty?: boolean;
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
  readonly verbose: boolean;
}
