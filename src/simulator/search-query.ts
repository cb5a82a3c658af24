// A small Lucene subset for the simulator's advanced search (darktrace-api.md §4.21): the forms
// the validation feature sends, `@fields.X:(v1 OR v2 OR "quoted v")` terms joined by OR / AND
// (AND binds tighter, juxtaposition is AND), `field:value`, `NOT`, parentheses, `*` wildcards and
// bare words (matched against every field). Anything else is an INPUT ERROR, not a silent match.
import type { SearchHit } from './dataset.js';

export type HitPredicate = (hit: SearchHit) => boolean;

type Token = { kind: 'open' } | { kind: 'close' } | { kind: 'word'; text: string } | { kind: 'quoted'; text: string };

export class SearchSyntaxError extends Error {}

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push(c === '(' ? { kind: 'open' } : { kind: 'close' });
      i++;
    } else if (c === '"') {
      let text = '';
      i++;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        text += input[i];
        i++;
      }
      if (i >= input.length) throw new SearchSyntaxError('unterminated quote');
      i++;
      out.push({ kind: 'quoted', text });
    } else {
      let text = '';
      while (i < input.length && !/[\s()"]/.test(input[i]!)) text += input[i++];
      out.push({ kind: 'word', text });
    }
  }
  return out;
}

function fieldValues(hit: SearchHit, field: string): unknown[] {
  const src = hit._source;
  const fields = src['@fields'];
  let v: unknown;
  if (field.startsWith('@fields.')) v = fields[field.slice('@fields.'.length)];
  else if (field in src) v = src[field];
  else v = fields[field];
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

function valueMatcher(value: string): (v: unknown) => boolean {
  if (value === '*') return () => true;
  if (value.includes('*')) {
    const re = new RegExp(
      `^${value
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      'i',
    );
    return (v) => re.test(String(v));
  }
  const want = value.toLowerCase();
  return (v) => String(v).toLowerCase() === want;
}

function anyField(word: string): HitPredicate {
  const m = valueMatcher(word);
  return (hit) =>
    Object.values(hit._source['@fields']).some((v) => (Array.isArray(v) ? v.some(m) : m(v))) ||
    String(hit._source['@message'] ?? '')
      .toLowerCase()
      .includes(word.toLowerCase());
}

/** Compiles a search string into a predicate; '' or '*' matches everything. */
export function compileSearch(search: string): HitPredicate {
  const tokens = tokenize(search);
  let pos = 0;
  const peekWord = (w: string) => {
    const t = tokens[pos];
    return t?.kind === 'word' && t.text === w;
  };

  const parseValues = (): string[] => {
    const t = tokens[pos++];
    if (!t) throw new SearchSyntaxError('value expected');
    if (t.kind === 'quoted' || t.kind === 'word') return [t.text];
    if (t.kind === 'close') throw new SearchSyntaxError('unexpected )');
    const values: string[] = [];
    for (;;) {
      const v = tokens[pos++];
      if (!v) throw new SearchSyntaxError('missing )');
      if (v.kind === 'close') break;
      if (v.kind === 'open') throw new SearchSyntaxError('nested groups are not supported in values');
      if (v.kind === 'word' && (v.text === 'OR' || v.text === 'AND')) continue;
      values.push(v.text);
    }
    return values;
  };

  const parseUnary = (): HitPredicate => {
    const t = tokens[pos++];
    if (!t) throw new SearchSyntaxError('term expected');
    if (t.kind === 'open') {
      const inner = parseOr();
      if (tokens[pos++]?.kind !== 'close') throw new SearchSyntaxError('missing )');
      return inner;
    }
    if (t.kind === 'close') throw new SearchSyntaxError('unexpected )');
    if (t.kind === 'quoted') return anyField(t.text);
    if (t.text === 'NOT') {
      const inner = parseUnary();
      return (hit) => !inner(hit);
    }
    const colon = t.text.indexOf(':');
    if (colon <= 0) return t.text === '*' ? () => true : anyField(t.text);
    const field = t.text.slice(0, colon);
    const rest = t.text.slice(colon + 1);
    const matchers = (rest === '' ? parseValues() : [rest]).map(valueMatcher);
    return (hit) => fieldValues(hit, field).some((v) => matchers.some((m) => m(v)));
  };

  const parseAnd = (): HitPredicate => {
    const parts = [parseUnary()];
    for (;;) {
      if (peekWord('AND')) pos++;
      else if (!tokens[pos] || tokens[pos]!.kind === 'close' || peekWord('OR')) break;
      parts.push(parseUnary());
    }
    return parts.length === 1 ? parts[0]! : (hit) => parts.every((p) => p(hit));
  };

  const parseOr = (): HitPredicate => {
    const parts = [parseAnd()];
    while (peekWord('OR')) {
      pos++;
      parts.push(parseAnd());
    }
    return parts.length === 1 ? parts[0]! : (hit) => parts.some((p) => p(hit));
  };

  if (tokens.length === 0) return () => true;
  const predicate = parseOr();
  if (pos < tokens.length) throw new SearchSyntaxError('unexpected )');
  return predicate;
}
