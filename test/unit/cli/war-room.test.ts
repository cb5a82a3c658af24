// The war room driven through a terminal-mode readline on in-memory streams: what the analyst types
// goes in, what the terminal shows comes out. Tab completion comes from the manifest.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CommandOutput } from '../../../src/api/integration.js';
import { helpMarkdown } from '../../../src/cli/help.js';
import { createCompleter, defaultHistoryFile, runWarRoom } from '../../../src/cli/war-room.js';
import { ArgumentError, CancelledError } from '../../../src/errors.js';
import { loadManifest } from '../../../src/manifest/load.js';

const manifest = loadManifest();
const complete = createCompleter(manifest) as (line: string) => [string[], string];

describe('completion', () => {
  it.each([
    { name: 'command name', line: '!darktrace-get-s', want: ['!darktrace-get-similar-devices'] },
    { name: 'command name without the bang', line: 'darktrace-get-simi', want: ['!darktrace-get-similar-devices'] },
    { name: 'predefined values', line: '!darktrace-get-external-endpoint-details endpoint_type=', want: ['endpoint_type=IP', 'endpoint_type=hostname'] },
    { name: 'predefined value prefix, any case', line: '!darktrace-get-external-endpoint-details endpoint_type=h', want: ['endpoint_type=hostname'] },
    { name: 'argument names not yet given', line: '!darktrace-get-similar-devices did=1 ', want: ['max_results='] },
    { name: 'boolean values', line: '!darktrace-get-external-endpoint-details devices=', want: ['devices=true', 'devices=false'] },
    { name: 'help completes commands', line: 'help darktrace-get-tag', want: ['darktrace-get-tagged-devices', 'darktrace-get-tags-for-device'] },
  ])('$name', ({ line, want }) => {
    expect(complete(line)[0]).toEqual(want);
  });
});

type Execute = (command: string, args: Readonly<Record<string, string>>) => Promise<CommandOutput>;
const answer: Execute = async (command) => ({ command, outputs: {}, readable: '### Result\n| a |\n| --- |\n| 1 |\n', raw: null });

async function session(keys: string[], execute: Execute = answer, historyFile = join(mkdtempSync(join(tmpdir(), 'dt-wr-')), 'history')) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (c: Buffer) => (shown += c.toString()));
  const done = runWarRoom({ manifest, execute, help: (name) => helpMarkdown(name, manifest), input, output, terminal: true, historyFile, width: 80 });
  for (const key of keys) input.write(key);
  input.end();
  await done;
  return { shown, historyFile };
}

describe('the prompt', () => {
  it('completes !darktrace-get-s<TAB> to the full command', async () => {
    const { shown } = await session(['!darktrace-get-s', '\t', '\x03']);
    expect(shown).toContain('!darktrace-get-similar-devices');
  });

  it('lists predefined values for endpoint_type=<TAB><TAB>', async () => {
    const { shown } = await session(['!darktrace-get-external-endpoint-details endpoint_type=', '\t', '\t']);
    expect(shown).toContain('endpoint_type=IP');
    expect(shown).toContain('endpoint_type=hostname');
  });

  it('runs a command, renders it for the terminal and keeps history', async () => {
    const calls: Array<[string, Record<string, string>]> = [];
    const { shown, historyFile } = await session(['!darktrace-get-similar-devices did=1\r', 'exit\r'], async (command, args) => {
      calls.push([command, { ...args }]);
      return answer(command, args);
    });
    expect(calls).toEqual([['darktrace-get-similar-devices', { did: '1' }]]);
    expect(shown).toContain('Result\n──────\na\n─\n1');
    expect(readFileSync(historyFile, 'utf8')).toBe('!darktrace-get-similar-devices did=1\n');
  });

  it('keeps going after a failed command, showing its reason', async () => {
    const { shown } = await session(['!darktrace-get-similar-devices did=x\r', 'help darktrace-get-similar-devices\r'], async () => {
      throw new ArgumentError('did', 'darktrace-get-similar-devices', 'expected a positive integer', 'x');
    });
    expect(shown).toContain('error: argument did of darktrace-get-similar-devices: expected a positive integer, got "x" [DT_ARG_INVALID]');
    expect(shown).toContain('Context outputs');
  });
});

