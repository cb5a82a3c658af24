// Everything that reads "now" takes a Clock, so that signing, skew checks, relative first_fetch,
// query windows and the simulator can be driven by tests without fake timers (which would also
// stop undici's socket timeouts). This is the only file that may call Date.now().

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface ManualClock extends Clock {
  set(epochMs: number): void;
  advance(ms: number): void;
}

/** A clock that stands still until told to move. Accepts an ISO-8601 string or epoch ms. */
export function fixedClock(start: string | number): ManualClock {
  let current = typeof start === 'number' ? start : Date.parse(start);
  if (!Number.isFinite(current)) throw new RangeError(`fixedClock: not a date: ${String(start)}`);
  return {
    now: () => current,
    set: (epochMs) => {
      current = epochMs;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

/** Epoch ms -> ISO-8601 UTC with milliseconds, the one format strings leave the code in. */
export function toIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
