/**
 * An AccessDenied of unknown form, as a user pastes it: JSON (a CloudTrail file or record, lookup-events
 * output, a serialized SDK error) or text (the error message, AWS CLI output). Shared by `explain -` and
 * the MCP `explain` tool.
 */
import { cloudTrailRecords, denialFromRecord, isDenialRecord } from './cloudtrail.js';
import type { DenialResult } from './denial.js';
import { parseAccessDeniedText } from './access-denied-message.js';
import { parseDocumentText } from './document-file.js';
import { parseSdkError } from './sdk-error.js';

/** A denial from a JSON value of unknown kind: a CloudTrail file or record, or an SDK error. */
export function denialFromJson(value: unknown): DenialResult {
  const records = cloudTrailRecords(value);
  if (records.length > 0) {
    const denial = records.find(isDenialRecord);
    return denial === undefined ? { ok: false, message: `no AccessDenied among its ${records.length} CloudTrail record${records.length === 1 ? '' : 's'}` } : denialFromRecord(denial);
  }
  return parseSdkError(value);
}

/** A failure may carry the line and column of invalid JSON. */
export type PasteResult = Extract<DenialResult, { ok: true }> | { readonly ok: false; readonly message: string; readonly line?: number; readonly column?: number };

/** JSON text is an SDK error or CloudTrail; anything else is the message text (or CLI output). */
export async function denialFromPaste(text: string): Promise<PasteResult> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'is empty' };
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = await parseDocumentText(trimmed, 'paste.json');
    if (!json.ok) return { ok: false, message: json.problem.message, ...(json.problem.line !== undefined && { line: json.problem.line, column: json.problem.column ?? 1 }) };
    return denialFromJson(json.value);
  }
  return parseAccessDeniedText(trimmed);
}
