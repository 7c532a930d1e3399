/**
 * CloudTrail -> Denials. Reads trail files as CloudTrail delivers them to S3 (`{"Records": [...]}`, gzipped),
 * `aws cloudtrail lookup-events` output (`{"Events": [{"CloudTrailEvent": "<json string>"}]}`), a single
 * record, an array of records, or JSON lines; keeps the records that are denials and reads each one.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { memoize } from '../policy/memo.js';
import { isDenialCode, readDenialMessageOnce } from './access-denied-message.js';
import { notADenial, type Denial, type DenialResult } from './denial.js';
import { argumentPath, pathName } from './file-name.js';
import { invalidJsonProblem, jsonReason, MAX_BYTES, readBounded, systemProblem, tooDeep, tooDeepProblem } from './document-file.js';
import { inputProblem, type InputProblem } from './input-problems.js';
import { hasOwn, own } from '../own.js';
import { actionOfEvent } from './event-action.js';

export { actionOfEvent, serviceOfEventSource, SERVICE_OF_HOST } from './event-action.js';

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A field by its CloudTrail name, or case-insensitively: Athena's CloudTrail table (and exports of its
 * results) spells every column in lowercase (`eventsource`, `useridentity.sessioncontext.sessionissuer`).
 * An absent field is looked for among the keys of its length (a map of every key lowercased, made per record,
 * was a tenth of the cost of a denial, for the fields most records lack); an object with more keys than a
 * record has gets that map, made once (a hostile record's keys are then lowercased once, not per field).
 */
function field(o: unknown, key: string): unknown {
  if (!isObject(o)) return undefined;
  if (hasOwn.call(o, key)) return own(o, key);
  const lower = lowerOf(key);
  let keys = 0;
  // The first key in order that lowercases to it.
  for (const k in o) {
    if (++keys > RECORD_KEYS) {
      const found = lowerKeysOf(o).get(lower);
      return found === undefined ? undefined : own(o, found);
    }
    if (k.length === lower.length && hasOwn.call(o, k) && k.toLowerCase() === lower) return own(o, k);
  }
  return undefined;
}

/** More keys than a CloudTrail record has (about 25). */
const RECORD_KEYS = 64;

/** The names asked for are a few dozen constants: each is lowercased once. */
const lowerOf = memoize((key) => key.toLowerCase(), 256);

/** An object's own keys by their lowercase spelling (the first of each), made once per object it is asked of. */
const lowerKeys = new WeakMap<Obj, ReadonlyMap<string, string>>();
function lowerKeysOf(o: Obj): ReadonlyMap<string, string> {
  let keys = lowerKeys.get(o);
  if (!keys) {
    const map = new Map<string, string>();
    for (const k of Object.keys(o)) {
      const lower = k.toLowerCase();
      if (!map.has(lower)) map.set(lower, k);
    }
    lowerKeys.set(o, map);
    keys = map;
  }
  return keys;
}

function str(o: unknown, key: string): string | undefined {
  const v = field(o, key);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function obj(o: unknown, key: string): Obj | undefined {
  const v = field(o, key);
  return isObject(v) ? v : undefined;
}

function looksLikeRecord(value: unknown): value is Obj {
  return typeof field(value, 'eventName') === 'string' || typeof field(value, 'eventSource') === 'string';
}

function lookupEvent(event: unknown): unknown[] {
  if (!isObject(event)) return [];
  const inner = event.CloudTrailEvent;
  if (typeof inner === 'string') {
    try {
      const parsed = JSON.parse(inner) as unknown;
      return looksLikeRecord(parsed) ? [parsed] : [];
    } catch {
      return [];
    }
  }
  if (looksLikeRecord(inner)) return [inner];
  return looksLikeRecord(event) ? [event] : [];
}

/** The records in a value, or undefined when it has none of the CloudTrail shapes. */
function recordsOf(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) {
    if (value.length === 0) return [];
    const records = value.flatMap((item) => recordsOf(item) ?? []);
    return records.length > 0 ? records : undefined;
  }
  if (!isObject(value)) return undefined;
  if (Array.isArray(value.Records)) return value.Records as unknown[];
  if (Array.isArray(value.Events)) return value.Events.flatMap(lookupEvent);
  if (looksLikeRecord(value)) return [value];
  return undefined;
}

