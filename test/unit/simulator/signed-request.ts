// A deliberately tiny Darktrace signer for the simulator's tests, written here and not imported
// from src/client/: the simulator must be checked against an independent reading of
// darktrace-api.md §1.4, so that a client signing bug cannot pass unseen.
import { createHmac } from 'node:crypto';
import { Agent, request } from 'undici';
import type { RunningSimulator } from '../../../src/simulator/server.js';
import { SIMULATOR_TOKENS } from '../../../src/simulator/server.js';

const insecureAgent = new Agent({ connect: { rejectUnauthorized: false } });

/** YYYYMMDDTHHMMSS, the recommended DTAPI-Date form. */
function dtDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '');
}

export interface CallOptions {
  pairs?: Array<[string, string]>;
  json?: unknown;
  form?: Array<[string, string]>;
  token?: { publicToken: string; privateToken: string };
  /** Epoch ms of the request date (the client's clock). */
  atMs: number;
  /** Overrides the signed string (to test tampering). */
  signed?: string;
  /** Overrides the signature header. */
  signature?: string;
  omitHeaders?: boolean;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => unknown;
}

export async function call(sim: RunningSimulator, method: 'GET' | 'POST' | 'DELETE', path: string, o: CallOptions): Promise<Answer> {
  const token = o.token ?? SIMULATOR_TOKENS;
  const pairs = o.pairs ?? [];
  const wireQuery = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const signedQuery = pairs.map(([k, v]) => `${k}=${v}`).join('&');
  let body: string | undefined;
  let contentType: string | undefined;
  if (o.json !== undefined) {
    body = JSON.stringify(o.json);
    contentType = 'application/json';
  } else if (o.form) {
    body = new URLSearchParams(o.form).toString();
    contentType = 'application/x-www-form-urlencoded';
  }
  const signed = o.signed ?? [path + (signedQuery ? `?${signedQuery}` : ''), body].filter(Boolean).join(signedQuery ? '&' : '?');
  const date = dtDate(o.atMs);
  const signature = o.signature ?? createHmac('sha1', token.privateToken).update(`${signed}\n${token.publicToken}\n${date}`).digest('hex');
  const headers: Record<string, string> = o.omitHeaders ? {} : { 'DTAPI-Token': token.publicToken, 'DTAPI-Date': date, 'DTAPI-Signature': signature };
  if (contentType) headers['Content-Type'] = contentType;
  const res = await request(`${sim.url}${path}${wireQuery ? `?${wireQuery}` : ''}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    ...(sim.url.startsWith('https') ? { dispatcher: insecureAgent } : {}),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: () => JSON.parse(text) as unknown };
}
