// Reading an appliance answer against a schema: a whole answer (parseResponse), or a list answer
// element by element (parseList), so that one record a command cannot read never fails the others
// (reference/darktrace-api.md §5.1). Failures name the field, never its value.
import { z } from 'zod';
import { BadResponseError } from '../errors.js';

export const UnknownArraySchema = z.array(z.unknown());

/** An element of a list answer that could not be read: where, why (the field, never its value), and as received. */
export interface UnreadableRecord {
  readonly index: number;
  readonly reason: string;
  readonly raw: unknown;
}

/** A list answer read element by element: what could be read, and what could not. */
export interface ReadList<T> {
  readonly items: T[];
  readonly unreadable: UnreadableRecord[];
  /** The answer as received, every element included. */
  readonly received: unknown[];
}

/** The first issue of a failed parse as "field: message", naming the field, never its value. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length ? issue.path.map(String).join('.') : '(root)';
  return `${where}: ${issue?.message ?? 'invalid'}`;
}

/**
 * Validates a list answer element by element (§5.1: one odd record never fails a whole answer).
 * Throws BadResponseError only when the answer is not a list at all.
 */
export function parseList<S extends z.ZodType>(schema: S, value: unknown, ctx: { method: string; path: string }): ReadList<z.infer<S>> {
  const list = parseResponse(UnknownArraySchema, value, ctx);
  const items: Array<z.infer<S>> = [];
  const unreadable: UnreadableRecord[] = [];
  list.forEach((raw, index) => {
    const result = schema.safeParse(raw);
    if (result.success) items.push(result.data);
    else unreadable.push({ index, reason: describeIssue(result.error), raw });
  });
  return { items, unreadable, received: list };
}

/** Validates `value`, or throws BadResponseError naming the first failing field (never its value). */
export function parseResponse<S extends z.ZodType>(schema: S, value: unknown, ctx: { method: string; path: string }): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new BadResponseError(
    `Darktrace answered ${ctx.method} ${ctx.path} with data this integration cannot read: ` + `response validation failed: ${describeIssue(result.error)}`,
    { method: ctx.method, path: ctx.path },
    { cause: result.error },
  );
}
