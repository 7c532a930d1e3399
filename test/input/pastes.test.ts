/**
 * What people paste: test/input/cases/pastes.json, one real-shaped input per class of issue #12 (where an ARN
 * ends, hard wraps, resource forms that are not ARNs, SDK/IaC wrappers, the encoded and decoded authorization
 * messages, the authorization id, CloudTrail VpceAccessDenied, Amazon Connect chat logs, partitions), each
 * with the reading expected: the Denial's fields and the request `explain` builds from it.
 */
import { describe, expect, it } from 'vitest';
import * as whydenied from '../../src/index.js';
import type { DenialResult } from '../../src/input/denial.js';
import { checkDenial, loadCases } from './table.js';

interface Case {
  readonly name: string;
  readonly class: string;
  readonly format: string;
  readonly kind: 'text' | 'json' | 'sdk-error' | 'event';
  readonly input: unknown;
  readonly expect: {
    readonly denial?: Record<string, unknown>;
    readonly absent?: readonly string[];
    readonly request?: Record<string, unknown>;
    readonly requestAbsent?: readonly string[];
  };
}

/** The reading the CLI does for each way of giving the input. */
function read(c: Case): DenialResult {
  const lib = whydenied as Record<string, unknown>;
  const fromJson = lib['denialFromJson'] as ((v: unknown) => DenialResult) | undefined;
  const fromPaste = lib['parseDenialInput'] as ((t: string) => DenialResult) | undefined;
  const json = (v: unknown): DenialResult => {
    if (fromJson) return fromJson(v);
    const records = whydenied.cloudTrailRecords(v);
    const record = records.find(whydenied.isDenialRecord);
    return record !== undefined ? whydenied.denialFromRecord(record) : whydenied.parseSdkError(v);
  };
  switch (c.kind) {
    case 'text':
      return fromPaste ? fromPaste(c.input as string) : whydenied.parseAccessDeniedText(c.input as string);
    case 'sdk-error':
      return whydenied.parseSdkError(c.input);
    case 'json':
    case 'event':
      return json(c.input);
  }
}

describe('pastes.json', () => {
  for (const c of loadCases<Case>('pastes.json')) {
    it(`${c.class}: ${c.name}`, () => {
      const result = read(c);
      checkDenial(result, { ok: true, ...(c.expect.denial && { denial: c.expect.denial }), ...(c.expect.absent && { absent: c.expect.absent }) });
      if (!result.ok || (!c.expect.request && !c.expect.requestAbsent)) return;
      const explained = whydenied.explain({ denial: result.denial });
      expect(explained.ok).toBe(true);
      if (!explained.ok) return;
      const request = explained.explanation.request as Record<string, unknown> | null;
      if (c.expect.request) expect(request, JSON.stringify(request)).toMatchObject(c.expect.request);
      for (const key of c.expect.requestAbsent ?? []) expect(request?.[key] ?? undefined, key).toBeUndefined();
    });
  }
});

describe('a paste that is no denial says why, as a message id and data', () => {
  const ok = { eventSource: 's3.amazonaws.com', eventName: 'GetObject' };
  it.each([
    ['a trail of one record, not denied', { Records: [ok] }, { messageId: 'noDenialRecord', data: { records: 1 } }],
    ['a trail of two records, none denied', { Records: [ok, { ...ok, errorCode: 'NoSuchKey' }] }, { messageId: 'noDenialRecord', data: { records: 2 } }],
    ['a decoded message that says allowed', { allowed: true, context: {} }, { messageId: 'decodedAllowed', data: {} }],
    ['a wrapped decoded message that says allowed', { DecodedMessage: JSON.stringify({ allowed: true, context: {} }) }, { messageId: 'decodedAllowed', data: {} }],
    ['an object of no known kind', { hello: 'world' }, { messageId: 'errorUnnamed', data: {} }],
  ])('%s', (_name, value, reason) => {
    expect(whydenied.denialFromJson(value)).toEqual({ ok: false, reason });
  });

  it('a JSON value that is no decoded authorization message', () => {
    expect(whydenied.parseDecodedAuthorization({ hello: 'world' })).toEqual({ ok: false, reason: { messageId: 'decodedUnrecognised', data: {} } });
  });

  it('a paste read as text', () => {
    expect(whydenied.parseDenialInput('ThrottlingException: Rate exceeded')).toEqual({ ok: false, reason: { messageId: 'messageOtherError', data: { errorCode: 'ThrottlingException' } } });
  });
});
