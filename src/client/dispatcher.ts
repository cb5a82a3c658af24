// The undici dispatcher of one instance (TLS, system proxy, connect/idle timeouts) and the checks
// of what goes into it, so that a bad token or proxy variable is a configuration error naming its
// source, not a network failure or an internal error (issue #12 point 9).
// undici is imported when the first request needs a dispatcher, not when a client is built: a
// command that stops at its arguments or configuration never loads it (issue #14, fast start).
import type { Dispatcher } from 'undici';
import { ConfigError } from '../errors.js';

export interface DispatcherSettings {
  insecure: boolean;
  /** Honour HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
  useSystemProxy: boolean;
  timeoutMs: number;
  ca?: string | Buffer;
}

/** Characters undici refuses in a header value (its headerCharRegex), plus every other control character. */
const BAD_TOKEN_CHARS = /[\u0000-\u001f\u007f]|[^\u0000-\u00ff]/;

/** A token with a pasted line end would be refused by undici as a header value: say which parameter. */
function checkTokens(s: { publicToken: string; privateToken: string }): void {
  const problems = [
    ['public_api_token', s.publicToken],
    ['private_api_token', s.privateToken],
  ]
    .filter(([, value]) => BAD_TOKEN_CHARS.test(value ?? ''))
    .map(([parameter]) => ({
      parameter: parameter!,
      message: 'contains a line break, a control character or a non-Latin character (pasted with its line end?); set it as shown in Darktrace',
    }));
  if (problems.length) throw new ConfigError(problems);
}

/**
 * EnvHttpProxyAgent throws a bare TypeError on a malformed proxy URL, which would surface as an
 * internal error: check the variables it reads (lowercase wins, as in undici) and name the one at
 * fault. The value is not echoed: a proxy URL can carry credentials.
 */
function checkProxyVariables(env: NodeJS.ProcessEnv = process.env): void {
  const problems = [];
  for (const [lower, upper] of [
    ['http_proxy', 'HTTP_PROXY'],
    ['https_proxy', 'HTTPS_PROXY'],
  ] as const) {
    const name = env[lower] ? lower : env[upper] ? upper : undefined;
    if (name === undefined) continue;
    let protocol: string | undefined;
    try {
      protocol = new URL(env[name]!).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      problems.push({
        parameter: name,
        source: 'environment',
        message: 'expected a proxy URL such as http://proxy.example:3128 (http or https, optionally with user:password@), got a malformed value',
      });
    }
  }
  if (problems.length) throw new ConfigError(problems);
}

/** What would make a request fail later as a configuration problem, checked when a client is built. */
export function checkConnectionSettings(s: Pick<DispatcherSettings, 'useSystemProxy'> & { publicToken: string; privateToken: string }): void {
  checkTokens(s);
  if (s.useSystemProxy) checkProxyVariables();
}

/** The dispatcher for these settings (checkConnectionSettings first: this assumes them checked). */
export async function createDispatcher(s: DispatcherSettings): Promise<Dispatcher> {
  const { Agent, EnvHttpProxyAgent } = await import('undici');
  const tls = { ...(s.insecure ? { rejectUnauthorized: false } : {}), ...(s.ca !== undefined ? { ca: s.ca } : {}) };
  const common = { headersTimeout: s.timeoutMs, bodyTimeout: s.timeoutMs, connectTimeout: Math.min(s.timeoutMs, 10_000) };
  // A ProxyAgent ignores `connect` for the target's TLS; `requestTls` covers the tunnelled
  // connection and `connect` the NO_PROXY direct ones, so both are needed (toolchain.md §4).
  return s.useSystemProxy ? new EnvHttpProxyAgent({ ...common, connect: tls, requestTls: tls }) : new Agent({ ...common, connect: tls });
}
