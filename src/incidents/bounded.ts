// At most `limit` tasks hold a slot at once, across calls: `poll --all` starts a failing appliance's
// retry in the background in one cycle and a healthy appliance's fetch in the next, and both count
// against the same limit. Waiting tasks get a slot in the order they asked for one.

export interface Slots {
  /** Runs fn once a slot is free; the slot is released when fn settles. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Tasks holding a slot now. */
  readonly active: number;
}

export function createSlots(limit: number): Slots {
  const max = Math.max(1, limit);
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    active--;
    const next = waiting.shift();
    if (next) {
      active++;
      next();
    }
  };
  return {
    get active() {
      return active;
    },
    async run<T>(fn: () => Promise<T>): Promise<T> {
      if (active < max) active++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}
