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
import { notADenial, type Denial, type DenialResult, type DenialSource, type NamedPolicyType, type OutsideIamSetting } from './denial.js';
import { cleanToken, normalizePaste } from './paste.js';
import { s3ActionOfOperation, wrapperFacts } from './wrappers.js';
import { setOwn } from '../own.js';
import { Memo } from '../policy/memo.js';

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
  /** A resource printed as something other than an ARN (`role NAME`, a Secrets Manager name). */
  resourceName?: string;
  authorizationId?: string;
  authorizationLink?: string;
  setting?: OutsideIamSetting;
}

/** Phrases by which a message says a setting outside IAM policies denied (S3 docs, Organizations declarative policies). */
const SETTING_PHRASES: readonly (readonly [string, OutsideIamSetting])[] = [
  ['declarative policy', 'declarative-policy'],
  ['block public access', 's3-block-public-access'],
  ['blockpublicacls', 's3-block-public-access'],
  ['blockpublicpolicy', 's3-block-public-access'],
  ['public access block', 's3-block-public-access'],
  ['encryption type', 's3-encryption-type'],
];


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
 * The exact error codes of a denial (scan's Athena query lists them), besides any code containing
 * `AccessDenied` or starting with `Unauthorized`.
 */
export const DENIAL_ERROR_CODES: readonly string[] = [
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'Client.UnauthorizedOperation',
  'AuthorizationError',
  'AuthorizationErrorException',
  'NotAuthorized',
  'AccessForbidden',
  'InsufficientPermissionsException',
];

/** The exact codes as isDenialCode compares them (lowercase, without `Client.`), and an HTTP 403 said as a code. */
const EXACT_DENIAL_CODES: ReadonlySet<string> = new Set([...DENIAL_ERROR_CODES.map((c) => asciiLower(c).replace(/^client\./, '')), 'forbidden', '403']);

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
  return c.includes('accessdenied') || c.startsWith('unauthorized') || EXACT_DENIAL_CODES.has(c);
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

/** Words after which AWS's own text resumes: a token right before one is printed verbatim by AWS. */
const GRAMMAR_NEXT = /^(because|with|transitively|is |\((?!service:))/i;

/**
 * A word starting at `from`, up to a space or a character that never belongs to an ARN or an action as AWS
 * prints them (a quote, a backtick, `<` of an XML tag). Opening quotes are skipped. When AWS's grammar
 * resumes right after the word, the word is AWS's verbatim; otherwise what loggers and sentences append is
 * dropped (see cleanToken): IAM names may end in `.` or `,`, which only the grammar can tell from a full stop.
 */
function wordAt(s: string, from: number): { word: string; end: number } {
  let start = from;
  while (start < s.length && /["'`]/.test(s[start]!)) start++;
  let end = start;
  while (end < s.length && !isSpace(s[end]) && !/["'`<>]/.test(s[end]!)) end++;
  const raw = s.slice(start, end);
  const verbatim = isSpace(s[end]) && GRAMMAR_NEXT.test(s.slice(end + 1, end + 14));
  return { word: verbatim ? raw : cleanToken(raw), end };
}

/** Lowercase words that name a resource type before its name or ARN (`role NAME`, `policy ARN`). */
const RESOURCE_TYPE_WORD = /^[a-z][a-z-]{1,40}$/;

/** Words that end the `on resource` clause. */
const CLAUSE_START = new Set(['because', 'with', 'transitively', 'encoded', 'go', 'or', '(service:', 'status', '-']);

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
 * The `on resource:` value at `p`: an ARN, `*`, `TYPE ARN` (IAM prints `policy arn:aws:iam::...`), or a
 * name AWS printed instead of an ARN (`role NAME` from Cloud Control, a Secrets Manager secret name), which
 * is kept as `resourceName`: the resource ARN is then unknown. Returns where the clause ends.
 */
function readResource(s: string, p: number, fields: MessageFields): number {
  if (s[p] === '"') {
    // A quoted resource may hold spaces (S3 keys); it is an ARN or a name all the same.
    const close = s.indexOf('"', p + 1);
    const end = close < 0 ? s.length : close;
    const text = cleanToken(s.slice(p + 1, end).trim());
    if (text.startsWith('arn:') || text === '*') fields.resource = text;
    else if (text !== '') fields.resourceName = text;
    return end + 1;
  }
  const w = wordAt(s, p);
  if (w.word === '') return w.end;
  if (w.word.startsWith('arn:') || w.word === '*') {
    fields.resource = w.word;
    return w.end;
  }
  const nextStart = skipSpaces(s, w.end);
  const next = wordAt(s, nextStart);
  if (RESOURCE_TYPE_WORD.test(w.word) && next.word.startsWith('arn:')) {
    fields.resource = next.word;
    return next.end;
  }
  if (RESOURCE_TYPE_WORD.test(w.word) && next.word !== '' && !CLAUSE_START.has(asciiLower(next.word)) && !s.slice(w.end, nextStart).includes('.')) {
    fields.resourceName = `${w.word} ${next.word}`;
    return next.end;
  }
  fields.resourceName = w.word;
  return w.end;
}

/** `User: CALLER is not authorized to perform...`: the caller is the token between these. */
const MESSAGE_START = 'User: ';
const AFTER_CALLER = ' is not authorized to perform';
/** What stands for the caller while the rest of a message is read. */
const STAND_IN = 'arn:aws:iam::000000000000:user/whydenied-caller';

/**
 * Whether readDenialMessage() reads the caller token as the stand-in is read: an ARN of one word with no quote
 * (stripped), no `user:` (the principal is what follows the last one) and none of the phrases looked for in the
 * whole text. Such a token changes nothing but the principal read.
 */
function plainCaller(token: string): boolean {
  if (!/^arn:[A-Za-z0-9:/+=,.@_-]+$/.test(token)) return false;
  const l = token.toLowerCase();
  return !l.includes('user:') && !SETTING_PHRASES.some(([phrase]) => l.includes(phrase));
}

/** Messages are under 1 KB, or 3 KB with an encoded authorization message: the memos keep 1,024 of at most 4 KB each. */
const REMEMBERED_TEXT_LIMIT = 4096;
const byRest = new Memo<MessageFields>(1024);
const byText = new Memo<MessageFields>(1024);
const readWithStandIn = (rest: string): MessageFields => readDenialMessage(MESSAGE_START + STAND_IN + rest);

/**
 * readDenialMessage(), each distinct message read once. A caller failing again prints the same message but
 * for its session name (`assumed-role/ROLE/SESSION`: a Lambda container, a task, a sign-in): what follows the
 * caller is read once, with a stand-in caller, and the caller put back. The fields returned are shared:
 * read them, never change them.
 */
export function readDenialMessageOnce(text: string): MessageFields {
  // A text longer than any message AWS writes (CloudTrail's are attacker-influenced) is read, never kept.
  if (text.length > REMEMBERED_TEXT_LIMIT) return readDenialMessage(text);
  if (text.startsWith(MESSAGE_START)) {
    const end = text.indexOf(' ', MESSAGE_START.length);
    if (end > 0 && text.startsWith(AFTER_CALLER, end)) {
      const caller = text.slice(MESSAGE_START.length, end);
      if (plainCaller(caller)) {
        const fields = byRest.get(text.slice(end), readWithStandIn);
        if (fields.principal === STAND_IN) return { ...fields, principal: caller };
      }
    }
  }
  return byText.get(text, readDenialMessage);
}

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

  const setting = SETTING_PHRASES.find(([phrase]) => l.includes(phrase));
  if (setting) fields.setting = setting[1];

  // CloudTrail network activity and S3 say so without the grammar.
  if (l.includes('denied due to a vpc endpoint policy')) fields.policyType = 'vpc-endpoint';

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
    principal = principal.replace(/^["'`]+|["'`]+$/g, '');
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
      p = readResource(s, p, fields);
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
    } else if (l.startsWith('go to http', p)) {
      const w = wordAt(s, p + 6);
      fields.authorizationLink = w.word;
      p = w.end;
    } else if (l.startsWith('authorization id:', p)) {
      const w = wordAt(s, skipSpaces(s, p + 17));
      if (/^[a-z0-9]+$/i.test(w.word)) fields.authorizationId = w.word;
      p = w.end;
    } else if (l.startsWith(ENCODED, p)) {
      break; // read above
    } else {
      while (p < s.length && !isSpace(s[p])) p++;
    }
  }
  return fields;
}

/**
 * An identifier followed by `: ` at the start of the text: an exception name such as `AccessDeniedException`.
 * A dotted class name (`com.amazonaws.services.kms.model.AWSKMSException`, `botocore.exceptions.ClientError`)
 * is a language's exception type, not an AWS error code: it is skipped, and kept only when its last part is
 * an AccessDenied code.
 */
function leadingErrorCode(s: string): { code?: string; rest: string } | undefined {
  const m = /^([A-Za-z][A-Za-z0-9_.#$]{0,200}): /.exec(s);
  if (!m) return undefined;
  const full = m[1]!;
  const dotted = full.includes('.') && !/^client\./i.test(full);
  const code = dotted ? full.slice(full.lastIndexOf('.') + 1) : full;
  const lower = asciiLower(code);
  if (lower === 'user' || lower === 'arn' || lower === 'message' || lower === 'errormessage' || lower === 'api') return undefined;
  if (!/(exception|error|fault|denied|unauthorized|operation|forbidden)$/.test(lower) && !isDenialCode(code)) return undefined;
  const rest = s.slice(m[0].length);
  if (dotted) return isDenialCode(code) ? { code, rest } : { rest };
  return { code, rest };
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
    if (lead.code !== undefined && asciiLower(lead.code) !== 'error') errorCode = lead.code;
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

/** Whether a text is the Amazon Connect chat library's log of a failed Participant Service call. */
const CHAT_PARTICIPANT_FAILURE = 'failed to fetch connectiondetails with createparticipantconnection';

/**
 * Parse an AccessDenied error as a person pastes it: the bare message, CLI output, an SDK, IaC or Lambda log
 * line (`AccessDeniedException: User: ...`, stack trace allowed, Go/Java/PHP/.NET/boto wrappers, Terraform
 * frames, CloudFormation events, escaped JSON log lines), or EC2's UnauthorizedOperation text.
 */
export function parseAccessDeniedText(text: string): DenialResult {
  if (typeof text !== 'string' || text.trim() === '') return notADenial('messageEmpty', {});
  const pasted = normalizePaste(text.replace(/^\uFEFF/, ''));
  const s = collapseSpace(dropStackTrace(pasted.text));
  const facts = wrapperFacts(s);
  const unwrapped = unwrap(s);
  const { source, operation } = unwrapped;
  // An XML body's <Message> is the message; elsewhere the text after the wrappers.
  const body = facts.xmlMessage !== undefined && !asciiLower(unwrapped.body).includes(NOT_AUTHORIZED) ? facts.xmlMessage : unwrapped.body;
  const errorCode = unwrapped.errorCode !== undefined && isDenialCode(unwrapped.errorCode) ? unwrapped.errorCode : (facts.errorCode ?? unwrapped.errorCode);
  const chat = asciiLower(s).includes(CHAT_PARTICIPANT_FAILURE) && facts.httpStatusCode === 403;
  const denied = saysAccessDenied(body) || chat;
  if (errorCode !== undefined && !isDenialCode(errorCode) && !asciiLower(body).includes(NOT_AUTHORIZED) && !chat) {
    return notADenial('messageOtherError', { errorCode: plainErrorCode(errorCode) });
  }
  if (!denied && !(errorCode !== undefined && isDenialCode(errorCode))) {
    return notADenial('messageNotDenial', {});
  }
  // S3 answers with a bare `Access Denied` (or `Forbidden` for HEAD): the CLI's operation names the action.
  const bare = /^(access denied\.?|forbidden)$/i.test(body.trim());
  const action = facts.action ?? (bare && operation !== undefined ? s3ActionOfOperation(operation) : undefined);
  const extra: Partial<Denial> = {
    ...(action !== undefined && { action }),
    ...(errorCode !== undefined && { errorCode }),
    ...((operation ?? facts.operation) !== undefined && { operation: operation ?? facts.operation }),
    ...(facts.httpStatusCode !== undefined && { httpStatusCode: facts.httpStatusCode }),
    ...(facts.requestId !== undefined && { requestId: facts.requestId }),
    ...(pasted.rejoined.length > 0 && { rejoined: pasted.rejoined }),
  };
  return { ok: true, denial: denialFromText(source, body === '' ? s : body, extra) };
}
