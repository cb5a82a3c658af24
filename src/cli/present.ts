// Readable answers where people read them: on a terminal, the markdown the platform stores is
// rendered as tables for the terminal's width (the war room's renderer); piped, or with
// --markdown, the markdown itself, so scripts and platforms see exactly what they store.
import { renderForTerminal } from '../render/terminal.js';
import type { CliIo, GlobalOptions } from './io.js';

const DEFAULT_WIDTH = 100;

function forTerminal(io: Pick<CliIo, 'stdoutIsTty'>, global: Pick<GlobalOptions, 'markdown'>): boolean {
  return io.stdoutIsTty && !global.markdown;
}

/** The markdown as it should reach stdout. */
export function present(markdown: string, io: Pick<CliIo, 'stdoutIsTty' | 'columns'>, global: Pick<GlobalOptions, 'markdown'>): string {
  return forTerminal(io, global) ? renderForTerminal(markdown, io.columns ?? DEFAULT_WIDTH) : markdown;
}
