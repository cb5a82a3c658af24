import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  asOurError,
  ClockSkewError,
  ConfigError,
  formatDuration,
  InternalError,
  LocalSystemError,
  localSystemError,
  MIN_SECRET_LENGTH,
  NetworkError,
  redactSecrets,
  registerSecret,
  UndeclaredOutputError,
  UsageError,
} from '../../src/errors.js';

describe('formatDuration', () => {
  it.each([
    { ms: 0, want: '0 seconds' },
    { ms: 40_000, want: '40 seconds' },
    { ms: 61_000, want: '1 minute 1 second' },
    { ms: 45 * 60_000 + 1_000, want: '45 minutes' },
    { ms: -(2 * 3_600_000 + 5 * 60_000), want: '2 hours 5 minutes' },
  ])('$ms ms -> $want', ({ ms, want }) => expect(formatDuration(ms)).toBe(want));
});

describe('error classes', () => {
  it.each([
    { name: 'argument', error: new ArgumentError('did', 'darktrace-x', 'expected a positive integer', 'x'), code: 'DT_ARG_INVALID', exit: 2 },
    { name: 'config', error: new ConfigError([{ parameter: 'url', message: 'required' }]), code: 'DT_CONFIG_INVALID', exit: 2 },
    { name: 'network', error: new NetworkError('unreachable'), code: 'DT_NETWORK', exit: 1 },
    { name: 'skew', error: new ClockSkewError(-45 * 60_000), code: 'DT_CLOCK_SKEW', exit: 1 },
  ])('$name has code $code and exit $exit', ({ error, code, exit }) => {
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(exit);
    expect(error.name).toBe(error.constructor.name);
  });

  it('says which way the clock is off', () => {
    expect(new ClockSkewError(-45 * 60_000).message).toContain("this host's clock is 45 minutes behind the appliance");
    expect(new ClockSkewError(undefined).message).toContain('more than 30 minutes');
  });
});

describe('redaction of secrets in messages', () => {
  // Registered as src/config/params.ts does when a token is accepted.
  const token = 'tok-3f9a1c7e5b2d8f40a6c1';
  registerSecret(token);

  it('runs before an echoed value is cut at 80 characters: no prefix of the token survives', () => {
    const got = `${'x'.repeat(70)}${token} and more text after it`;
    const message = new ArgumentError('message', 'darktrace-x', 'expected text', got).message;
    expect(message).not.toContain(token.slice(0, 8));
    expect(message).toContain('[redac');
    expect(message).toContain(`(${got.length} characters)`);
  });

  it.each([
    { name: 'whole token in a message', text: `the appliance said: bad token ${token}`, want: 'the appliance said: bad token [redacted]' },
    { name: 'prefix cut by "..." before it reached us', text: `error text ${token.slice(0, 12)}...`, want: 'error text [redacted]...' },
    { name: 'prefix at the very end', text: `cut here ${token.slice(0, 10)}`, want: 'cut here [redacted]' },
    { name: 'four characters before "…"', text: `cut ${token.slice(0, 4)}…`, want: 'cut [redacted]…' },
    { name: 'a short word at the end is left alone', text: `see ${token.slice(0, 4)}`, want: `see ${token.slice(0, 4)}` },
    { name: 'no token: unchanged', text: 'nothing secret in here, tok-3 is too short to match', want: 'nothing secret in here, tok-3 is too short to match' },
  ])('$name', ({ text, want }) => {
    expect(redactSecrets(text)).toBe(want);
    expect(new NetworkError(text).message).toBe(want);
  });

  it('ignores secrets shorter than the minimum instead of garbling every message', () => {
    expect(MIN_SECRET_LENGTH).toBe(8);
    registerSecret('e');
    expect(new NetworkError('the appliance did not answer').message).toBe('the appliance did not answer');
    expect(redactSecrets('keep every e', ['e'])).toBe('keep every e');
  });

  it('a 40 MB echoed value costs a window, not a copy per character', () => {
    const huge = 'y'.repeat(40 * 1024 * 1024);
    const message = new ArgumentError('message', 'darktrace-x', 'expected text', huge).message;
    expect(message).toBe(`argument message of darktrace-x: expected text, got "${'y'.repeat(80)}… (${huge.length} characters)"`);
  });

  it('counts an emoji as one character when cutting', () => {
    const message = new ArgumentError('a', 'c', 'e', '😀'.repeat(100)).message;
    expect(message).toContain(`"${'😀'.repeat(80)}… (100 characters)"`);
  });
});

