/* eslint-disable no-control-regex -- matching control characters is this module's job */
/**
 * Text from input (CloudTrail fields, messages, policy Sids, file names, AWS error text) is chosen by
 * whoever made the call. Before it reaches a terminal, every character that could move the cursor, clear
 * the screen, retitle the window, hide text or reorder it is written as a visible escape instead.
 */

/**
 * C0 controls (ESC, CR, backspace, BEL...), DEL, C1 controls (U+0080-009F, incl. the 8-bit CSI U+009B),
 * bidirectional embeddings/overrides/isolates and marks, and the line/paragraph separators.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_EXCEPT_LINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `\u001b`: the same spelling JSON uses, so a value stays recognisable and can be copied back. */
function escape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * An input-derived string, made safe to print: every control, bidi and separator character becomes a
 * visible `\uXXXX`. `lines: true` keeps line feeds (for multi-line input such as a policy document).
 * Apply where input is interpolated into human output; data and JSON keep the exact value.
 */
export function visible(text: string, options?: { lines?: boolean }): string {
  const pattern = options?.lines ? UNSAFE_EXCEPT_LINES : UNSAFE;
  pattern.lastIndex = 0;
  return pattern.test(text) ? text.replace(pattern, escape) : text;
}

/** The only escape sequences whydenied itself writes: the SGR colours of render/style.ts. */
const OWN_SGR = /^\u001b\[(?:1|2|22|31|32|33|39)m/;
/** Controls other than TAB and LF (CR only as part of CRLF), bidi and separators: never ours. */
const TERMINAL_UNSAFE = /\r(?!\n)|[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * The last line of defence, applied to everything the CLI writes to stdout and stderr: whatever a
 * renderer forgot to pass through `visible`, escape it, keeping only whydenied's own colour codes. JSON
 * stays the same JSON (`\uXXXX` is a JSON escape, and JSON.stringify already escapes C0 controls);
 * CRLF line ends (CSV) stay.
 */
export function guardTerminal(text: string, options?: { colour?: boolean }): string {
  TERMINAL_UNSAFE.lastIndex = 0;
  if (!TERMINAL_UNSAFE.test(text)) return text;
  TERMINAL_UNSAFE.lastIndex = 0;
  const colour = options?.colour === true;
  return text.replace(TERMINAL_UNSAFE, (c, offset: number) => (colour && c === '\u001b' && OWN_SGR.test(text.slice(offset, offset + 5)) ? c : escape(c)));
}
