// The one parser for points in time given by people: `first_fetch`, and every date argument.
// Accepts "N minutes|hours|days|weeks|months [ago]" (relative to the injected clock) and ISO-8601
// dates or date-times (a date alone is midnight UTC; a date-time without an offset is UTC).
// It is a leaf so that both manifest/args.ts and config/params.ts can share it.
import type { Clock } from './clock.js';

export const RELATIVE_TIME_FORM = '"N minutes|hours|days|weeks|months [ago]" or an ISO-8601 date';

const UNIT_MS = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
} as const;

const RELATIVE = /^(\d{1,6})\s*(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)(\s+ago)?$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Returns epoch ms, or undefined when the text is in none of the accepted forms. */
export function parseRelativeTime(text: string, clock: Clock): number | undefined {
  const value = text.trim();
  const relative = RELATIVE.exec(value);
  if (relative) return subtractUnits(clock.now(), Number(relative[1]), (relative[2] ?? '').toLowerCase());
  return parseIsoDateTime(value);
}

function subtractUnits(nowMs: number, amount: number, unit: string): number {
  if (unit.startsWith('mo') || unit.startsWith('y')) {
    // Calendar months and years, so "1 month" from 31 March is 28/29 February's end of day, not 30 days.
    const date = new Date(nowMs);
    const months = unit.startsWith('y') ? amount * 12 : amount;
    const day = date.getUTCDate();
    date.setUTCDate(1);
    date.setUTCMonth(date.getUTCMonth() - months);
    const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    date.setUTCDate(Math.min(day, lastDay));
    return date.getTime();
  }
  const key = unit.startsWith('s') ? 'second' : unit.startsWith('mi') ? 'minute' : unit.startsWith('h') ? 'hour' : unit.startsWith('d') ? 'day' : 'week';
  return nowMs - amount * UNIT_MS[key];
}

/** ISO-8601 date or date-time -> epoch ms; rejects impossible dates such as 2026-02-30. */
export function parseIsoDateTime(value: string): number | undefined {
  const dateOnly = ISO_DATE.exec(value);
  if (dateOnly) return utcIfReal(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3]), 0, 0, 0);
  const m = ISO_DATE_TIME.exec(value);
  if (!m) return undefined;
  const base = utcIfReal(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (base === undefined) return undefined;
  const fractionMs = m[7] ? Math.floor(Number(m[7]) * 1000) : 0;
  return base + fractionMs - offsetMs(m[8]);
}

function offsetMs(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

/** Epoch ms of a UTC calendar date and time, or undefined if any part is out of range. */
export function utcIfReal(year: number, month: number, day: number, hour: number, minute: number, second: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}
