/**
 * A serialized AWS error -> Denial. Recognised by shape (AWS SDK v3 `{ name, $fault, $metadata, message }`),
 * raw JSON bodies (`{"__type": "com.amazonaws.connect#AccessDeniedException", "Message": "..."}`), query/XML
 * bodies converted to JSON (`{"Error": {"Code", "Message"}}`, `{"ErrorResponse": ...}`, EC2's
 * `{"Response": {"Errors": {"Error": ...}}}`), SDK v2 errors (`code`, `statusCode`) and Lambda's logged
 * errors (`errorType`, `errorMessage`). A JSON string of any of these is parsed first.
 */
import { denialFromText, isDenialCode, plainErrorCode, saysAccessDenied } from './access-denied-message.js';
import type { Denial, DenialResult } from './denial.js';
import { own } from '../own.js';

const EXPECTED =
  'expected an AWS error object such as `{ "name": "AccessDeniedException", "$metadata": { "httpStatusCode": 403 }, "message": "User: ..." }` or `{ "__type": "AccessDeniedException", "Message": "..." }`';

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

/** Parse a serialized SDK error or an AWS JSON error body (or a JSON string of one). */
export function parseSdkError(value: unknown): DenialResult {
  let input = value;
  if (typeof input === 'string') {
    const text = input.trim();
    if (text === '') return { ok: false, message: `the error is empty: ${EXPECTED}` };
    try {
      input = JSON.parse(text) as unknown;
    } catch {
      return { ok: false, message: `this is not a JSON error object: ${EXPECTED}` };
    }
  }
  if (!isObject(input)) return { ok: false, message: `this is not an error object: ${EXPECTED}` };

  const top = input;
  const node = errorNode(top);
  const metadata = child(top, '$metadata');

  const name = str(top, 'name');
  const code =
    (name !== undefined && !GENERIC_NAMES.has(name) ? name : undefined) ??
    str(node, 'Code', 'code', '__type', 'errorType', 'Type') ??
    str(top, 'Code', 'code', '__type', 'errorType');
  const message = str(node, 'message', 'Message', 'errorMessage') ?? str(top, 'message', 'Message', 'errorMessage');

  if (code === undefined && message === undefined) return { ok: false, message: `this object has no error name and no message: ${EXPECTED}` };

  const errorCode = code === undefined ? undefined : plainErrorCode(code);
  const denialCode = errorCode !== undefined && isDenialCode(errorCode);
  const denialText = message !== undefined && saysAccessDenied(message);
  if (!denialCode && !denialText) {
    if (errorCode !== undefined) return { ok: false, message: `this is a \`${errorCode}\` error, not an AccessDenied${message ? `: ${message}` : ''}` };
    return { ok: false, message: `this error is not an AccessDenied: ${message ?? ''}`.trimEnd() };
  }

  const httpStatusCode = num(metadata, 'httpStatusCode') ?? num(top, 'statusCode', '$statusCode', 'httpStatusCode');
  const requestId = str(metadata, 'requestId') ?? str(top, 'RequestId', 'requestId', 'RequestID', 'requestID') ?? str(node, 'RequestId', 'RequestID');
  const extra: Partial<Denial> = {
    ...(errorCode !== undefined && { errorCode }),
    ...(httpStatusCode !== undefined && { httpStatusCode }),
    ...(requestId !== undefined && { requestId }),
  };
  return { ok: true, denial: denialFromText('sdk-error', message ?? errorCode ?? '', extra) };
}