describe('local system errors', () => {
  const sysError = (fields: Record<string, unknown>) => Object.assign(new Error('raw node text'), fields);
  it.each([
    {
      name: 'ENOENT',
      err: sysError({ code: 'ENOENT', syscall: 'open', path: '/nope/state.json' }),
      want: 'cannot open /nope/state.json: no such file or directory (ENOENT)',
    },
    {
      name: 'EACCES',
      err: sysError({ code: 'EACCES', syscall: 'open', path: '/root/out.jsonl' }),
      want: 'cannot open /root/out.jsonl: permission denied (EACCES)',
    },
    { name: 'EISDIR', err: sysError({ code: 'EISDIR', syscall: 'open', path: '/tmp' }), want: 'cannot open /tmp: it is a directory, not a file (EISDIR)' },
    {
      name: 'ENOSPC',
      err: sysError({ code: 'ENOSPC', syscall: 'write', path: '/full/out.jsonl' }),
      want: 'cannot write /full/out.jsonl: no space left on the device (ENOSPC)',
    },
    {
      name: 'rename',
      err: sysError({ code: 'EXDEV', syscall: 'rename', path: '/a', dest: '/b' }),
      want: 'cannot rename /a to /b: the paths are on different file systems (EXDEV)',
    },
    {
      name: 'EADDRINUSE',
      err: sysError({ code: 'EADDRINUSE', syscall: 'listen', address: '127.0.0.1', port: 8443 }),
      want: 'cannot listen on 127.0.0.1:8443: the address is already in use (EADDRINUSE); another process listens there: choose another port with --port',
    },
  ])('$name: names the path or port and the errno in words, exit 1', ({ err, want }) => {
    const error = localSystemError(err);
    expect(error).toBeInstanceOf(LocalSystemError);
    expect(error?.code).toBe('DT_LOCAL_IO');
    expect(error?.exitCode).toBe(1);
    expect(error?.message).toBe(want);
    expect(error?.cause).toBe(err);
  });

  it.each([
    { name: 'an ordinary bug', err: new TypeError('x is undefined') },
    { name: 'a network errno (classified by the client)', err: sysError({ code: 'ECONNREFUSED', syscall: 'connect' }) },
    { name: 'not an Error', err: 'ENOENT' },
  ])('$name stays an internal error', ({ err }) => expect(localSystemError(err)).toBeUndefined());

  it('exit 2 when the caller knows the path is the user input', () => {
    expect(localSystemError(sysError({ code: 'ENOENT', syscall: 'open', path: 'c.yml' }), 2, 'the config file')?.message).toBe(
      'cannot open the config file c.yml: no such file or directory (ENOENT)',
    );
  });
});

describe('bugs of ours are DT_INTERNAL, exit 1, in the one table', () => {
  it.each([
    { name: 'a thrown Error', thrown: new TypeError('x is undefined'), message: 'internal error: x is undefined' },
    { name: 'a thrown string', thrown: 'odd', message: 'internal error: odd' },
    {
      name: 'an undeclared context path',
      thrown: new UndeclaredOutputError('darktrace-x', ['Darktrace.X.y', 'Darktrace.Z']),
      message: 'internal error: darktrace-x emitted context paths the manifest does not declare: Darktrace.X.y, Darktrace.Z',
    },
  ])('$name', ({ thrown, message }) => {
    const err = asOurError(thrown);
    expect(err).toBeInstanceOf(InternalError);
    expect({ code: err.code, exitCode: err.exitCode, message: err.message }).toEqual({ code: 'DT_INTERNAL', exitCode: 1, message });
  });

  it('one of ours is kept as it is', () => {
    const ours = new UsageError('bad flag');
    expect(asOurError(ours)).toBe(ours);
  });
});
