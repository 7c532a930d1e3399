/**
 * An AccessDenied of unknown form, as a user pastes it: JSON (a CloudTrail file or record, lookup-events
 * output, the output of `aws sts decode-authorization-message`, a serialized SDK error or a log line nesting
 * one) or text (the error message, AWS CLI output, SDK/IaC/log wrappers). A text that starts with `{` or `[`
 * but is no JSON value (a log line, a timestamp) is read as text when it reads as a denial. Shared by
 * `explain -` and the MCP `explain` tool.
 */
import { cloudTrailRecords, denialFromRecord, isDenialRecord } from './cloudtrail.js';
import { isDecodedAuthorization, parseDecodedAuthorization } from './decoded-authorization.js';
import type { DenialResult } from './denial.js';
import { parseAccessDeniedText, saysAccessDenied } from './access-denied-message.js';
import { parseDocumentText } from './document-file.js';
import { inputProblem, type InputProblem } from './input-problems.js';
import { parseSdkError } from './sdk-error.js';

/** A denial from a JSON value of unknown kind: a CloudTrail file or record, a decoded authorization message, or an SDK error. */
export function denialFromJson(value: unknown): DenialResult {
  const records = cloudTrailRecords(value);
  if (records.length > 0) {
    const denial = records.find(isDenialRecord);
    return denial === undefined ? { ok: false, message: `no AccessDenied among its ${records.length} CloudTrail record${records.length === 1 ? '' : 's'}` } : denialFromRecord(denial);
  }
  if (isDecodedAuthorization(value)) return parseDecodedAuthorization(value);
  return parseSdkError(value);
}

/** Whether a text that is not JSON may still be a denial pasted from a log (then it is read as text). */
function readsAsText(text: string): boolean {
  return saysAccessDenied(text) || /unauthorized|forbidden/i.test(text);
}

/** The same reading, for a text already in memory (the library's entry point for pastes). */
export function parseDenialInput(text: string): DenialResult {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return denialFromJson(JSON.parse(trimmed) as unknown);
    } catch {
      // Not one JSON value: a log line that starts with `{` or `[`.
    }
  }
  return parseAccessDeniedText(text);
}

/** A failure is no denial (its message), or a paste that cannot be read at all (a problem: empty, invalid JSON at a line and column). */
export type PasteResult = DenialResult | { readonly ok: false; readonly problem: InputProblem };

/** JSON text is an SDK error, CloudTrail or a decoded authorization message; anything else is the message text. */
export async function denialFromPaste(text: string): Promise<PasteResult> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: inputProblem('paste', 'empty', {}) };
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = await parseDocumentText(trimmed, 'paste.json');
    if (json.ok) return denialFromJson(json.value);
    if (!readsAsText(trimmed)) return { ok: false, problem: { ...json.problem, file: 'paste' } };
  }
  return parseAccessDeniedText(text);
}