describe('keyboard and history trouble', () => {
  it('Ctrl-C clears the half-typed line and the session goes on', async () => {
    const calls: string[] = [];
    const { shown } = await session(['!darktrace-get-simil', '\x03', '!darktrace-get-similar-devices did=1\r', 'exit\r'], async (command, args) => {
      calls.push(`${command} ${JSON.stringify(args)}`);
      return answer(command, args);
    });
    expect(shown).toContain('^C');
    expect(calls).toEqual(['darktrace-get-similar-devices {"did":"1"}']);
  });

  it.each([
    { name: 'a history path under a file', file: () => join(writeTemp('not a folder'), 'history') },
    { name: 'a history path that is a folder', file: () => mkdtempSync(join(tmpdir(), 'dt-wr-dir-')) },
  ])('$name: history is off, said once, and commands still run', async ({ file }) => {
    const calls: string[] = [];
    const { shown } = await session(
      ['!darktrace-get-similar-devices did=1\r', 'help\r', 'exit\r'],
      async (command, args) => {
        calls.push(command);
        return answer(command, args);
      },
      file(),
    );
    expect(shown.match(/\(history is off for this session: /g)).toHaveLength(1);
    expect(calls).toEqual(['darktrace-get-similar-devices']);
    expect(shown).toContain('Darktrace commands');
  });

  it('keeps the history file bounded', async () => {
    const historyFile = join(mkdtempSync(join(tmpdir(), 'dt-wr-')), 'history');
    writeFileSync(
      historyFile,
      Array.from({ length: 1000 }, (_, i) => `line ${i}`)
        .join('\n')
        .concat('\n'),
    );
    await session(['help\r', 'exit\r'], answer, historyFile);
    const kept = readFileSync(historyFile, 'utf8').split('\n').filter(Boolean);
    expect(kept).toHaveLength(500);
    expect(kept.at(-1)).toBe('help');
  });
});

describe('cancel, leave, search, instance', () => {
  function live(execute: Execute3, instance?: { label: string; host?: string }) {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    const waiters: Array<() => void> = [];
    output.on('data', (c: Buffer) => {
      shown += c.toString();
      for (const w of waiters.splice(0)) w();
    });
    const historyFile = join(mkdtempSync(join(tmpdir(), 'dt-wr-')), 'history');
    const done = runWarRoom({
      manifest,
      execute,
      help: (name) => helpMarkdown(name, manifest),
      input,
      output,
      terminal: true,
      historyFile,
      width: 80,
      ...(instance ? { instance } : {}),
    });
    const waitFor = (text: string) =>
      new Promise<void>((resolve) => {
        const check = () => (shown.includes(text) ? resolve() : waiters.push(check));
        check();
      });
    return { input, done, waitFor, shown: () => shown };
  }

  it('Ctrl-C during a command aborts its signal and returns to the prompt; the next command runs', async () => {
    const signals: AbortSignal[] = [];
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    const wr = live((command, args, signal) => {
      signals.push(signal);
      if (args.did === '2') return answer(command, args);
      started();
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new CancelledError())));
    });
    wr.input.write('!darktrace-get-similar-devices did=1\r');
    await running;
    wr.input.write('\x03');
    await wr.waitFor('^C cancelled; the request was aborted');
    wr.input.write('!darktrace-get-similar-devices did=2\r');
    await wr.waitFor('Result');
    wr.input.end('exit\r');
    await wr.done;
    expect(signals.map((s) => s.aborted)).toEqual([true, false]);
  });

  it('a second Ctrl-C on an empty line leaves', async () => {
    const calls: string[] = [];
    const wr = live(async (command, args) => {
      calls.push(command);
      return answer(command, args);
    });
    wr.input.write('\x03');
    await wr.waitFor('press Ctrl-C again to leave');
    wr.input.write('\x03');
    await wr.done;
    wr.input.end('!darktrace-get-similar-devices did=1\r');
    expect(calls).toEqual([]);
  });

  it('Ctrl-R finds an earlier line by a part of it; Enter runs it', async () => {
    const historyFile = join(mkdtempSync(join(tmpdir(), 'dt-wr-')), 'history');
    writeFileSync(historyFile, '!darktrace-get-similar-devices did=7\nhelp\n');
    const calls: string[] = [];
    const { shown } = await session(
      ['\x12', 'simil', '\r', 'exit\r'],
      async (command, args) => {
        calls.push(`${command} ${JSON.stringify(args)}`);
        return answer(command, args);
      },
      historyFile,
    );
    // Without readline's cursor moves, the terminal shows the query and its match.
    expect(shown.replace(/\x1b\[\d*[A-Za-z]/g, '')).toContain("(reverse-i-search)'simil': !darktrace-get-similar-devices did=7");
    expect(calls).toEqual(['darktrace-get-similar-devices {"did":"7"}']);
  });

  it('Ctrl-G ends the search and restores the line', async () => {
    const historyFile = join(mkdtempSync(join(tmpdir(), 'dt-wr-')), 'history');
    writeFileSync(historyFile, '!darktrace-get-similar-devices did=7\n');
    const calls: string[] = [];
    await session(
      ['help', '\x12', 'simil', '\x07', '\r', 'exit\r'],
      async (command, args) => {
        calls.push(command);
        return answer(command, args);
      },
      historyFile,
    );
    expect(calls).toEqual([]);
  });

  it('names the instance in the banner and the prompt', async () => {
    const wr = live(answer, { label: 'prod (dt.example.com)', host: 'dt.example.com' });
    wr.input.end('exit\r');
    await wr.done;
    expect(wr.shown()).toContain('Instance: prod (dt.example.com)');
    expect(wr.shown()).toContain('darktrace@dt.example.com> ');
  });
});

