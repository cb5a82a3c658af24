import { Writable } from 'node:stream';
import type { DestinationStream } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, prettyLine } from '../../src/log.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination: destination as unknown as DestinationStream };
}

describe('createLogger', () => {
  it('writes no raw control character, in message or field, and keeps the data', () => {
    const { lines, destination } = capture();
    const hostile = 'pc\x1b]0;owned\x07\x1b[2J\u009b\u202e\x7f';
    const log = createLogger({ level: 'info', destination });
    log.info({ hostname: hostile }, `device ${hostile}`);
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(JSON.parse(line)).toMatchObject({ hostname: hostile, msg: `device ${hostile}` });
  });

  it('redacts the secret parameters and signed headers', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'info', destination, secretParameters: ['private_api_token'] });
    log.info({ params: { private_api_token: 'canary-secret-123' }, req: { headers: { 'dtapi-signature': 'abc' } } }, 'x');
    expect(lines[0]).not.toContain('canary-secret-123');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ params: { private_api_token: '[redacted]' }, req: { headers: { 'dtapi-signature': '[redacted]' } } });
  });
});

describe('createLogger is lazy about pino, not about levels', () => {
  it.each([
    { name: 'below the level: nothing', level: 'error' as const, then: undefined, want: [] },
    { name: 'a level set before the first line applies', level: 'warn' as const, then: 'debug', want: ['debug:d', 'info:i', 'warn:w'] },
    { name: 'silent stays silent', level: 'silent' as const, then: undefined, want: [] },
    { name: 'at and above the level', level: 'info' as const, then: undefined, want: ['info:i', 'warn:w'] },
  ])('$name', ({ level, then, want }) => {
    const { lines, destination } = capture();
    const log = createLogger({ level, destination });
    if (then !== undefined) log.level = then;
    log.debug({ n: 1 }, 'd');
    log.info('i');
    log.warn({ n: 3 }, 'w');
    const names: Record<number, string> = { 20: 'debug', 30: 'info', 40: 'warn' };
    expect(lines.map((l) => JSON.parse(l) as { level: number; msg: string }).map((l) => `${names[l.level]}:${l.msg}`)).toEqual(want);
    expect(log.level).toBe(then ?? level);
  });

  it('a child carries its bindings and keeps its own level', () => {
    const { lines, destination } = capture();
    const parent = createLogger({ level: 'info', destination });
    const child = parent.child({ instance: 'east' });
    child.level = 'warn';
    child.info('dropped');
    child.warn({ code: 'DT_NETWORK' }, 'retrying');
    parent.info('parent');
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ instance: 'east', code: 'DT_NETWORK', msg: 'retrying' }),
      expect.objectContaining({ msg: 'parent' }),
    ]);
    expect(JSON.parse(lines[1] ?? '{}')).not.toHaveProperty('instance');
  });
});

describe('prettyLine (stderr on a terminal)', () => {
  // 2026-03-01T12:00:00Z; the time of day is printed in local time, so only its shape is pinned.
  const time = Date.parse('2026-03-01T12:00:00Z');
  const line = JSON.stringify({ level: 40, time, msg: 'retrying', attempt: 1, delayMs: 500, code: 'DT_NETWORK', path: '/status' });
  it.each([
    { name: 'no colour (NO_COLOR)', color: false, want: /^\d\d:\d\d:\d\d WARN retrying attempt=1 delayMs=500 code=DT_NETWORK path=\/status\n$/ },
    { name: 'coloured level', color: true, want: /^\d\d:\d\d:\d\d \u001b\[33mWARN\u001b\[0m retrying attempt=1/ },
  ])('$name', ({ color, want }) => expect(prettyLine(line, color)).toMatch(want));

  it('quotes values with spaces and shows objects as JSON', () => {
    expect(prettyLine(JSON.stringify({ level: 30, time, msg: 'fetch cycle done', note: 'two words', stats: { delivered: 2 } }), false)).toMatch(
      / INFO fetch cycle done note="two words" stats=\{"delivered":2\}\n$/,
    );
  });

  it('makes control characters from appliance text visible', () => {
    const out = prettyLine(JSON.stringify({ level: 40, time, msg: 'device', hostname: 'pc\u001b[2J' }), false);
    expect(out).not.toMatch(/\u001b/);
  });
});
