// Readers for values as real appliances send them (reference/darktrace-api.md §5.1). A leaf, so
// every layer, the client's response schemas included, reads them the same way. A number may
// arrive as a numeric string ("1417", "0.592"), any optional field may be null or "", a time may be
// epoch ms or a "YYYY-MM-DD HH:MM:SS" string. Each reader returns the value in our form, or
// undefined when the field is absent or unusable; none of them throws. Code that reads appliance
// data reads it through these, so one odd field degrades one value, never a whole record.

/** A plain JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** A finite number, or a numeric string; undefined for null, "", NaN, Infinity and anything else. */
export function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMERIC.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A safe integer (5 and 5.0 and "5" alike); undefined for fractions and anything unsafe. */
export function readInteger(value: unknown): number | undefined {
  const n = readNumber(value);
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
}

/** A non-empty string; "" and whitespace count as absent, as public clients treat them (§5.1). */
export function readText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The latest instant a Date can hold (ECMA-262 §21.4.1.1). */
const MAX_TIME_MS = 8.64e15;
const APPLIANCE_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?$/;

/**
 * An instant as epoch ms: a number or numeric string of ms (a fraction of a ms is dropped), or the
 * appliance's "YYYY-MM-DD HH:MM:SS" (UTC) or an ISO-8601 string. Undefined when unusable or outside
 * what a Date can hold (`1e300`).
 */
export function readTimeMs(value: unknown): number | undefined {
  const n = readNumber(value);
  if (n !== undefined) return n >= 0 && n <= MAX_TIME_MS ? Math.floor(n) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const plain = APPLIANCE_DATE.exec(text);
  const ms = plain
    ? Date.parse(`${plain[1]}-${plain[2]}-${plain[3]}T${plain[4]}:${plain[5]}:${plain[6]}${plain[7] ?? ''}Z`)
    : /^\d{4}-\d{2}-\d{2}T/.test(text)
      ? Date.parse(text)
      : NaN;
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** `true`/`false`, also as the strings "true"/"false"; undefined otherwise. */
export function readBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}
