/**
 * AccessDenied error text -> Denial. The grammar (AWS docs, "Troubleshoot access denied error messages"):
 *
 *   User: PRINCIPAL is not authorized to perform: ACTION [on resource: RESOURCE]
 *     [because no POLICYTYPE allows the ACTION action
 *      | with an explicit deny [in POLICYTYPE[: POLICY_ARN [(NAME)]]] [transitively through POLICYTYPE]]
 *
 * wrapped in CLI output (`An error occurred (CODE) when calling the OP operation: ...`), an exception-name
 * prefix (`AccessDeniedException: ...`), or EC2's `UnauthorizedOperation` text with an encoded
 * authorization failure message. Parsing is one left-to-right scan over words: no RegExp with nested
 * quantifiers touches user text, so any input is read in linear time.
 */
import type { Denial, DenialResult, DenialSource, NamedPolicyType } from './denial.js';
import { setOwn } from '../own.js';

/** What the message text itself says (no wrapper facts). */
export interface MessageFields {
  principal?: string;
  action?: string;
  resource?: string;
  policyType?: NamedPolicyType;
  explicit?: boolean;
  policyArn?: string;
  policyName?: string;
  transitiveThrough?: NamedPolicyType;
  encodedAuthorizationMessage?: string;
}

const EXPECTED = 'expected `User: ARN is not authorized to perform: ACTION ...`';

const NOT_AUTHORIZED = 'not authorized to perform';
const ENCODED = 'encoded authorization failure message:';

/** Policy type phrases as AWS prints them (lowercase, without the article), longest first where one prefixes another. */
const POLICY_PHRASES: readonly (readonly [string, NamedPolicyType])[] = [
  ['identity-based policy', 'identity'],
  ['identity based policy', 'identity'],
  ['identity policy', 'identity'],
  ['resource-based policy', 'resource'],
  ['resource based policy', 'resource'],
  ['permissions boundary policy', 'permissions-boundary'],
  ['permissions boundary', 'permissions-boundary'],
  ['permission boundary', 'permissions-boundary'],
  ['sessions policy', 'session'],
  ['session policy', 'session'],
  ['vpc endpoint policy', 'vpc-endpoint'],
  ['vpc-endpoint policy', 'vpc-endpoint'],
  ['endpoint policy', 'vpc-endpoint'],
  ['service control policy', 'scp'],
  ['resource control policy', 'rcp'],
  ['role trust policy', 'role-trust'],
  ['trust policy', 'role-trust'],
  ['scp', 'scp'],
  ['rcp', 'rcp'],
];

/** Lowercase ASCII letters only: the result has the same length, so positions carry over. */
function asciiLower(text: string): string {
  // On printable ASCII (and tabs, line breaks) toLowerCase is the same, and native; elsewhere it may
  // change lengths (`İ`).
  return /[^\t-~]/.test(text) ? text.replace(/[A-Z]/g, (c) => c.toLowerCase()) : text.toLowerCase();
}

/** Whitespace (line breaks from pasting included) collapsed to single spaces. */
function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Drop a JavaScript stack trace (`    at fn (file:line)` lines) that follows an error message. */
function dropStackTrace(text: string): string {
  const lines = text.split(/\r?\n/);
  const cut = lines.findIndex((line, i) => i > 0 && /^\s+at \S/.test(line));
  return cut < 0 ? text : lines.slice(0, cut).join('\n');
}

/**
 * Error codes that mean "access denied": AccessDenied, AccessDeniedException, UnauthorizedOperation,
 * Client.UnauthorizedOperation, SNS's AuthorizationError, and the like (namespace prefixes such as
 * `com.amazonaws.connect#` are ignored).
 */
