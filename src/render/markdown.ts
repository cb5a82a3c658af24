// The only place markdown is built. War rooms render it as tables, so this module decides how a
// value looks in a cell: lists as "a, b, c", nested objects as "key: value" pairs, epoch-ms time
// fields as ISO-8601 UTC, "|" and newlines escaped so that no appliance text can break a table,
// and control characters (terminal escapes, bidi overrides) shown as visible `\u001b` escapes so
// that no appliance text can act on the analyst's terminal (src/safe-text.ts).
import { isPlainObject } from '../appliance-values.js';
import { escapeControlChars } from '../safe-text.js';

export type Row = Readonly<Record<string, unknown>>;
export type CellFormatter = (value: unknown, row: Row) => string;

export interface TableOptions {
  /** Column order; by default the keys in the order first seen across rows. */
  readonly headers?: readonly string[];
  /** Rows beyond this are left out and counted in a note (the context keeps them all). */
  readonly maxRows?: number;
  /** Per-column formatting for values that need more than the generic rules. */
  readonly formatters?: Readonly<Record<string, CellFormatter>>;
  /** Shown under the title instead of a table when there are no rows. */
  readonly emptyText?: string;
}

const NO_ENTRIES = '**No entries.**';
const MAX_LIST_ITEMS_IN_CELL = 8;
// Epoch milliseconds between 1973 and 5138: plausible times, not counts or ids.
const MIN_EPOCH_MS = 1e11;
const MAX_EPOCH_MS = 1e14;
const TIME_KEY = /(^time$|time(ms)?$|Time$|^timems$|seen$|Seen$|^created|At$|^expiry$)/i;

export function renderTable(title: string, rows: readonly Row[] | Row, options: TableOptions = {}): string {
  const list = Array.isArray(rows) ? (rows as readonly Row[]) : [rows as Row];
  const heading = renderHeading(title);
  if (list.length === 0) return `${heading}\n${options.emptyText ?? NO_ENTRIES}\n`;
  const headers = options.headers ?? headersOf(list);
  const shown = options.maxRows !== undefined ? list.slice(0, options.maxRows) : list;
  const lines = [
    heading,
    `| ${headers.map(escapeCell).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    // A custom formatter may skip escapeCell; control characters are neutralised on every cell anyway.
    ...shown.map((row) => `| ${headers.map((h) => escapeControlChars(cell(row, h, options.formatters))).join(' | ')} |`),
  ];
  const hidden = list.length - shown.length;
  if (hidden > 0) lines.push('', `*${hidden} more row${hidden === 1 ? '' : 's'} not shown (${list.length} in all; the context has every one).*`);
  return `${lines.join('\n')}\n`;
}

/** A two-column table of one record's fields, for single objects (status, a breach, a model). */
export function renderKeyValue(title: string, record: Row, options: Pick<TableOptions, 'headers' | 'formatters' | 'emptyText'> = {}): string {
  const keys = options.headers ?? Object.keys(record);
  const rows = keys.filter((k) => record[k] !== undefined).map((k) => ({ Field: k, Value: cell(record, k, options.formatters) }));
  if (rows.length === 0) return `${renderHeading(title)}\n${options.emptyText ?? NO_ENTRIES}\n`;
  // The values are already formatted and escaped; pass them through untouched.
  const raw: CellFormatter = (v) => String(v);
  return renderTable(title, rows, { headers: ['Field', 'Value'], formatters: { Value: raw } });
}

/** A heading; level 3 is what war rooms show for an answer's sections. */
export function renderHeading(title: string, level = 3): string {
  return `${'#'.repeat(level)} ${escapeControlChars(title.replace(/\r?\n/g, ' '))}`;
}

/** Literal text (a command line, an example) as a fenced block. */
export function renderCodeBlock(text: string): string {
  return `\`\`\`\n${escapeControlChars(text)}\n\`\`\`\n`;
}

/** A line of prose under its own heading, e.g. an explicit "No similar devices found" answer. */
export function renderNote(title: string, text: string): string {
  return `${renderHeading(title)}\n${escapeText(text)}\n`;
}

/** Several rendered parts of one answer, separated by a blank line. */
export function joinSections(...sections: ReadonlyArray<string | undefined>): string {
  return sections
    .filter((s): s is string => s !== undefined && s !== '')
    .map((s) => s.trimEnd())
    .join('\n\n')
    .concat('\n');
}

/** Moves every heading down `levels` levels, to nest one answer inside a larger document. */
export function demoteHeadings(markdown: string, levels: number): string {
  return markdown.replace(/^(#{1,6}) /gm, (_m, hashes: string) => `${'#'.repeat(Math.min(6, hashes.length + levels))} `);
}

function headersOf(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function cell(row: Row, key: string, formatters?: Readonly<Record<string, CellFormatter>>): string {
  const formatter = formatters?.[key];
  return formatter ? formatter(row[key], row) : escapeCell(formatValue(row[key], key));
}

/** How any value reads in one table cell, before escaping. */
export function formatValue(value: unknown, key = ''): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return isEpochMsField(key, value) ? new Date(value).toISOString() : String(value);
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return formatList(value, key);
  if (typeof value === 'object') return formatObject(value as Row);
  return String(value);
}

function formatList(values: readonly unknown[], key = ''): string {
  const shown = values.slice(0, MAX_LIST_ITEMS_IN_CELL).map((v) => (isPlainObject(v) ? `(${formatObject(v)})` : formatValue(v, key)));
  const hidden = values.length - shown.length;
  return hidden > 0 ? `${shown.join(', ')} … (+${hidden} more)` : shown.join(', ');
}

function formatObject(record: Row): string {
  return Object.entries(record)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}: ${isPlainObject(v) ? `{${formatObject(v)}}` : formatValue(v, k)}`)
    .join('; ');
}

function isEpochMsField(key: string, value: number): boolean {
  return TIME_KEY.test(key) && Number.isInteger(value) && value >= MIN_EPOCH_MS && value < MAX_EPOCH_MS;
}

/** Cell text: control characters made visible first (their `\u001b` backslash is then escaped like any other), `\`, `|` and newlines escaped. */
export function escapeCell(text: string): string {
  return escapeControlChars(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function escapeText(text: string): string {
  return escapeControlChars(text.replace(/\r?\n/g, ' '));
}

const SPARK = '▁▂▃▄▅▆▇█';

/** A one-line text sparkline of counts, scaled from the minimum to the maximum. */
export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  return values.map((v) => SPARK[Math.round(((v - min) / span) * (SPARK.length - 1))]).join('');
}

/** A cell formatter from a function giving plain text; the text is escaped for the cell. */
export function textCell(format: (value: unknown, row: Row) => string): CellFormatter {
  return (value, row) => escapeCell(format(value, row));
}

/** Epoch ms as `YYYY-MM-DD HH:MM` UTC: short enough for a cell beside other values. */
export function formatMinute(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ');
}

/** A value with its time in brackets, e.g. `172.31.32.146 (2020-09-14 06:00)`; no time, no brackets. */
export function formatWithTime(text: string, epochMs: number | undefined): string {
  return epochMs === undefined || !Number.isFinite(epochMs) ? text : `${text} (${formatMinute(epochMs)})`;
}

/** Items joined with ", ", at most `max` of them, then how many were left out. */
export function formatTruncated(items: readonly string[], max: number): string {
  const hidden = items.length - max;
  return hidden > 0 ? `${items.slice(0, max).join(', ')} … (+${hidden} more)` : items.join(', ');
}
