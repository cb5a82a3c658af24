// At most `limit` of the tasks run at once; a slot is handed to the next item as soon as one
// finishes, so a slow item holds one slot, not a whole batch.

/** Runs fn over items, at most `limit` at a time, in item order. fn must not reject (catch inside). */
export async function forEachBounded<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
