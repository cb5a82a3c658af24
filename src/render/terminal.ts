// Renders the markdown that render/markdown.ts produces for a terminal: headings underlined,
// tables aligned in columns that fit the screen, long cells wrapped, escapes undone. It reads only
// the subset markdown.ts writes, so the war room and the SOAR platform show the same answer.
// Control characters that reach it anyway (markdown built by hand) are made visible on the way out.
import { escapeControlChars } from '../safe-text.js';

const MIN_COLUMN = 6;
const GAP = '  ';

export function renderForTerminal(markdown: string, width = 100): string {
  const out: string[] = [];
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heading = /^#{1,6} (.*)$/.exec(line);
    if (heading) {
      // "##" (the demo's steps) is underlined twice as heavily as "###" (a command's tables).
      const title = heading[1] ?? '';
      out.push(title, (line.startsWith('### ') ? '─' : '═').repeat(Math.min(width, charCount(title))));
    } else if (isRow(line)) {
      const block: string[] = [];
      while (i < lines.length && isRow(lines[i] ?? '')) block.push(lines[i++] ?? '');
      i--;
      out.push(...renderTableBlock(block, width));
    } else {
      out.push(plain(line));
    }
  }
  return `${escapeControlChars(out.join('\n')).replace(/\n+$/, '')}\n`;
}

function isRow(line: string): boolean {
  return line.startsWith('| ') && line.endsWith(' |');
}

/** Splits a row on unescaped pipes and undoes the cell escapes of markdown.ts. */
export function splitRow(line: string): string[] {
  const inner = line.slice(2, -2);
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === '\\' && i + 1 < inner.length) {
      current += inner[i + 1];
      i++;
    } else if (ch === '|' && inner[i - 1] === ' ' && inner[i + 1] === ' ') {
      cells.push(current.slice(0, -1));
      current = '';
      i++;
    } else {
      current += ch;
    }
  }
  cells.push(current);
  return cells.map((c) => c.replace(/<br>/g, '\n'));
}

function renderTableBlock(block: readonly string[], width: number): string[] {
  const rows = block.filter((line) => !/^\|( --- \|)+$/.test(line)).map(splitRow);
  const columns = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(1, ...rows.map((r) => longestLine(r[c] ?? ''))));
  fitWidths(widths, width - GAP.length * (columns - 1));
  const rendered: string[] = [];
  rows.forEach((row, index) => {
    const wrapped = widths.map((w, c) => wrap(row[c] ?? '', w));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let line = 0; line < height; line++) {
      rendered.push(
        wrapped
          .map((cell, c) => padEnd(cell[line] ?? '', widths[c] ?? 0))
          .join(GAP)
          .trimEnd(),
      );
    }
    if (index === 0) rendered.push(widths.map((w) => '─'.repeat(w)).join(GAP));
  });
  return rendered;
}

/** Shrinks the widest columns, one character at a time, until the table fits. */
function fitWidths(widths: number[], available: number): void {
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > available) {
    const widest = widths.indexOf(Math.max(...widths));
    if ((widths[widest] ?? 0) <= MIN_COLUMN) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    total--;
  }
}

function longestLine(text: string): number {
  return Math.max(0, ...text.split('\n').map(charCount));
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - charCount(text)));
}

function charCount(text: string): number {
  return [...text].length;
}

/** Word-wraps text to `width` characters (code points: an emoji is never cut in half). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line: string[] = [];
    for (const word of paragraph.split(' ')) {
      let rest = [...word];
      while (rest.length > width) {
        if (line.length) lines.push(line.join(''));
        lines.push(rest.slice(0, width).join(''));
        rest = rest.slice(width);
        line = [];
      }
      if (!line.length) line = rest;
      else if (line.length + 1 + rest.length <= width) line = [...line, ' ', ...rest];
      else {
        lines.push(line.join(''));
        line = rest;
      }
    }
    lines.push(line.join(''));
  }
  return lines;
}

function plain(line: string): string {
  return line.replace(/^\*\*(.*)\*\*$/, '$1').replace(/^\*(.*)\*$/, '$1');
}
