/**
 * An AccessDenied of unknown form -> Denial: what `whydenied explain` reads from an argument or stdin. JSON is
 * a CloudTrail file or record, a decoded authorization message, or an SDK error (or a log line nesting
 * one); anything else is the message text with its wrappers.
 */
import { parseAccessDeniedText } from './access-denied-message.js';
import { cloudTrailRecords, denialFromRecord, isDenialRecord } from './cloudtrail.js';
import { isDecodedAuthorization, parseDecodedAuthorization } from './decoded-authorization.js';
import type { DenialResult } from './denial.js';
import { parseSdkError } from './sdk-error.js';

/** A denial from a parsed JSON value of unknown kind. */
export function denialFromJson(value: unknown): DenialResult {
  const records = cloudTrailRecords(value);
  if (records.length > 0) {
    const denial = records.find(isDenialRecord);
    return denial === undefined ? { ok: false, message: `no AccessDenied among its ${records.length} CloudTrail record${records.length === 1 ? '' : 's'}` } : denialFromRecord(denial);
  }
  if (isDecodedAuthorization(value)) return parseDecodedAuthorization(value);
  return parseSdkError(value);
}

/** A pasted text: JSON when it parses as a JSON object or array, else the message text. */
export function parseDenialInput(text: string): DenialResult {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return denialFromJson(JSON.parse(trimmed) as unknown);
    } catch {
      // Not JSON after all (a log line starting with `{` cut short): read it as text.
    }
  }
  return parseAccessDeniedText(text);
}