export function isDenialCode(code: string): boolean {
  let c = code.trim();
  const hash = c.lastIndexOf('#');
  if (hash >= 0) c = c.slice(hash + 1);
  const colon = c.indexOf(':');
  if (colon >= 0) c = c.slice(0, colon);
  c = asciiLower(c);
  if (c.startsWith('client.')) c = c.slice(7);
  return (
    c.includes('accessdenied') ||
    c.startsWith('unauthorized') ||
    c === 'authorizationerror' ||
    c === 'authorizationerrorexception' ||
    c === 'notauthorized' ||
    c === 'accessforbidden' ||
    c === 'insufficientpermissionsexception'
  );
}

/** An error code with its namespace (`com.amazonaws.connect#`) and URL suffix (`:http://...`) removed. */
export function plainErrorCode(code: string): string {
  let c = code.trim();
  const hash = c.lastIndexOf('#');
  if (hash >= 0) c = c.slice(hash + 1);
  const colon = c.indexOf(':');
  return colon >= 0 ? c.slice(0, colon) : c;
}

/** Whether a text says access was denied, by the grammar or in so many words. */
export function saysAccessDenied(text: string): boolean {
  const l = asciiLower(text);
  return (
    l.includes(NOT_AUTHORIZED) ||
    l.includes(ENCODED) ||
    l.includes('access denied') ||
    l.includes('accessdenied') ||
    l.includes('not authorized to access') ||
    l.includes('not authorized to perform this operation')
  );
}

const isSpace = (c: string | undefined): boolean => c === ' ';
const isUpper = (c: string | undefined): boolean => c !== undefined && c >= 'A' && c <= 'Z';

/**
 * A word (up to a space or a double quote) starting at `from`; a final `.` that ends a sentence (end of
 * text, or before a capitalized word) is a full stop, not part of the word.
 */
function wordAt(s: string, from: number): { word: string; end: number } {
  let end = from;
  while (end < s.length && !isSpace(s[end]) && s[end] !== '"') end++;
  let word = s.slice(from, end);
  if (word.length > 1 && word.endsWith('.') && (end >= s.length || isUpper(s[end + 1]))) word = word.slice(0, -1);
  return { word, end };
}

function skipSpaces(s: string, p: number): number {
  while (isSpace(s[p])) p++;
  return p;
}

function skipArticle(l: string, p: number): number {
  for (const article of ['a ', 'an ', 'the ']) if (l.startsWith(article, p)) return p + article.length;
  return p;
}

/** The policy type named at `p` (after an optional article), and where its phrase ends. */
function policyTypeAt(l: string, p: number): { type?: NamedPolicyType; end: number } {
  const start = skipArticle(l, p);
  for (const [phrase, type] of POLICY_PHRASES) {
    if (l.startsWith(phrase, start)) {
      const after = l[start + phrase.length];
      if (after === undefined || !/[a-z0-9-]/.test(after)) return { type, end: start + phrase.length };
    }
  }
  return { end: p };
}

const ACTION_SHAPE = /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+$/;

/**
 * Read the AccessDenied grammar out of a message text (whitespace already collapsed or not): whatever parts
 * are there. Returns an empty object for text without the grammar. Never throws.
 */
