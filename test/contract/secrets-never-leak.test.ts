// Sets the tokens to canary strings, drives the CLI through success and every error path with
// debug logging on, and asserts that neither token nor any signature reaches stdout, stderr or a
// log line. Signatures are 40 hex characters; nothing we print legitimately looks like one.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import type { Fault } from '../../src/simulator/faults.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { runCli, tempDir, type CliRun } from '../helpers/run-cli.js';

let sim: RunningSimulator;
let tlsSim: RunningSimulator;
const runs: CliRun[] = [];

beforeAll(async () => {
  sim = await startSimulator({ tokens: [CANARY_TOKENS] });
  tlsSim = await startSimulator({ tokens: [CANARY_TOKENS], tls: true });
});
afterAll(async () => {
  await sim.close();
  await tlsSim.close();
});

const SIGNATURE = /\b[0-9a-f]{40}\b/i;
const fast = { DARKTRACE_SOAR_RETRY_MIN_MS: '0', DARKTRACE_SOAR_RETRIES: '1' };
const line = '!darktrace-get-similar-devices did=1 max_results=2';

interface Case {
  name: string;
  argv: string[];
  env?: Record<string, string>;
  fault?: Fault;
  skewMs?: number;
  tls?: boolean;
  /** Written to a config file passed with --config ("$URL" is replaced by the simulator's URL). */
  config?: string;
  /** Standard input (the exec protocol); "$URL" is replaced too. */
  input?: string;
  /** How many leading characters of a token must not appear (12 unless told). */
  prefixLength?: number;
}

const state = () => join(tempDir(), 'state.json');
const execRequest = (command: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    command,
    params: { url: '$URL', public_api_token: CANARY_TOKENS.publicToken, private_api_token: CANARY_TOKENS.privateToken, isFetch: true, ...extra },
  });