/** The CloudTrail records in a parsed JSON value (any shape above); empty when there are none. */
export function cloudTrailRecords(value: unknown): unknown[] {
  return recordsOf(value) ?? [];
}

/** A trail repeats the same few error codes: each is read once. */
const denialCode = memoize(isDenialCode);

/** Whether a record is a denied call: an AccessDenied-like errorCode, or the AccessDenied grammar in errorMessage. */
export function isDenialRecord(record: unknown): boolean {
  const code = str(record, 'errorCode');
  if (code !== undefined && denialCode(code)) return true;
  const message = str(record, 'errorMessage');
  return message !== undefined && code !== undefined && /not authorized to perform/i.test(message);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Read one CloudTrail record of a denied call. */
export function denialFromRecord(record: unknown): DenialResult {
  if (!isObject(record)) return notADenial('recordNotObject', {});
  if (!isDenialRecord(record)) {
    const errorCode = str(record, 'errorCode');
    const eventName = str(record, 'eventName');
    return notADenial('recordNotDenial', { ...(eventName !== undefined && { eventName }), ...(errorCode !== undefined && { errorCode }) });
  }
  const errorMessage = str(record, 'errorMessage');
  const errorCode = str(record, 'errorCode');
  const parsed = errorMessage ? readDenialMessageOnce(errorMessage) : {};
  const identity = obj(record, 'userIdentity');
  const issuer = obj(obj(identity, 'sessionContext'), 'sessionIssuer');
  const identityType = str(identity, 'type');
  const identityAccount = str(identity, 'accountId');
  const anonymous = identityAccount === 'ANONYMOUS_PRINCIPAL' || identityType === 'AnonymousUser';
  const principal = str(identity, 'arn') ?? (identityType === 'AWSService' ? str(identity, 'invokedBy') : undefined) ?? parsed.principal ?? (anonymous ? 'anonymous' : undefined);
  const issuerArn = str(issuer, 'arn');
  const roleArn = issuerArn && (str(issuer, 'type') === 'Role' || issuerArn.includes(':role/')) ? issuerArn : undefined;
  const eventSource = str(record, 'eventSource');
  const eventName = str(record, 'eventName');
  const action = parsed.action ?? (eventSource && eventName ? actionOfEvent(eventSource, eventName) : undefined);

  let requestParameters: unknown = field(record, 'requestParameters');
  if (typeof requestParameters === 'string') {
    // Athena's CloudTrail table keeps requestParameters as a JSON string.
    try {
      requestParameters = JSON.parse(requestParameters) as unknown;
    } catch {
      requestParameters = undefined;
    }
  }

  const denial: Mutable<Denial> = { source: 'cloudtrail', message: errorMessage ?? errorCode ?? '' };
  const set = <K extends keyof Denial>(key: K, value: Denial[K] | undefined) => {
    if (value !== undefined) denial[key] = value;
  };
  set('errorCode', errorCode);
  set('principal', principal);
  set('action', action);
  set('resource', parsed.resource);
  // Network activity events record a VPC endpoint policy denial as VpceAccessDenied.
  set('policyType', parsed.policyType ?? (errorCode?.toLowerCase() === 'vpceaccessdenied' ? 'vpc-endpoint' : undefined));
  set('explicit', parsed.explicit);
  set('policyArn', parsed.policyArn);
  set('policyName', parsed.policyName);
  set('transitiveThrough', parsed.transitiveThrough);
  set('encodedAuthorizationMessage', parsed.encodedAuthorizationMessage);
  set('operation', eventName);
  set('region', str(record, 'awsRegion'));
  set('eventTime', str(record, 'eventTime'));
  set('requestId', str(record, 'requestID'));
  set('eventId', str(record, 'eventID'));
  set('accountId', anonymous ? undefined : identityAccount);
  set('roleArn', roleArn);
  set('userIdentityType', identityType);
  set('sourceIp', str(record, 'sourceIPAddress'));
  set('vpcEndpointId', str(record, 'vpcEndpointId'));
  set('eventSource', eventSource);
  set('recipientAccountId', str(record, 'recipientAccountId'));
  set('requestParameters', isObject(requestParameters) ? requestParameters : undefined);
  return { ok: true, denial };
}

/** The first denial among a trail's records (the one `explain` reads), or that there is none. */
export function denialAmong(records: readonly unknown[]): DenialResult {
  const denial = records.find(isDenialRecord);
  return denial === undefined ? notADenial('noDenialRecord', { records: records.length }) : denialFromRecord(denial);
}

// ---------------------------------------------------------------------------------------------------------
// Files.

export type CloudTrailFileResult = { readonly ok: true; readonly records: unknown[] } | { readonly ok: false; readonly problem: InputProblem };

const gunzipAsync = promisify(gunzip);

type Parsed = { ok: true; value: unknown[] } | { ok: false; problem: InputProblem };

/** The whole text as one JSON value, else as JSON lines (one value per non-empty line). */
function parseJsonOrLines(text: string, file: string): Parsed {
  let whole: unknown;
  try {
    whole = JSON.parse(text) as unknown;
    return { ok: true, value: [whole] };
  } catch (e) {
    const lines = text.split('\n');
    const values: unknown[] = [];
    let lineCount = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (line === '') continue;
      lineCount++;
      try {
        values.push(JSON.parse(line) as unknown);
      } catch (lineError) {
        // One bad line in a file whose first lines parse: report that line.
        if (values.length > 0) {
          const { reason } = jsonReason(lineError);
          return { ok: false, problem: inputProblem(file, 'invalidJsonLines', { reason }, { line: i + 1 }) };
        }
        break;
      }
    }
    if (lineCount > 1 && values.length === lineCount) return { ok: true, value: values };
    return { ok: false, problem: invalidJsonProblem(file, text, e) };
  }
}