export function readDenialMessage(text: string): MessageFields {
  const s = collapseSpace(text);
  const l = asciiLower(s);
  const fields: MessageFields = {};

  const encoded = l.indexOf(ENCODED);
  if (encoded >= 0) {
    // Base64url-like; a pasted terminal may have wrapped it, so spaces inside are dropped.
    const rest = s.slice(encoded + ENCODED.length).replace(/ /g, '');
    let end = 0;
    while (end < rest.length && /[A-Za-z0-9_\-+/=]/.test(rest[end]!)) end++;
    if (end > 0) fields.encodedAuthorizationMessage = rest.slice(0, end);
  }

  // EC2 prints "You are not authorized to perform this operation. User: ... is not authorized to perform: ...":
  // the grammar's occurrence is the one after "is".
  let k = l.indexOf(NOT_AUTHORIZED);
  if (k < 0) return fields;
  for (let next = k; next >= 0; next = l.indexOf(NOT_AUTHORIZED, next + 1)) {
    if ((next >= 4 && l.startsWith(' is ', next - 4)) || (next === 3 && l.startsWith('is '))) {
      k = next;
      break;
    }
  }

  // The principal: "User: X is not authorized", or "X is not authorized" after other text.
  const before = s.slice(0, k).trimEnd();
  if (asciiLower(before).endsWith(' is') || asciiLower(before) === 'is') {
    const head = before.slice(0, before.length - 2).trimEnd();
    const headLower = asciiLower(head);
    const user = headLower.lastIndexOf('user:');
    let principal: string;
    if (user >= 0) principal = head.slice(user + 5).trim();
    else {
      const space = head.lastIndexOf(' ');
      principal = head.slice(space + 1);
    }
    if (principal.length >= 2 && principal.startsWith('"') && principal.endsWith('"')) principal = principal.slice(1, -1);
    if (principal !== '' && asciiLower(principal) !== 'user') fields.principal = principal;
  }

  // The action.
  let p = k + NOT_AUTHORIZED.length;
  if (s[p] === ':') p++;
  p = skipSpaces(s, p);
  const action = wordAt(s, p);
  if (ACTION_SHAPE.test(action.word)) {
    fields.action = action.word;
    p = action.end;
  }

  // The clauses, in any order; words that are none of them are skipped.
  while (p < s.length) {
    p = skipSpaces(s, p);
    if (p >= s.length) break;
    if (l.startsWith('on resource', p) && !/[a-z]/.test(l[p + 11] ?? '')) {
      p += 11;
      if (s[p] === ':') p++;
      p = skipSpaces(s, p);
      if (s[p] === '"') {
        const close = s.indexOf('"', p + 1);
        const end = close < 0 ? s.length : close;
        const resource = s.slice(p + 1, end).trim();
        if (resource !== '') fields.resource = resource;
        p = end + 1;
      } else {
        const w = wordAt(s, p);
        if (w.word !== '') fields.resource = w.word;
        p = w.end;
      }
    } else if (l.startsWith('on this resource', p)) {
      p += 16;
    } else if (l.startsWith('because no ', p)) {
      fields.explicit = false;
      const t = policyTypeAt(l, p + 11);
      if (t.type) fields.policyType = t.type;
      p = t.end > p + 11 ? t.end : p + 11;
    } else if (l.startsWith('with an explicit deny', p)) {
      fields.explicit = true;
      p = skipSpaces(s, p + 21);
      if (l.startsWith('in ', p)) {
        const t = policyTypeAt(l, p + 3);
        if (t.type) {
          fields.policyType = t.type;
          p = t.end;
          if (s[p] === ':') {
            const q = skipSpaces(s, p + 1);
            if (l.startsWith('arn:', q)) {
              const w = wordAt(s, q);
              fields.policyArn = w.word;
              p = skipSpaces(s, w.end);
              if (s[p] === '(') {
                // Policy names are at most 128 characters: look no further (keeps the scan linear).
                const close = s.slice(p + 1, p + 260).indexOf(')') + p + 1;
                if (close > p + 1) {
                  fields.policyName = s.slice(p + 1, close).trim();
                  p = close + 1;
                }
              }
            } else p++;
          }
        }
      }
    } else if (l.startsWith('transitively through ', p)) {
      const t = policyTypeAt(l, p + 21);
      if (t.type) fields.transitiveThrough = t.type;
      p = t.end > p + 21 ? t.end : p + 21;
    } else if (l.startsWith(ENCODED, p)) {
      break; // read above
    } else {
      while (p < s.length && !isSpace(s[p])) p++;
    }
  }
  return fields;
}

