// Model-name globs for the fetch's triage filters (model_include, model_exclude). Darktrace model
// names are `::` paths, "Compromise::Beaconing Activity To External Rare" or
// "Compliance::Messaging::Facebook Messenger" (reference/darktrace-api.md §5), and analysts write
// them the way Darktrace's own model lists show them. The semantics, also in the README:
// - a pattern matches the whole name, compared case-insensitively (an analyst typing
//   "compromise::*" means the same models as "Compromise::*");
// - `*` matches any run of characters, `::` included, so "Compromise::*" covers every model under
//   Compromise, however deep; `?` matches exactly one character;
// - spaces around `::` are ignored on both sides ("Compromise :: Watched Domain");
// - there is no other syntax: `[`, `]`, `{`, `}` and `\` belong to other glob dialects (character
//   classes, alternatives, escapes) and are refused rather than matched literally, as are empty
//   path segments ("Compromise::", "::Beacon") and control characters.

/** Longest pattern accepted; Darktrace model names are well under it. */
const MAX_PATTERN_LENGTH = 300;

/** A compiled pattern. */
export interface ModelGlob {
  /** The pattern as written (trimmed), for messages. */
  readonly pattern: string;
  /** True when the whole model name matches. */
  matches(name: string): boolean;
}

/** Spaces around `::` do not count, on the pattern's side and on the name's. */
function normalisePath(text: string): string {
  return text.trim().replace(/\s*::\s*/g, '::');
}

/**
 * The glob `pattern` compiled, or why it is not one (a phrase: "has an empty path segment"). The
 * accepted form is in this file's header; MODEL_GLOB_FORM says it in one line.
 */
export function compileModelGlob(pattern: string): ModelGlob | { readonly error: string } {
  const text = normalisePath(pattern);
  if (text === '') return { error: 'is empty' };
  if (text.length > MAX_PATTERN_LENGTH) return { error: `is longer than ${MAX_PATTERN_LENGTH} characters` };
  if (/[\u0000-\u001f\u007f]/.test(text)) return { error: 'contains a control character' };
  const unsupported = /[[\]{}\\]/.exec(text);
  if (unsupported) return { error: `uses ${JSON.stringify(unsupported[0])}, which these globs do not support (only * and ? are special)` };
  if (text.split('::').some((segment) => segment === '')) return { error: 'has an empty path segment (nothing before or after a "::")' };
  const source = [...text].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))).join('');
  const re = new RegExp(`^${source}$`, 'isu');
  return { pattern: text, matches: (name) => re.test(normalisePath(name)) };
}

/** The accepted form of one pattern, for configuration messages. */
export const MODEL_GLOB_FORM = 'a model name or a glob of one such as Compromise::* (* any characters, ? one character, case-insensitive)';
