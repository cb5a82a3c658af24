// Text from the appliance shown to a person. Device host names come from DHCP and DNS, which an
// attacker on the monitored network controls, so a name such as "\x1b]0;owned\x07\x1b[2J" would
// retitle and clear the analyst's terminal (issue #12, point 8). Every human output (markdown,
// terminal tables, the war room, error lines, logs) passes through here; JSON output does not,
// because a platform must receive the data exactly as the appliance sent it.
//
// Neutralised, shown as a visible JSON-style escape `\u001b` (ASCII, searchable, unambiguous):
// C0 controls except tab and newline (so ESC, BEL, backspace and a lone CR, which moves the
// cursor back over what was printed), DEL, C1 controls (U+0080-U+009F: U+009B is CSI on terminals
// that honour 8-bit controls), and the bidirectional overrides and isolates U+202A-U+202E,
// U+2066-U+2069 ("Trojan Source", CVE-2021-42574), which reorder what is shown. CRLF stays a line end.

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

/** `\u001b` for ESC: four lower-case hex digits, as JSON writes it. */
function visible(ch: string): string {
  return `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/** Replaces every control character a terminal would act on with its visible escape; other text is unchanged. */
export function escapeControlChars(text: string): string {
  return text.replace(CONTROL, visible);
}

// In a JSON line, C0 controls are already escaped by JSON.stringify; DEL, C1 and the bidi
// characters are not. Escaping them the JSON way keeps the line valid and its data identical.
const JSON_UNESCAPED_CONTROL = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** For a serialised JSON line (a log line): the same characters as \uXXXX escapes, data unchanged. */
export function escapeControlCharsInJson(line: string): string {
  return line.replace(JSON_UNESCAPED_CONTROL, visible);
}
