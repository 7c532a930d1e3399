/**
 * A serialized AWS error -> Denial. Recognised by shape (AWS SDK v3 `{ name, $fault, $metadata, message }`),
 * raw JSON bodies (`{"__type": "com.amazonaws.connect#AccessDeniedException", "Message": "..."}`), query/XML
 * bodies converted to JSON (`{"Error": {"Code", "Message"}}`, `{"ErrorResponse": ...}`, EC2's
 * `{"Response": {"Errors": {"Error": ...}}}`), SDK v2 errors (`code`, `statusCode`) and Lambda's logged
 * errors (`errorType`, `errorMessage`). A JSON string of any of these is parsed first.
 */
import { denialFromText, isDenialCode, parseAccessDeniedText, plainErrorCode, saysAccessDenied } from './access-denied-message.js';
import { notADenial, type Denial, type DenialResult } from './denial.js';
import { own } from '../own.js';

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A property read that never throws (getters on live error objects may). */
function get(o: Obj | undefined, key: string): unknown {
  try {
    return own(o, key);
  } catch {
    return undefined;
  }
}

/** The first of the keys holding a non-empty string. */
function str(o: Obj | undefined, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const v = get(o, key);
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return undefined;
}

function num(o: Obj | undefined, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const v = get(o, key);
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && /^\d{3}$/.test(v)) return Number(v);
  }
  return undefined;
}

function child(o: Obj | undefined, key: string): Obj | undefined {
  const v = get(o, key);
  if (Array.isArray(v)) return isObject(v[0]) ? v[0] : undefined;
  return isObject(v) ? v : undefined;
}

/** The object that carries the error's code and message, through the XML-ish wrappers. */
function errorNode(o: Obj): Obj {
  let node = o;
  for (const key of ['ErrorResponse', 'Response', 'Errors', 'Error', 'error']) {
    const inner = child(node, key);
    if (inner) node = inner;
  }
  return node;
}

const GENERIC_NAMES = new Set(['Error', 'ServiceException', 'SyntaxError', 'TypeError', 'Exception']);

/** Where loggers and workflow engines nest the AWS error: pino `err`, Step Functions `cause`, ChatJS `_debug`. */
const NESTED = ['err', 'error', 'Error', 'cause', 'Cause', 'errorInfo', '_debug', 'detail', 'details', 'data', 'originalError'];

/** The Amazon Connect chat library's reason for a failed Participant Service call. */
const CHAT_REASON = /failed to fetch connectiondetails with createparticipantconnection/i;

/** A JSON object in a string (Step Functions puts a Lambda error in `cause` that way), or undefined. */
function jsonObjectIn(text: string | undefined): Obj | undefined {
  if (text === undefined || !text.trimStart().startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Read one error object; `depth` bounds the search through nested wrappers. */
function readErrorObject(top: Obj, depth: number): DenialResult {
  const node = errorNode(top);
  const metadata = child(top, '$metadata');

  const name = str(top, 'name');
  const code =
    (name !== undefined && !GENERIC_NAMES.has(name) ? name : undefined) ??
    str(node, 'Code', 'code', '__type', 'errorType', 'Type', 'type') ??
    str(top, 'Code', 'code', '__type', 'errorType', 'error', 'Error', 'type');
  const message = str(node, 'message', 'Message', 'errorMessage') ?? str(top, 'message', 'Message', 'errorMessage', 'cause', 'Cause', 'msg');

  const inner = jsonObjectIn(message);
  if (inner && depth < 4) {
    const read = readErrorObject(inner, depth + 1);
    if (read.ok) return read;
  }

  const errorCode = code === undefined ? undefined : plainErrorCode(code);
  const denialCode = errorCode !== undefined && isDenialCode(errorCode);
  const denialText = message !== undefined && saysAccessDenied(message);
  if (!denialCode && !denialText) {
    // The AWS error may sit one level down (a log line's `err`, a workflow's `cause`).
    if (depth < 4) {
      for (const key of NESTED) {
        const nested = get(top, key);
        const object = isObject(nested) ? nested : typeof nested === 'string' ? jsonObjectIn(nested) : undefined;
        if (!object) continue;
        const read = readErrorObject(object, depth + 1);
        if (read.ok) return CHAT_REASON.test(str(top, 'reason') ?? '') ? participantCall(read) : read;
      }
    }
    if (errorCode !== undefined) return notADenial('errorOtherCode', { errorCode, ...(message !== undefined && { message }) });
    return message !== undefined ? notADenial('errorNotDenial', { message }) : notADenial('errorUnnamed', {});
  }

  const httpStatusCode = num(metadata, 'httpStatusCode') ?? num(top, 'statusCode', '$statusCode', 'httpStatusCode');
  const requestId = str(metadata, 'requestId') ?? str(top, 'RequestId', 'requestId', 'RequestID', 'requestID') ?? str(node, 'RequestId', 'RequestID');
  // The message may carry its own wrapper (a Java trailer with the real error code, an exception prefix).
  const text = message !== undefined ? parseAccessDeniedText(message) : undefined;
  const fromText: Partial<Denial> = text?.ok ? text.denial : {};
  const code2 = denialCode ? errorCode : (fromText.errorCode ?? errorCode);
  const extra: Partial<Denial> = {
    ...fromText,
    ...(code2 !== undefined && { errorCode: code2 }),
    ...((httpStatusCode ?? fromText.httpStatusCode) !== undefined && { httpStatusCode: httpStatusCode ?? fromText.httpStatusCode }),
    ...((requestId ?? fromText.requestId) !== undefined && { requestId: requestId ?? fromText.requestId }),
  };
  const body = text?.ok ? text.denial.message : (message ?? errorCode ?? '');
  return { ok: true, denial: { ...denialFromText('sdk-error', body, extra), source: 'sdk-error' } };
}

function participantCall(read: DenialResult): DenialResult {
  if (!read.ok || read.denial.action !== undefined) return read;
  return { ok: true, denial: { ...read.denial, action: 'connectparticipant:CreateParticipantConnection', operation: 'CreateParticipantConnection' } };
}

/**
 * Parse a serialized SDK error or an AWS JSON error body (or a JSON string of one), including Lambda's
 * `{errorType, errorMessage}`, Step Functions' `{error, cause}` / `{Error, Cause}` and log lines that nest
 * the error (`{"msg": ..., "err": {...}}`).
 */
export function parseSdkError(value: unknown): DenialResult {
  let input = value;
  if (typeof input === 'string') {
    const text = input.trim();
    if (text === '') return notADenial('errorEmpty', {});
    try {
      input = JSON.parse(text) as unknown;
    } catch {
      return notADenial('errorNotJson', {});
    }
  }
  if (!isObject(input)) return notADenial('errorNotObject', {});
  return readErrorObject(input, 0);
}
