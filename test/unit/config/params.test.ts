import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { envName, readConfigFile, resolveParams } from '../../../src/config/params.js';
import { ConfigError } from '../../../src/errors.js';
import { loadManifest } from '../../../src/manifest/load.js';

const clock = fixedClock('2026-03-01T12:00:00Z');
const manifest = loadManifest();
const base = { url: 'https://dt.example:8443/proxy/', public_api_token: 'pub-token-1', private_api_token: 'priv-token-1' };

describe('resolveParams', () => {
  it('applies defaults and types from the manifest', () => {
    const params = resolveParams(manifest, { file: base }, clock);
    expect(params).toMatchObject({
      url: 'https://dt.example:8443/proxy',
      min_score: 0,
      max_alerts: 50,
      first_fetch: '1 day',
      insecure: false,
      proxy: false,
      isFetch: false,
      timeout: 30,
    });
    expect(Object.isFrozen(params)).toBe(true);
  });

  it('lets environment variables win over the file', () => {
    const params = resolveParams(manifest, { file: { ...base, min_score: 10 }, env: { DARKTRACE_MIN_SCORE: '75', DARKTRACE_INSECURE: 'yes' } }, clock);
    expect(params.min_score).toBe(75);
    expect(params.insecure).toBe(true);
  });

  it.each([
    { name: 'camelCase parameter, in capitals', parameter: 'isFetch', want: 'DARKTRACE_ISFETCH' },
    { name: 'snake parameter', parameter: 'private_api_token', want: 'DARKTRACE_PRIVATE_API_TOKEN' },
  ])('envName: $name', ({ parameter, want }) => expect(envName(parameter)).toBe(want));

  it('lists every problem at once, naming parameter, source and form, never echoing secrets', () => {
    let caught: unknown;
    try {
      resolveParams(
        manifest,
        {
          file: { url: 'ftp://x', public_api_token: 'pub-token-1', min_score: 'high', bogus: 1 },
          env: { DARKTRACE_FIRST_FETCH: 'yesterday-ish', DARKTRACE_MAX_ALERTS: '0' },
        },
        clock,
      );
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.exitCode).toBe(2);
    expect(error.problems.map((p) => p.parameter).sort()).toEqual(['bogus', 'first_fetch', 'max_alerts', 'min_score', 'private_api_token', 'url']);
    expect(error.message).toContain('min_score (config file): expected an integer from 0 to 100, got "high"');
    expect(error.message).toContain('private_api_token: required; set it in the config file or DARKTRACE_PRIVATE_API_TOKEN');
    expect(error.message).toContain(
      'first_fetch (DARKTRACE_FIRST_FETCH): expected "N minutes|hours|days|weeks|months [ago]" or an ISO-8601 date, got "yesterday-ish"',
    );
    expect(error.message).toContain('max_alerts (DARKTRACE_MAX_ALERTS): expected an integer from 1 to 10000, got "0"');
  });

  it.each([
    { name: 'an extra underscore', variable: 'DARKTRACE_IS_FETCH', want: 'DARKTRACE_ISFETCH' },
    { name: 'a missing letter', variable: 'DARKTRACE_MIN_SCOR', want: 'DARKTRACE_MIN_SCORE' },
    { name: 'swapped letters', variable: 'DARKTRACE_FIRST_FECTH', want: 'DARKTRACE_FIRST_FETCH' },
  ])('a mistyped DARKTRACE_ variable is an error with the suggestion: $name', ({ variable, want }) => {
    expect(() => resolveParams(manifest, { file: base, env: { [variable]: 'true', DARKTRACE_SOAR_RETRIES: '1' } }, clock)).toThrow(
      `${variable}: not a parameter of this integration; did you mean ${want}?`,
    );
  });

  it('an unrelated DARKTRACE_ variable is ignored and reported to the debug hook', () => {
    const ignored: string[] = [];
    const params = resolveParams(
      manifest,
      { file: base, env: { DARKTRACE_HOME: '/opt/dt', DARKTRACE_PROFILE: 'x' }, onIgnoredVariable: (v) => ignored.push(v) },
      clock,
    );
    expect(params.url).toBe('https://dt.example:8443/proxy');
    expect(ignored).toEqual(['DARKTRACE_HOME', 'DARKTRACE_PROFILE']);
  });

  it('a config key close to a parameter gets a suggestion', () => {
    expect(() => resolveParams(manifest, { file: { ...base, min_scor: 50 } }, clock)).toThrow(
      'min_scor (config file): not a parameter of this integration; did you mean "min_score"?',
    );
  });

  it('never echoes URL credentials', () => {
    expect(() => resolveParams(manifest, { file: { ...base, url: 'https://analyst:hunter2@dt.example' } }, clock)).toThrow(
      'url (config file): expected scheme, host, optional port and path only, got "https://[redacted]@dt.example"',
    );
    try {
      resolveParams(manifest, { file: { ...base, url: 'https://analyst:hunter2@dt.example' } }, clock);
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
  });

  it.each([
    { name: 'JSON', file: 'config.json', text: '{"public_api_token": "a",\n "private_api_token": [SECRETCANARY123456}', where: '(line 2, column' },
    { name: 'YAML', file: 'config.yml', text: 'url: https://dt.example\nprivate_api_token: [SECRETCANARY123456\n', where: '(line' },
  ])('a config file that does not parse is located, never quoted ($name)', ({ file, text, where }) => {
    const path = join(mkdtempSync(join(tmpdir(), 'dt-params-')), file);
    writeFileSync(path, text);
    let message = '';
    try {
      readConfigFile(path);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain(`${path} is not valid YAML or JSON ${where}`);
    expect(message).not.toContain('SECRETCANARY');
  });

  it('never echoes a malformed secret', () => {
    const secret = { ...base, public_api_token: { nested: 'canary-secret-123' } };
    expect(() => resolveParams(manifest, { file: secret }, clock)).toThrow(ConfigError);
    try {
      resolveParams(manifest, { file: secret }, clock);
    } catch (err) {
      expect((err as Error).message).not.toContain('canary-secret-123');
      expect((err as Error).message).toContain('public_api_token (config file): expected text');
    }
  });
});

describe('hostile configuration input (issue #12)', () => {
  const secret = 'SECRETCANARY-7d1e4b9a';
  const readText = (text: string, name = 'config.yml') => {
    const path = join(mkdtempSync(join(tmpdir(), 'dt-params-')), name);
    writeFileSync(path, text);
    try {
      readConfigFile(path);
    } catch (err) {
      return { path, err: err as ConfigError };
    }
    throw new Error('expected a ConfigError');
  };

  it.each([
    {
      name: 'unknown tag on a secret',
      text: `url: https://dt.example\nprivate_api_token: !secret ${secret}\n`,
      want: '(line 2, column 20): an unknown YAML tag (such as !secret)',
    },
    { name: 'unsupported directive', text: `%YAML 1.3\n---\npublic_api_token: ${secret}\n`, want: '(line 1, column 7): an unsupported YAML directive' },
  ])('a YAML warning ($name) is refused by line, column and kind, never quoting the line', ({ text, want }) => {
    const { path, err } = readText(text);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(`  --config: ${path} ${want}`);
    expect(err.message).not.toContain(secret);
    expect(err.message).not.toContain('private_api_token:');
  });

  it('a config file that does not exist names the path and the errno in words, exit 2', () => {
    const path = join(tmpdir(), 'dt-no-such-dir-12', 'config.yml');
    expect(() => readConfigFile(path)).toThrow(`--config: cannot read ${path}: no such file or directory (ENOENT)`);
  });

  it.each([
    { name: 'one character', value: 'x' },
    { name: 'seven characters', value: 'abcdefg' },
  ])('a secret token of $name is refused, never echoed', ({ value }) => {
    const run = () => resolveParams(manifest, { file: { ...base, private_api_token: value } }, clock);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow('private_api_token (config file): expected at least 8 characters');
    try {
      run();
    } catch (err) {
      expect((err as Error).message).not.toContain(`"${value}"`);
    }
  });

  it.each([
    { raw: 'https://user:hunter2pass@', want: 'https://[redacted]@' },
    { raw: 'https://:hunter2pass@dt.example', want: 'https://[redacted]@dt.example' },
    { raw: 'https//user:hunter2pass@dt.example', want: '[redacted]@dt.example' },
    { raw: 'https://user:hunter2%40pass@dt.example', want: 'https://[redacted]@dt.example' },
    { raw: 'https://user%3Ahunter2pass%40dt.example', want: 'https://[redacted]@dt.example' },
    { raw: 'https://user:hunter2 pass@dt.example', want: 'https://[redacted]@dt.example' },
    { raw: 'https://user:hunter2/pass@dt.example', want: 'https://[redacted]@dt.example' },
    { raw: 'user:hunter2pass@dt.example', want: '[redacted]@dt.example' },
    { raw: 'https:\\\\user:hunter2pass@dt.example', want: 'https:\\\\[redacted]@dt.example' },
  ])('URL user information is never echoed: $raw', ({ raw, want }) => {
    let message = '';
    try {
      resolveParams(manifest, { file: { ...base, url: raw } }, clock);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(`url (config file): expected`);
    expect(message).toContain(`got ${JSON.stringify(want)}`);
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('user');
  });

  it('util.inspect and JSON.stringify of the parameters show [redacted] for both tokens', () => {
    const params = resolveParams(manifest, { file: { ...base, public_api_token: 'pub-canary-12345', private_api_token: 'priv-canary-67890' } }, clock);
    const shown = [inspect(params), inspect({ nested: { params } }, { depth: 5 }), JSON.stringify(params), JSON.stringify({ params })];
    for (const text of shown) {
      expect(text).not.toContain('canary');
      expect(text).toContain('[redacted]');
      expect(text).toContain('dt.example');
    }
    expect(JSON.parse(JSON.stringify(params))).toMatchObject({ public_api_token: '[redacted]', private_api_token: '[redacted]', min_score: 0 });
    // The values themselves are untouched for the code that needs them.
    expect(params.private_api_token).toBe('priv-canary-67890');
    expect(Object.keys(params)).not.toContain('toJSON');
  });
});