type Execute3 = (command: string, args: Readonly<Record<string, string>>, signal: AbortSignal) => Promise<CommandOutput>;

function writeTemp(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'dt-wr-')), 'file');
  writeFileSync(path, text);
  return path;
}

describe('history file location', () => {
  it.each([
    { name: 'explicit', env: { DARKTRACE_SOAR_HISTORY: '/h/file' }, want: '/h/file' },
    { name: 'XDG data home', env: { XDG_DATA_HOME: '/xdg' }, want: '/xdg/darktrace-soar/history' },
    { name: 'home', env: { HOME: '/home/ana' }, want: '/home/ana/.local/share/darktrace-soar/history' },
  ])('$name', ({ env, want }) => expect(defaultHistoryFile(env)).toBe(want));
});

describe('appliance text with control characters', () => {
  const hostile = 'pc\x1b]0;owned\x07\x1b[2J';
  it.each([
    {
      name: 'in an answer built by hand',
      execute: (async (command) => ({ command, outputs: {}, readable: `### Device ${hostile}\nnote ${hostile}\n`, raw: null })) as Execute,
    },
    { name: 'in an error message', execute: (async () => Promise.reject(new ArgumentError('tag', 'darktrace-x', `unknown tag ${hostile}`))) as Execute },
  ])('$name: shown as visible escapes, never sent to the terminal raw', async ({ execute }) => {
    const { shown } = await session(['!darktrace-get-similar-devices did=1\r', 'exit\r'], execute);
    // readline itself writes cursor sequences in terminal mode; the appliance's own must not appear.
    expect(shown).not.toContain('\x1b]0;owned');
    expect(shown).not.toContain('\x07');
    expect(shown).not.toContain('\x1b[2J');
    expect(shown).toContain('pc\\u001b]0;owned\\u0007\\u001b[2J');
  });
});

describe('help in the war room', () => {
  it.each([
    { name: 'a typo of a command', topic: 'darktrace-get-modl', want: 'did you mean "darktrace-get-model"?' },
    { name: 'a CLI subcommand', topic: 'fetch', want: 'fetch is a subcommand of darktrace-soar, not a war-room command; see "darktrace-soar fetch --help"' },
  ])('$name', ({ topic, want }) => expect(() => helpMarkdown(topic, manifest)).toThrow(want));
});
