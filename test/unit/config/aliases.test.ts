// Instance parameters under XSOAR's names (max_fetch, publicApiKey, privateApiKey, base_url): read
// as ours, refused together with ours, and kept apart per level in a multi-instance file.
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { resolveInstances, selectInstance } from '../../../src/config/instances.js';
import { resolveParams } from '../../../src/config/params.js';
import { ConfigError } from '../../../src/errors.js';
import { loadManifest } from '../../../src/manifest/load.js';

const clock = fixedClock('2026-03-01T12:00:00Z');
const manifest = loadManifest();
const tokens = { public_api_token: 'pub-token-1', private_api_token: 'priv-token-1' };

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.parameter}${p.source ? ` (${p.source})` : ''}: ${p.message}`);
    throw err;
  }
  return [];
}

describe("XSOAR's parameter names", () => {
  it.each([
    { name: 'max_fetch is max_alerts', file: { url: 'https://dt.example', ...tokens, max_fetch: '20' }, want: { max_alerts: 20 } },
    {
      name: 'publicApiKey and privateApiKey are the tokens',
      file: { url: 'https://dt.example', publicApiKey: 'pub-token-2', privateApiKey: 'priv-token-2' },
      want: { public_api_token: 'pub-token-2', private_api_token: 'priv-token-2' },
    },
    { name: 'base_url is url', file: { base_url: 'https://dt.example/', ...tokens }, want: { url: 'https://dt.example' } },
    {
      name: 'incidentType is read as given',
      file: { url: 'https://dt.example', ...tokens, incidentType: 'Darktrace Model Breach' },
      want: { incidentType: 'Darktrace Model Breach' },
    },
  ])('$name', ({ file, want }) => {
    const params = resolveParams(manifest, { file }, clock);
    expect(params).toMatchObject(want);
    expect(Object.keys(params)).not.toContain('max_fetch');
  });

  it('a name and its alias together are refused, each pair on its own line', () => {
    const file = { url: 'https://dt.example', ...tokens, max_fetch: 20, max_alerts: 20, publicApiKey: 'pub-token-2' };
    expect(problems(() => resolveParams(manifest, { file }, clock))).toEqual([
      'max_fetch (config file): is another name for max_alerts; set one of max_alerts and max_fetch, not both',
      'publicApiKey (config file): is another name for public_api_token; set one of public_api_token and publicApiKey, not both',
    ]);
  });

  it('a secret given under its alias is never echoed when it is bad', () => {
    const lines = problems(() =>
      resolveParams(manifest, { file: { url: 'https://dt.example', publicApiKey: 'short', private_api_token: 'priv-token-1' } }, clock),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^public_api_token \(config file\): expected at least/);
    expect(lines[0]).not.toContain('short');
  });
});

describe('aliases in a multi-instance file', () => {
  it('a top-level max_fetch is the default that an instance max_alerts overrides', () => {
    const file = { ...tokens, max_fetch: 20, instances: { a: { url: 'https://a.example', max_alerts: 5 }, b: { url: 'https://b.example' } } };
    expect(resolveInstances(manifest, file, clock).map((i) => [i.name, i.params.max_alerts])).toEqual([
      ['a', 5],
      ['b', 20],
    ]);
  });

  it('both names within one level are refused under that level', () => {
    const file = { ...tokens, instances: { a: { url: 'https://a.example', max_alerts: 5, max_fetch: 6 } } };
    expect(problems(() => resolveInstances(manifest, file, clock))).toEqual([
      'instances.a.max_fetch (config file): is another name for max_alerts; set one of max_alerts and max_fetch, not both',
    ]);
  });
});

describe('selectInstance with aliases', () => {
  it("an instance's max_alerts overrides a top-level max_fetch, and resolves without a clash", () => {
    const values = selectInstance({ ...tokens, url: 'https://dt.example', max_fetch: 20, instances: { a: { max_alerts: 5 } } }, 'a', manifest);
    expect(values).not.toHaveProperty('max_fetch');
    expect(resolveParams(manifest, { file: values }, clock).max_alerts).toBe(5);
  });
});

describe('aliases in DARKTRACE_* variables', () => {
  it.each([
    { variable: 'DARKTRACE_MAX_FETCH', ours: 'DARKTRACE_MAX_ALERTS' },
    { variable: 'DARKTRACE_PUBLICAPIKEY', ours: 'DARKTRACE_PUBLIC_API_TOKEN' },
    { variable: 'DARKTRACE_BASE_URL', ours: 'DARKTRACE_URL' },
  ])('$variable is refused, naming $ours', ({ variable, ours }) => {
    const env = {
      DARKTRACE_URL: 'https://dt.example',
      DARKTRACE_PUBLIC_API_TOKEN: 'pub-token-1',
      DARKTRACE_PRIVATE_API_TOKEN: 'priv-token-1',
      [variable]: 'x-value-12',
    };
    expect(problems(() => resolveParams(manifest, { env }, clock))).toEqual([`${variable}: not read: the variables use our parameter names; set ${ours}`]);
  });
});

describe('a "__proto__" key in a JSON config', () => {
  it('stays an unknown key and lends no values', () => {
    const file = JSON.parse(
      '{"url":"https://dt.example","public_api_token":"pub-token-1","private_api_token":"priv-token-1","__proto__":{"max_alerts":7}}',
    ) as Record<string, unknown>;
    const lines = problems(() => resolveParams(manifest, { file }, clock));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^__proto__ \(config file\): not a parameter of this integration/);
  });
});
