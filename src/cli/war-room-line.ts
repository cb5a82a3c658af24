// Parses a war-room line: `!darktrace-x a=1 b="two words" c='it''s'`. The leading "!" is optional.
// Values may be quoted with " (backslash escapes \" and \\) or ' (taken literally). Errors name the
// argument they are about, because an analyst fixes the argument, not the tokenizer.
import { ArgumentError, UsageError } from '../errors.js';
import { bareCommandName } from '../manifest/command-name.js';

export interface WarRoomLine {
  readonly command: string;
  readonly args: Readonly<Record<string, string>>;
}

/**
 * The longest command line taken: 4 Mi characters, room for several arguments at their 1 MiB limit
 * (src/manifest/args.ts). Checked before tokenizing, which copies the text character by character.
 */
export const MAX_LINE_CHARS = 4 * 1024 * 1024;

export function parseWarRoomLine(line: string): WarRoomLine {
  if (line.length > MAX_LINE_CHARS) {
    throw new UsageError(`the command line is ${line.length} characters; it may be at most ${MAX_LINE_CHARS} (an argument at most 1 MiB)`);
  }
  const tokens = tokenize(line.trim());
  const head = tokens.shift();
  if (!head || head.name !== undefined) throw new UsageError('expected a command such as !darktrace-get-similar-devices did=1');
  const command = bareCommandName(head.value);
  const args: Record<string, string> = {};
  for (const token of tokens) {
    if (token.name === undefined) {
      throw new UsageError(`expected name=value after ${command}, got ${JSON.stringify(token.value)}`);
    }
    if (Object.hasOwn(args, token.name)) throw new ArgumentError(token.name, command, 'is given twice; give it once');
    args[token.name] = token.value;
  }
  return { command, args };
}

interface Token {
  readonly name?: string;
  readonly value: string;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (i >= text.length) break;
    let name: string | undefined;
    let value = '';
    let quotedAny = false;
    while (i < text.length && !/\s/.test(text[i] ?? '')) {
      const ch = text[i] ?? '';
      if (ch === '=' && name === undefined && !quotedAny) {
        name = value;
        value = '';
        i++;
        continue;
      }
      if (ch === '"' || ch === "'") {
        const end = readQuoted(text, i, ch);
        if (end === undefined) {
          const about = name ?? value;
          if (about && /^[A-Za-z][A-Za-z0-9_]*$/.test(about)) throw new ArgumentError(about, 'the command line', `has an unterminated ${ch} quote`);
          throw new UsageError(`unterminated ${ch} quote in: ${text}`);
        }
        value += end.value;
        i = end.next;
        quotedAny = true;
        continue;
      }
      value += ch;
      i++;
    }
    if (name !== undefined && !/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`not an argument name: ${JSON.stringify(name)}`);
    tokens.push(name === undefined ? { value } : { name, value });
  }
  return tokens;
}

function readQuoted(text: string, start: number, quote: string): { value: string; next: number } | undefined {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quote === '"' && ch === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      value += text[i + 1];
      i++;
      continue;
    }
    if (ch === quote) return { value, next: i + 1 };
    value += ch;
  }
  return undefined;
}
