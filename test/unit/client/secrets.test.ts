// Every error path of the client, driven with canary tokens: neither token nor any signature we
// sent may appear in a thrown message (or its cause chain) or in a log line (STYLE.md "Secrets canary").
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVATE_TOKEN, PUBLIC_TOKEN, mockAppliance, startGuard } from './support.js';

let guard: Awaited<ReturnType<typeof startGuard>>;
beforeAll(async () => {
  guard = await startGuard();
});
afterAll(() => guard.close());

function messages(err: unknown): string[] {
  const out: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    out.push(current.message, String(current.stack));
    current = current.cause;
  }
  return out;
}

const withCode = (code: string): Error => Object.assign(new Error(`simulated ${code}`), { code });

type Fault = { status: number; body: unknown; headers?: Record<string, string> } | { error: Error };

const FAULTS: Array<{ name: string; fault: Fault; code: string }> = [
  { name: 'signature error', fault: { status: 400, body: { error: 'API SIGNATURE ERROR' } }, code: 'DT_AUTH' },
  { name: 'date error', fault: { status: 400, body: { error: 'API DATE ERROR' } }, code: 'DT_CLOCK_SKEW' },
  { name: 'input error echoing the token', fault: { status: 400, body: { error: `INPUT ERROR for ${PUBLIC_TOKEN}` } }, code: 'DT_REJECTED' },
  { name: 'not found echoing the private token', fault: { status: 404, body: { error: `no ${PRIVATE_TOKEN}` } }, code: 'DT_NOT_FOUND' },
  { name: 'redirect to /login', fault: { status: 302, body: 'Found. Redirecting to /login', headers: { location: '/login' } }, code: 'DT_AUTH' },
  { name: 'redirect to /403', fault: { status: 302, body: 'Found. Redirecting to /403', headers: { location: '/403' } }, code: 'DT_PERMISSION' },
  { name: '401', fault: { status: 401, body: '' }, code: 'DT_AUTH' },
  { name: '403', fault: { status: 403, body: '' }, code: 'DT_PERMISSION' },
  { name: '429 too long', fault: { status: 429, body: '', headers: { 'retry-after': '600' } }, code: 'DT_RATE_LIMITED' },
  { name: '500', fault: { status: 500, body: 'boom' }, code: 'DT_SERVER' },
  { name: 'login page', fault: { status: 200, body: '<title>Log In | Darktrace</title>' }, code: 'DT_BAD_RESPONSE' },
  { name: 'malformed JSON', fault: { status: 200, body: '{"a":' }, code: 'DT_BAD_RESPONSE' },
  { name: 'schema mismatch', fault: { status: 200, body: { did: PUBLIC_TOKEN } }, code: 'DT_BAD_RESPONSE' },
  { name: 'ECONNRESET', fault: { error: withCode('ECONNRESET') }, code: 'DT_NETWORK' },
  { name: 'headers timeout', fault: { error: withCode('UND_ERR_HEADERS_TIMEOUT') }, code: 'DT_TIMEOUT' },
  { name: 'self-signed certificate', fault: { error: withCode('DEPTH_ZERO_SELF_SIGNED_CERT') }, code: 'DT_TLS' },
];

describe('secrets never leak from the client', () => {
  it.each(FAULTS)('$name', async ({ fault, code }) => {
    const dt = mockAppliance(guard.origin);
    const pool = dt.agent.get(guard.origin);
    const signatures: string[] = [];
    // Two attempts: retryable faults are answered twice, so every path logs a retry too.
    for (let i = 0; i < 2; i += 1) {
      if ('error' in fault) {
        pool
          .intercept({
            path: () => true,
            method: 'GET',
            // The matcher sees lower-cased header names.
            headers: (h: Record<string, string>) => (signatures.push(h['dtapi-signature'] ?? ''), true),
          })
          .replyWithError(fault.error);
      } else {
        dt.answer('GET', fault.status, fault.body, fault.headers);
      }
    }
    const err = await dt
      .client({ retry: { retries: 1, minTimeoutMs: 0, maxTimeoutMs: 0 } })
      .similarDevices({ did: 1, count: 1 })
      .catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe(code);
    signatures.push(...dt.requests.map((r) => r.headers['DTAPI-Signature'] ?? ''));
    expect(signatures.length).toBeGreaterThan(0);
    expect(signatures.every((s) => /^[0-9a-f]{40}$/.test(s))).toBe(true);
    const texts = [...messages(err), ...dt.log.lines];
    expect(dt.log.lines.length).toBeGreaterThan(0);
    for (const secret of [PUBLIC_TOKEN, PRIVATE_TOKEN, ...signatures]) {
      for (const text of texts) expect(text).not.toContain(secret);
    }
    await dt.agent.close();
  });

  it('a refused connection on a real socket', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const dt = mockAppliance(guard.origin);
    const client = dt.client({ baseUrl: `http://127.0.0.1:${port}`, dispatcher: undefined });
    const err = await client.status().catch((e: unknown) => e);
    await client.close();
    expect((err as { code?: string }).code).toBe('DT_NETWORK');
    for (const text of [...messages(err), ...dt.log.lines]) {
      expect(text).not.toContain(PUBLIC_TOKEN);
      expect(text).not.toContain(PRIVATE_TOKEN);
    }
    await dt.agent.close();
  });
});

describe('appliance text echoing our secrets', () => {
  it('an echoed DTAPI-Signature is redacted, and redaction runs before the text is cut to length', async () => {
    const dt = mockAppliance(guard.origin);
    let signature = '';
    dt.agent
      .get(guard.origin)
      .intercept({ path: () => true, method: 'GET' })
      .reply((opts) => {
        signature = (opts.headers as Record<string, string>)['DTAPI-Signature'] ?? '';
        // "INPUT ERROR " and 180 characters, then the private token across the 200-character cut.
        const text = `${'x'.repeat(180)}${PRIVATE_TOKEN} sig=${signature}`;
        return { statusCode: 400, data: JSON.stringify({ error: `INPUT ERROR ${text}` }) };
      });
    const err = await dt
      .client()
      .similarDevices({ did: 1, count: 1 })
      .catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('DT_REJECTED');
    expect(signature).toMatch(/^[0-9a-f]{40}$/);
    const message = (err as Error).message;
    expect(message).toContain('xxx[redacte');
    // Truncating first would have left "canary-p" (the token's first characters) in the message.
    expect(message).not.toContain(PRIVATE_TOKEN.slice(0, 8));
    for (const text of [...messages(err), ...dt.log.lines]) expect(text).not.toContain(signature);
    await dt.agent.close();
  });
});

describe('values that cannot go into a request are configuration errors', () => {
  it.each([
    { name: 'public token with a line break', overrides: { publicToken: `${PUBLIC_TOKEN}\n` }, parameter: 'public_api_token' },
    { name: 'private token with a carriage return', overrides: { privateToken: `${PRIVATE_TOKEN}\r` }, parameter: 'private_api_token' },
    { name: 'public token with a NUL', overrides: { publicToken: 'a\u0000b' }, parameter: 'public_api_token' },
  ])('$name', async ({ overrides, parameter }) => {
    const dt = mockAppliance(guard.origin);
    let err: unknown;
    try {
      dt.client(overrides);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'DT_CONFIG_INVALID', exitCode: 2 });
    expect((err as Error).message).toContain(`${parameter}: contains a line break`);
    expect((err as Error).message).not.toContain(PUBLIC_TOKEN);
    expect((err as Error).message).not.toContain(PRIVATE_TOKEN);
    expect(dt.requests).toEqual([]);
    await dt.agent.close();
  });
});
