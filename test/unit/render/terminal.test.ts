import { describe, expect, it } from 'vitest';
import { renderTable } from '../../../src/render/markdown.js';
import { renderForTerminal, splitRow, wrap } from '../../../src/render/terminal.js';

describe('renderForTerminal', () => {
  it('aligns a table under an underlined title', () => {
    const md = renderTable('Devices', [
      { did: 823, hostname: 'ip-172-31-32-146' },
      { did: 3, hostname: '' },
    ]);
    expect(renderForTerminal(md, 80)).toBe(['Devices', '───────', 'did  hostname', '───  ────────────────', '823  ip-172-31-32-146', '3', ''].join('\n'));
  });

  it('wraps long cells to fit the width and undoes escapes', () => {
    const md = renderTable('T', [{ a: 'x|y', b: 'one two three four five six' }]);
    expect(renderForTerminal(md, 18)).toBe(['T', '─', 'a    b', '───  ─────────────', 'x|y  one two three', '     four five six', ''].join('\n'));
  });

  it.each([
    { name: 'level 2 (the demo steps)', markdown: '## One fetch cycle\n', want: 'One fetch cycle\n═══════════════\n' },
    { name: 'level 3', markdown: '### Devices\n', want: 'Devices\n───────\n' },
  ])('underlines headings: $name', ({ markdown, want }) => expect(renderForTerminal(markdown, 80)).toBe(want));

  it('shows notes and empty results as plain text', () => {
    expect(renderForTerminal(renderTable('Empty', []), 40)).toBe('Empty\n─────\nNo entries.\n');
  });
});

describe('helpers', () => {
  it.each([
    { name: 'escaped pipe stays in the cell', line: '| a\\|b | c |', want: ['a|b', 'c'] },
    { name: 'empty cells', line: '|  | two |', want: ['', 'two'] },
    { name: 'line breaks', line: '| a<br>b |', want: ['a\nb'] },
  ])('splitRow: $name', ({ line, want }) => expect(splitRow(line)).toEqual(want));

  it('wrap breaks words longer than the width', () => {
    expect(wrap('abcdefghij xy', 4)).toEqual(['abcd', 'efgh', 'ij', 'xy']);
  });
});

describe('control characters', () => {
  it.each([
    {
      name: 'from a rendered table',
      markdown: renderTable('Devices', [{ hostname: 'pc\x1b]0;owned\x07\x1b[2J' }]),
      want: 'pc\\u001b]0;owned\\u0007\\u001b[2J',
    },
    { name: 'in hand-built markdown', markdown: '### Title \x1b[31mred\n| a |\n| --- |\n| x\x9b2J |\nnote\rover\n', want: 'x\\u009b2J' },
  ])('$name: shown as visible escapes, none raw', ({ markdown, want }) => {
    const out = renderForTerminal(markdown, 200);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(out).toContain(want);
  });
});