const cases: Case[] = [
  { name: 'success, markdown', argv: ['run', line] },
  { name: 'success, --json', argv: ['run', line, '--json'] },
  { name: 'test-module', argv: ['test'] },
  { name: 'wrong private token', argv: ['test'], env: { DARKTRACE_PRIVATE_API_TOKEN: `${CANARY_TOKENS.privateToken}-x` } },
  { name: 'unknown public token', argv: ['test'], env: { DARKTRACE_PUBLIC_API_TOKEN: `${CANARY_TOKENS.publicToken}-x` } },
  { name: 'clock skew', argv: ['test'], skewMs: 3_600_000 },
  { name: 'small skew warning', argv: ['test'], skewMs: 600_000 },
  { name: '503', argv: ['run', line], fault: { kind: 'status', status: 503 } },
  { name: '429', argv: ['run', line], fault: { kind: 'status', status: 429, headers: { 'retry-after': '0' } } },
  { name: 'reset', argv: ['run', line], fault: { kind: 'reset' } },
  { name: 'malformed', argv: ['run', line], fault: { kind: 'malformed' } },
  { name: 'login page', argv: ['run', line], fault: { kind: 'html-login' } },
  { name: '403 redirect', argv: ['run', line], fault: { kind: 'status', status: 302, headers: { location: '/403' }, body: 'Found. Redirecting to /403' } },
  { name: 'TLS failure', argv: ['test'], tls: true },
  { name: 'bad argument', argv: ['run', '!darktrace-get-similar-devices did=x'] },
  { name: 'bad config', argv: ['test'], env: { DARKTRACE_MIN_SCORE: 'high' } },
  { name: 'connection refused', argv: ['test'], env: { DARKTRACE_URL: 'http://127.0.0.1:1' } },
  {
    name: 'config file that does not parse',
    argv: ['test'],
    env: { DARKTRACE_PRIVATE_API_TOKEN: '' },
    config: `{"url": "$URL", "public_api_token": "${CANARY_TOKENS.publicToken}",\n "private_api_token": [${CANARY_TOKENS.privateToken}}`,
  },
  {
    name: 'config file, secret of the wrong type',
    argv: ['test'],
    env: { DARKTRACE_PRIVATE_API_TOKEN: '' },
    config: `url: $URL\npublic_api_token: ${CANARY_TOKENS.publicToken}\nprivate_api_token: [${CANARY_TOKENS.privateToken}]\n`,
  },
  { name: 'fetch, appliance failing', argv: ['fetch', '--state', state()], env: { DARKTRACE_ISFETCH: 'true' }, fault: { kind: 'status', status: 503 } },
  { name: 'fetch, success', argv: ['fetch', '--state', state()], env: { DARKTRACE_ISFETCH: 'true', DARKTRACE_FIRST_FETCH: '2026-02-28' } },
  {
    name: 'poll, one failing cycle',
    argv: ['poll', '--state', state(), '--cycles', '1', '--interval', '10s'],
    env: { DARKTRACE_ISFETCH: 'true' },
    fault: { kind: 'reset' },
  },
  { name: 'validate', argv: ['validate', '--ips', '10.0.0.5', '--start', '2026-03-01T11:55:00Z', '--now', '2026-03-01T12:10:00Z'] },
  { name: 'exec, success', argv: ['exec'], input: execRequest('darktrace-get-similar-devices') },
  { name: 'exec, wrong token', argv: ['exec'], input: execRequest('test-module', { private_api_token: 'wrong-private-token' }) },
  // Issue #12: a YAML warning quoted the whole line, token included.
  {
    name: 'config file, unknown YAML tag on a secret',
    argv: ['test'],
    env: { DARKTRACE_PRIVATE_API_TOKEN: '' },
    config: `url: $URL\npublic_api_token: ${CANARY_TOKENS.publicToken}\nprivate_api_token: !secret ${CANARY_TOKENS.privateToken}\n`,
  },
  // Issue #12: redaction ran after the 80-character cut, leaving the token's first characters.
  {
    name: 'token inside an echoed argument, across the cut',
    argv: ['run', `!darktrace-get-similar-devices did=${'9'.repeat(70)}${CANARY_TOKENS.privateToken}`],
  },
  {
    name: 'token inside an echoed argument, exec',
    argv: ['exec'],
    input: execRequest('darktrace-get-similar-devices').replace('"params"', `"args":{"did":"${'9'.repeat(75)}${CANARY_TOKENS.publicToken}"},"params"`),
  },
  // The appliance echoes the token where its error text is cut to 200 characters: only a prefix is left.
  ...[5, 9, 14].map((kept) => ({
    name: `appliance error text cut ${kept} characters into the token`,
    argv: ['run', line],
    fault: { kind: 'status' as const, status: 400, body: JSON.stringify({ error: `${'e'.repeat(200 - kept)}${CANARY_TOKENS.privateToken}` }) },
    prefixLength: kept,
  })),
  // Issue #12: malformed URLs with user information were echoed.
  ...[
    'https//analyst:$SECRET@127.0.0.1',
    'https://:$SECRET@',
    'https://analyst:$SECRET@',
    'https://analyst:$SECRET%40127.0.0.1',
    'https://analyst: $SECRET @127.0.0.1/x y',
  ].map((url) => ({
    name: `URL with user information: ${url}`,
    argv: ['test'],
    env: { DARKTRACE_URL: url.replace('$SECRET', CANARY_TOKENS.privateToken), DARKTRACE_PRIVATE_API_TOKEN: '' },
  })),
  { name: 'exec, fetch-incidents', argv: ['exec'], input: execRequest('fetch-incidents', { first_fetch: '2026-02-28' }) },
];

describe('secrets never leak', () => {
  it.each(cases)('$name', async ({ argv, env, fault, skewMs, tls, config, input, prefixLength = 12 }) => {
    sim.faults.clear();
    if (fault) sim.faults.push(fault, 5);
    sim.setSkew(skewMs ?? 0);
    const target = tls ? tlsSim : sim;
    const configArgs: string[] = [];
    if (config) {
      const path = join(tempDir(), 'config.yml');
      writeFileSync(path, config.replaceAll('$URL', target.url));
      configArgs.push('--config', path);
    }
    const base = config ? {} : instanceEnv(target.url);
    const run = await runCli([...argv, ...configArgs, '--verbose'], {
      env: { ...base, ...fast, ...env },
      ...(input ? { input: input.replaceAll('$URL', target.url) } : {}),
    });
    runs.push(run);
    const text = run.stdout + run.stderr;
    // Not even the first characters of a token (a message cut before it was redacted).
    expect(text).not.toContain(CANARY_TOKENS.publicToken.slice(0, prefixLength));
    expect(text).not.toContain(CANARY_TOKENS.privateToken.slice(0, prefixLength));
    expect(text).not.toMatch(SIGNATURE);
    expect(text.toLowerCase()).not.toMatch(/dtapi-signature["']?\s*[:=]\s*["']?[0-9a-f]/);
  });

  it('the runs above really exercised debug logging and errors', () => {
    expect(runs).toHaveLength(cases.length);
    expect(runs.some((r) => r.stderr.includes('darktrace request'))).toBe(true);
    expect(runs.filter((r) => r.code !== 0).length).toBeGreaterThanOrEqual(10);
  });
});
