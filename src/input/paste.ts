/**
 * Pasted text -> the text AWS wrote: Terraform's box-drawing frame removed, escapes from JSON log lines and
 * Python reprs undone (`\"`, a literal `\n`), and hard wraps that a terminal or a CI log put inside an ARN or
 * an action name rejoined. Every rejoin is reported: it is the reader's guess, not what AWS printed.
 */
import { matchTemplate } from '../catalog/arn-templates.js';
import { findAction, resourceTypesOf } from '../catalog/index.js';
import { parseArn } from '../policy/arn.js';

/** Terraform frames diagnostics with `╷`, `│ ` and `╵` at the start of each line. */
function dropBoxFrame(text: string): string {
  if (!/^[ \t]*[│╷╵]/m.test(text)) return text;
  return text
    .split(/\r?\n/)
    .filter((line) => !/^[ \t]*[╷╵][ \t]*$/.test(line))
    .map((line) => line.replace(/^[ \t]*│ ?/, ''))
    .join('\n');
}

/**
 * Escapes of a JSON string or a repr, when the text carries them: `\"` -> `"`, literal `\n` `\t` `\r` ->
 * a space (an escaped line break is never a terminal wrap), `\\` -> `\`.
 */
function unescape(text: string): string {
  if (!/\\["nrt'\\]/.test(text)) return text;
  return text.replace(/\\(["nrt'\\])/g, (_, c: string) => (c === 'n' || c === 'r' || c === 't' ? ' ' : c));
}

/** Characters that end an ARN in running text (never part of one as AWS prints it). */
const ARN_STOP = /[\s"'`<>]/;

/**
 * An ARN (or any word) cut from running text: surrounding quotes dropped, and what loggers and sentences
 * put right after it: an unbalanced `)`, a full stop, a comma or semicolon.
 */
export function cleanToken(word: string): string {
  let w = word;
  for (let i = 0; i < 4; i++) {
    const before = w;
    w = w.replace(/^["'`(]+/, '').replace(/["'`]+$/, '');
    if (w.endsWith(')') && !w.includes('(')) w = w.slice(0, -1);
    if (w.length > 1 && /[.,;]$/.test(w)) w = w.slice(0, -1);
    if (w === before) break;
  }
  return w;
}

/** A run of ARN characters at the start of `text`. */
function arnRunAt(text: string, from: number): string {
  let end = from;
  while (end < text.length && !ARN_STOP.test(text[end]!)) end++;
  return text.slice(from, end);
}

/**
 * 3: fits a resource type of its service, each part in its own segment; 2: fits one only with the last
 * placeholder taking the rest (`instance/ID/contact-fl` as an instance ID); 1: a well-formed ARN; 0: neither.
 */
function arnScore(token: string): number {
  const arn = parseArn(token);
  if (!arn) return 0;
  if (arn.account !== '' && arn.account !== 'aws' && !/^\d{12}$/.test(arn.account)) return 0;
  let score = 1;
  for (const t of resourceTypesOf(arn.service)) {
    const values = matchTemplate(t.arn, token);
    if (values === undefined) continue;
    if (Object.values(values).every((v) => !v.includes('/'))) return 3;
    score = 2;
  }
  return score;
}

/** Words that start the next part of the grammar: a line break before one of them is not a wrap. */
const CLAUSE_WORDS = new Set(['because', 'with', 'on', 'is', 'transitively', 'encoded', 'go', 'or', 'and', 'for', 'status', 'user:', 'api:']);

const isKnownAction = (token: string): boolean => {
  const m = /^([A-Za-z0-9-]+):([A-Za-z0-9]+)$/.exec(token);
  return m !== null && findAction(m[1]!.toLowerCase(), m[2]!) !== undefined;
};

/**
 * Whether the break between `token` (the end of a line of `lineLength` characters) and `next` (the start of
 * the following line, followed by `after`) falls inside an ARN or an action name.
 */
function isWrap(token: string, next: string, after: string, lineLength: number): boolean {
  const t = cleanToken(token);
  if (next === '' || CLAUSE_WORDS.has(next.toLowerCase())) return false;
  if (/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/.test(t)) {
    // An action: the catalog tells (`iam:PutRolePo` + `licy`).
    const rest = /^[A-Za-z0-9]+/.exec(next)?.[0] ?? '';
    return rest !== '' && !isKnownAction(t) && isKnownAction(t + rest);
  }
  if (!t.startsWith('arn:')) return false;
  const joined = cleanToken(token + next);
  const before = arnScore(t);
  const afterJoin = arnScore(joined);
  if (afterJoin > before) return true;
  if (afterJoin < before || lineLength < 50) return false;
  // Both read as ARNs: a wrap when the line breaks after a separator, or when the grammar resumes right after.
  return /[-/:._]$/.test(t) || CLAUSE_WORDS.has(after.toLowerCase());
}

export interface Pasted {
  /** The text with frames, escapes and wraps undone (line breaks otherwise kept). */
  readonly text: string;
  /** The ARNs and action names rebuilt from a hard wrap, as rejoined. */
  readonly rejoined: readonly string[];
}

/** ARNs are at most 2048 characters (IAM limits); a longer run is no ARN to rejoin. */
const MAX_TOKEN = 2048;
/** Rejoins per text: a real paste has a few; the bound keeps hostile input linear. */
const MAX_REJOINS = 32;

/** Undo what terminals, CI logs, Terraform and log serialisers did to an AccessDenied text. */
export function normalizePaste(input: string): Pasted {
  const lines = unescape(dropBoxFrame(input)).split(/\r?\n/);
  const rejoined: string[] = [];
  const out: string[] = [lines[0] ?? ''];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const previous = out[out.length - 1]!;
    const tail = previous.slice(-(MAX_TOKEN + 1));
    const token = tail.slice(Math.max(tail.lastIndexOf(' '), tail.lastIndexOf('\t')) + 1);
    const next = rejoined.length < MAX_REJOINS && /^\S/.test(line) ? arnRunAt(line.slice(0, MAX_TOKEN + 1), 0) : '';
    const after = line.slice(next.length, next.length + 40).trimStart().split(/\s/, 1)[0] ?? '';
    if (token !== '' && next !== '' && token.length + next.length <= MAX_TOKEN && isWrap(token, next, after, previous.length)) {
      out[out.length - 1] = previous + line;
      rejoined.push(cleanToken(token + next));
    } else out.push(line);
  }
  return { text: out.join('\n'), rejoined };
}
