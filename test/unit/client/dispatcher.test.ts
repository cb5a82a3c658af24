// A malformed proxy variable is a configuration error naming the variable, never an internal
// error, and its value (which may carry credentials) is not echoed (issue #12 point 9).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkConnectionSettings, createDispatcher } from '../../../src/client/dispatcher.js';
import { ConfigError } from '../../../src/errors.js';

afterEach(() => vi.unstubAllEnvs());

const SETTINGS = { insecure: false, useSystemProxy: true, timeoutMs: 1000 };
const TOKENS = { publicToken: 'pub', privateToken: 'priv' };

describe('proxy variables', () => {
  it.each([
    { name: 'unparsable HTTPS_PROXY', vars: { HTTPS_PROXY: 'http://user:s3cret@[proxy' }, bad: 'HTTPS_PROXY' },
    { name: 'HTTP_PROXY without a scheme', vars: { HTTP_PROXY: 'proxy.example:3128' }, bad: 'HTTP_PROXY' },
    { name: 'lowercase wins and is named', vars: { https_proxy: 'socks5://proxy.example:1080', HTTPS_PROXY: 'http://ok.example:3128' }, bad: 'https_proxy' },
  ])('$name', ({ vars, bad }) => {
    for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) vi.stubEnv(name, '');
    for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
    const err = (() => {
      try {
        return checkConnectionSettings({ ...SETTINGS, ...TOKENS });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([expect.objectContaining({ parameter: bad, source: 'environment' })]);
    expect((err as Error).message).not.toContain('s3cret');
  });

  it('a well-formed proxy URL builds the dispatcher; without system proxy the variables are not read', async () => {
    vi.stubEnv('HTTPS_PROXY', 'http://user:pass@proxy.example:3128');
    checkConnectionSettings({ ...SETTINGS, ...TOKENS });
    await (await createDispatcher(SETTINGS)).close();
    vi.stubEnv('HTTPS_PROXY', 'not a url');
    checkConnectionSettings({ ...SETTINGS, ...TOKENS, useSystemProxy: false });
    await (await createDispatcher({ ...SETTINGS, useSystemProxy: false })).close();
  });
});
