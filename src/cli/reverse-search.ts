// Ctrl-R in the war room: node:readline has no reverse history search (the REPL's is its own and
// not exported), so this small one sits between the terminal and readline. It passes every key on
// until Ctrl-R; then it keeps the keys for itself, shows `(reverse-i-search)'query': match` as the
// prompt and line, and hands the line back to readline when the search ends:
//   typing narrows, Backspace widens, Ctrl-R again goes to the next older match,
//   Enter runs the match, Esc or another control key keeps it for editing, Ctrl-G or Ctrl-C
//   restores the line as it was before the search.
import type { Interface } from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';

const CTRL_R = '\x12';

export class ReverseSearch {
  /** What readline reads: the terminal's keys, minus those of a search. */
  readonly input: PassThrough;
  private rl: Interface | undefined;
  private query: string | undefined;
  private skip = 0;
  private saved = '';
  private match = '';

  constructor(
    source: Readable,
    /** Newest first. */
    private readonly history: () => readonly string[],
    private readonly prompt: string,
  ) {
    this.input = new PassThrough();
    const tty = source as Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
    if (tty.isTTY && tty.setRawMode) {
      // readline puts its input in raw mode when it can: let it reach the real terminal.
      const setRawMode = tty.setRawMode.bind(tty);
      Object.assign(this.input, { isTTY: true, setRawMode: (mode: boolean) => (setRawMode(mode), this.input) });
    }
    source.on('data', (chunk: Buffer | string) => this.feed(chunk.toString()));
    source.on('end', () => this.input.end());
    this.input.on('pause', () => source.pause());
    this.input.on('resume', () => source.resume());
  }

  attach(rl: Interface): void {
    this.rl = rl;
  }

  private feed(text: string): void {
    let rest = text;
    while (rest.length > 0) {
      if (this.query === undefined) {
        const at = rest.indexOf(CTRL_R);
        if (at < 0 || !this.rl) {
          this.input.write(rest);
          return;
        }
        if (at > 0) this.input.write(rest.slice(0, at));
        this.start();
        rest = rest.slice(at + 1);
        continue;
      }
      rest = this.searchKey(rest);
    }
  }

  /** Handles the first key of `text` in search mode; returns what is left to feed. */
  private searchKey(text: string): string {
    const ch = text[0] ?? '';
    const rest = text.slice(1);
    if (ch === CTRL_R) {
      this.skip++;
      this.show();
    } else if (ch === '\x7f' || ch === '\b') {
      this.query = (this.query ?? '').slice(0, -1);
      this.skip = 0;
      this.show();
    } else if (ch === '\x07' || ch === '\x03') {
      this.finish(this.saved);
    } else if (ch === '\r' || ch === '\n') {
      this.finish(this.match);
      this.input.write(ch);
    } else if (ch < ' ') {
      // Esc (and the arrow keys, which start with it) or any other control key: keep the match.
      this.finish(this.match);
      // A lone Esc only ends the search; a sequence (an arrow key) or another key goes on to readline.
      return text === '\x1b' ? '' : text;
    } else {
      this.query = (this.query ?? '') + ch;
      this.skip = 0;
      this.show();
    }
    return rest;
  }

  private start(): void {
    this.query = '';
    this.skip = 0;
    this.saved = this.rl?.line ?? '';
    this.show();
  }

  private show(): void {
    const query = this.query ?? '';
    const seen = new Set<string>();
    const matches = this.history().filter((line) => query !== '' && line.includes(query) && !seen.has(line) && seen.add(line));
    if (this.skip >= matches.length) this.skip = Math.max(0, matches.length - 1);
    this.match = matches[this.skip] ?? '';
    const label = query !== '' && matches.length === 0 ? 'failing reverse-i-search' : 'reverse-i-search';
    this.replaceLine(`(${label})'${query}': `, this.match);
  }

  private finish(line: string): void {
    this.query = undefined;
    this.replaceLine(this.prompt, line);
  }

  private replaceLine(prompt: string, line: string): void {
    const rl = this.rl;
    if (!rl) return;
    rl.setPrompt(prompt);
    rl.write(null, { ctrl: true, name: 'e' });
    rl.write(null, { ctrl: true, name: 'u' });
    rl.prompt(true);
    if (line) rl.write(line);
  }
}
