// %IPS% and %HOSTNAMES% in the validation queries of seed 001 (darktrace-api.md §4.21). A value
// reaches the appliance's Lucene-like query language only as a quoted phrase, so that nothing in it
// (OR, *, ?, :, parentheses) can act as syntax, and only after it has been checked to be an IP
// literal or a host name: quoting guards the syntax, the check guards against a value that would
// have to be escaped at all. Both are applied so that a gap in one is covered by the other.
import { ArgumentError } from '../errors.js';
import { isHostname, isIpAddress } from '../net-values.js';
import type { NamedQuery } from './settings.js';

/**
 * Seed 001's two queries, the IP one extended: logs name the source IP `src_ip` or `source_ip`
 * depending on the log type (stix-shifter's Darktrace field map lists `source_ip`/`dest_ip`, and
 * recorded http and x509 hits carry `source_ip`; reference/darktrace-api.md §4.21, §5.1). Asking
 * for `src_ip` alone missed the events of a host that only starts the traffic, and the job then
 * reported a working control as failed. The seed's text stays the query's prefix.
 */
export const DEFAULT_QUERIES: readonly NamedQuery[] = [
  { name: 'IP Query', query: '@fields.src_ip:(%IPS%) OR @fields.dest_ip:(%IPS%) OR @fields.source_ip:(%IPS%)' },
  { name: 'Hostname Query', query: '@fields.host:(%HOSTNAMES%)' },
];

export interface MacroValues {
  readonly ips: readonly string[];
  readonly hostnames: readonly string[];
}

// Plain IPv4/IPv6 only: node's isIP also accepts a zone id (fe80::1%eth0), whose text is free.
const IP_CHARS = /^[0-9A-Fa-f:.]+$/;

/**
 * Checks every value and returns them trimmed; throws ArgumentError naming `ips` or `hostnames`
 * and the first value that is not an IP literal / host name. `context` names who asked (a command
 * or the CLI job), so that this module never needs to know command names.
 */
export function checkMacroValues(values: MacroValues, context = 'the validation job'): MacroValues {
  const check = (argument: string, list: readonly string[], ok: (v: string) => boolean, form: string) =>
    list.map((raw) => {
      const v = raw.trim();
      if (!ok(v)) throw new ArgumentError(argument, context, `every entry must be ${form}`, raw);
      return v;
    });
  return {
    ips: check('ips', values.ips, (v) => IP_CHARS.test(v) && isIpAddress(v), 'an IPv4 or IPv6 address'),
    hostnames: check('hostnames', values.hostnames, isHostname, 'a host name such as host.example.com'),
  };
}

/** One value as a Lucene phrase: quoted, with `\` and `"` escaped (never present after the check). */
function quoteTerm(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** `"a" OR "b"`: the OR-list a macro expands to. */
export function orList(values: readonly string[]): string {
  return values.map(quoteTerm).join(' OR ');
}

/**
 * Expands %IPS% and %HOSTNAMES% in `template`. Returns undefined when the template uses a macro
 * whose list is empty: `@fields.host:()` is a syntax error, and a query about no host would match
 * nothing, so it is skipped rather than sent. The values must have passed checkMacroValues.
 */
export function expandQuery(template: string, values: MacroValues): string | undefined {
  if ((template.includes('%IPS%') && values.ips.length === 0) || (template.includes('%HOSTNAMES%') && values.hostnames.length === 0)) {
    return undefined;
  }
  return template.replaceAll('%IPS%', orList(values.ips)).replaceAll('%HOSTNAMES%', orList(values.hostnames));
}

/**
 * The named queries an action runs, expanded: an explicit query replaces the configured set;
 * otherwise the two defaults of seed 001 and every custom query. Skipped templates are left out.
 */
export function actionQueries(custom: readonly NamedQuery[], values: MacroValues, explicit?: string): NamedQuery[] {
  const templates = explicit !== undefined && explicit.trim() !== '' ? [{ name: 'Query', query: explicit }] : [...DEFAULT_QUERIES, ...custom];
  return templates.flatMap((t) => {
    const query = expandQuery(t.query, values);
    return query === undefined ? [] : [{ name: t.name, query }];
  });
}
