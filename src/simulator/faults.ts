// Fault injection for the simulator: the next N authenticated requests, on any path, fail in a
// chosen way, so that end-to-end tests can drive retries, timeouts and bad-response handling
// over real sockets without sleeps (STYLE.md "Tests").

export type Fault =
  /** Answer this status instead of routing, e.g. 503, 500, or 429 with a retry-after header. */
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** Destroy the socket without answering. */
  | { kind: 'reset' }
  /** Wait, then answer normally (for client timeouts). close() does not wait for it. */
  | { kind: 'delay'; ms: number }
  /**
   * Handle the request now (a write is applied), then hold the answer for `ms`: the appliance
   * stored the comment but its answer is lost to a client timeout (issue #12 point 7).
   */
  | { kind: 'delay-answer'; ms: number }
  /** 200 with a JSON content type and a body that is not JSON. */
  | { kind: 'malformed' }
  /** 200 with the HTML login page an HTTP client sees after following a 302 (darktrace-api.md §2). */
  | { kind: 'html-login' }
  /**
   * Handle the request now (a write is applied), then answer `status` instead of its answer: the
   * 7.1.0 lab gateway's 502 to a DELETE that was applied (darktrace-next.md §B.5).
   */
  | { kind: 'applied-status'; status: number };

/** Which requests a queued fault waits for: any (the default), or only writes (not GET). */
export type FaultTarget = 'any' | 'writes';

export class FaultQueue {
  readonly #queue: Array<{ fault: Fault; target: FaultTarget }> = [];

  /**
   * Applies `fault` to each of the next `count` requests (default 1), after those already queued.
   * With target 'writes', GETs pass by untouched and the fault waits for the next POST or DELETE.
   */
  push(fault: Fault, count = 1, target: FaultTarget = 'any'): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`FaultQueue.push: count must be a positive integer, got ${count}`);
    for (let i = 0; i < count; i++) this.#queue.push({ fault, target });
  }

  clear(): void {
    this.#queue.length = 0;
  }

  get pending(): number {
    return this.#queue.length;
  }

  /** The fault for the request being handled now (its method decides whether a write-only fault applies), if any. */
  take(method = 'GET'): Fault | undefined {
    const i = this.#queue.findIndex((q) => q.target === 'any' || method !== 'GET');
    return i < 0 ? undefined : this.#queue.splice(i, 1)[0]?.fault;
  }
}

export const LOGIN_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Log In | Darktrace</title><meta charset="utf-8"></head>' +
  '<body><form method="post" action="/login"><input name="username"><input name="password" type="password">' +
  '<button type="submit">Log In</button></form></body></html>\n';

/** Cut off mid-object, as a proxy that dropped the connection would leave it. */
export const MALFORMED_JSON = '{"pbid": 30951, "model": {"then": {"name": "Device::Attack and Recon';
