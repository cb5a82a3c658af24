// Object helpers for shaping appliance records into context, shared by the commands and render/:
// context takes named fields only and leaves absent keys absent (never "N/A" in context).

/** Drops undefined members, so that absent API keys stay absent in context. */
export function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The listed keys of an appliance record that are present, in the order listed. Context takes named
 * fields only: a key a newer appliance adds would otherwise be an undeclared context path.
 */
export function pickDefined(record: Readonly<Record<string, unknown>>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => record[k] !== undefined && record[k] !== null).map((k) => [k, record[k]]));
}