/** An identifier followed by `: ` at the start of the text: an exception name such as `AccessDeniedException`. */
function leadingErrorCode(s: string): { code: string; rest: string } | undefined {
  const m = /^([A-Za-z][A-Za-z0-9_.#]{0,200}): /.exec(s);
  if (!m) return undefined;
  const code = m[1]!;
  const lower = asciiLower(code);
  if (lower === 'user' || lower === 'arn' || lower === 'message' || lower === 'errormessage') return undefined;
  if (!/(exception|error|fault|denied|unauthorized|operation|forbidden)$/.test(lower) && !isDenialCode(code)) return undefined;
  return { code, rest: s.slice(m[0].length) };
}

interface Unwrapped {
  readonly source: DenialSource;
  readonly body: string;
  readonly errorCode?: string;
  readonly operation?: string;
}

/** `An error occurred (CODE) when calling the OP operation[ (reached max retries: N)]: BODY` (AWS CLI). */
function unwrapCli(s: string): Unwrapped | undefined {
  const l = asciiLower(s);
  const marker = 'an error occurred (';
  const i = l.indexOf(marker);
  if (i < 0) return undefined;
  const codeStart = i + marker.length;
  const close = s.indexOf(')', codeStart);
  if (close < 0) return undefined;
  const errorCode = s.slice(codeStart, close).trim();
  let p = close + 1;
  let operation: string | undefined;
  const calling = ' when calling the ';
  if (l.startsWith(calling, p)) {
    const opStart = p + calling.length;
    const opEnd = l.indexOf(' operation', opStart);
    if (opEnd > opStart) {
      operation = s.slice(opStart, opEnd);
      p = opEnd + ' operation'.length;
    }
  }
  if (l.startsWith(' (reached max retries', p)) {
    const end = s.indexOf(')', p);
    if (end > 0) p = end + 1;
  }
  if (s[p] === ':') p++;
  return { source: 'cli-output', body: s.slice(p).trim(), ...(errorCode !== '' && { errorCode }), ...(operation && { operation }) };
}

function unwrap(s: string): Unwrapped {
  const cli = unwrapCli(s);
  if (cli) return cli;
  let body = s;
  let errorCode: string | undefined;
  // `Error: AccessDeniedException: User: ...`: take the most specific name.
  for (let i = 0; i < 3; i++) {
    const lead = leadingErrorCode(body);
    if (!lead) break;
    if (asciiLower(lead.code) !== 'error') errorCode = lead.code;
    body = lead.rest.trim();
  }
  return { source: 'message', body, ...(errorCode && { errorCode }) };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A Denial from a message body and what its wrapper said; fields the text does not give are left out. */
export function denialFromText(source: DenialSource, message: string, extra: Partial<Denial> = {}): Denial {
  const denial: Mutable<Denial> = { source, message };
  for (const [key, value] of Object.entries({ ...extra, ...readDenialMessage(message) })) {
    if (value !== undefined) setOwn(denial as Record<string, unknown>, key, value);
  }
  return denial;
}

/**
 * Parse an AccessDenied error as a person pastes it: the bare message, CLI output, an SDK or Lambda log
 * line (`AccessDeniedException: User: ...`, stack trace allowed), or EC2's UnauthorizedOperation text.
 */
export function parseAccessDeniedText(text: string): DenialResult {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, message: `the message is empty: ${EXPECTED}` };
  const s = collapseSpace(dropStackTrace(text.replace(/^\uFEFF/, '')));
  const { source, body, errorCode, operation } = unwrap(s);
  const denied = saysAccessDenied(body);
  if (errorCode !== undefined && !isDenialCode(errorCode) && !asciiLower(body).includes(NOT_AUTHORIZED)) {
    return { ok: false, message: `this is a \`${plainErrorCode(errorCode)}\` error, not an AccessDenied: ${EXPECTED}` };
  }
  if (!denied && !(errorCode !== undefined && isDenialCode(errorCode))) {
    return { ok: false, message: `this is not an AWS AccessDenied message: ${EXPECTED}` };
  }
  const extra: Partial<Denial> = { ...(errorCode !== undefined && { errorCode }), ...(operation !== undefined && { operation }) };
  return { ok: true, denial: denialFromText(source, body === '' ? s : body, extra) };
}