/** Read a CloudTrail file (`.json`, `.json.gz`, JSON lines) into its records; one problem (naming the file and the place) when that fails. */
export async function readCloudTrailFile(given: string): Promise<CloudTrailFileResult> {
  const path = argumentPath(given);
  const file = pathName(path);
  let bytes: Buffer;
  try {
    bytes = await readBounded(path);
  } catch (e) {
    return { ok: false, problem: systemProblem(file, (e as NodeJS.ErrnoException).code) };
  }
  // By content, not by name: browsers often decompress a `.json.gz` download and keep the name.
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = await gunzipAsync(bytes, { maxOutputLength: MAX_BYTES });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'Z_BUF_ERROR') return { ok: false, problem: inputProblem(file, 'truncatedGzip', {}) };
      if (code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, problem: inputProblem(file, 'decompressesTooLarge', { limit: MAX_BYTES }) };
      return { ok: false, problem: inputProblem(file, 'damagedGzip', { reason: (e as Error).message }) };
    }
  }
  if (bytes.length === 0) return { ok: false, problem: inputProblem(file, 'empty', {}) };
  let text: string;
  try {
    if (bytes.includes(0)) throw new Error('binary');
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return { ok: false, problem: inputProblem(file, 'binary', { expected: 'cloudtrail' }) };
  }
  if (text.trim() === '') return { ok: false, problem: inputProblem(file, 'empty', {}) };
  const parsed = parseJsonOrLines(text, file);
  if (!parsed.ok) return parsed;
  if (parsed.value.some((v) => tooDeep(v))) return { ok: false, problem: tooDeepProblem(file) };
  const records: unknown[] = [];
  let recognised = false;
  for (const value of parsed.value) {
    const found = recordsOf(value);
    if (found) {
      recognised = true;
      records.push(...found);
    }
  }
  if (!recognised) return { ok: false, problem: inputProblem(file, 'noCloudTrailRecords', {}) };
  return { ok: true, records };
}
