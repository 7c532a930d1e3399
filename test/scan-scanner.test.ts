/**
 * The structural scanner against JSON.parse: for CloudTrail text of every shape, cut into chunks anywhere
 * (inside strings, escapes, keys and multi-byte characters), it counts the same events and hands over
 * every denial; cut short, it says the input is truncated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloudTrailRecords, isDenialRecord } from '../src/input/cloudtrail.js';
import { RecordScanner, type Unit } from '../src/scan/scanner.js';

type Rec = Record<string, unknown>;

/** Strings that stress the scanner: quotes, backslashes, brackets, the words it looks for, non-ASCII. */
const tricky = fc
  .array(fc.constantFrom('"', '\\', '\\\\', '{', '}', '[', ']', ',', ':', 'é', '€', '😀', '\n', 'errorCode', '"errorCode":', 'Records', '"Records":[', 'a', 'bc', ' '), { maxLength: 8 })
  .map((parts) => parts.join(''));

const record = fc
  .record({
    denied: fc.boolean(),
    code: fc.constantFrom('AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'ThrottlingException', 'NoSuchKey'),
    note: tricky,
    key: tricky,
    nested: fc.boolean(),
    lower: fc.boolean(),
  })
  .map(({ denied, code, note, key, nested, lower }): Rec => {
    const r: Rec = {
      eventVersion: '1.09',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333' },
      eventTime: '2026-11-01T00:00:00Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      requestParameters: { bucketName: 'b', key, ...(nested && { deep: { Records: [{ a: note }], list: [[note], { errorCode: 'x' }] } }) },
      note,
      eventID: `id-${Math.random().toString(36).slice(2)}`,
      ...(denied && { errorCode: code, errorMessage: `User: x is not authorized to perform: s3:GetObject ${note}` }),
    };
    if (!lower) return r;
    return Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v]));
  });

const shape = fc.constantFrom('records', 'events', 'array', 'lines', 'single', 'concatenated', 'pretty');

function render(kind: string, records: Rec[]): string {
  switch (kind) {
    case 'records':
      return JSON.stringify({ Records: records });
    case 'events':
      return JSON.stringify({ Events: records.map((r) => ({ EventName: 'GetObject', CloudTrailEvent: JSON.stringify(r) })), NextToken: 'x' }, null, 2);
    case 'array':
      return JSON.stringify(records);
    case 'lines':
      return records.map((r) => JSON.stringify(r)).join('\n');
    case 'single':
      return JSON.stringify(records[0] ?? {});
    case 'concatenated':
      return JSON.stringify({ Records: records.slice(0, 2) }) + JSON.stringify({ Records: records.slice(2) });
    default:
      return JSON.stringify({ Records: records }, null, 3);
  }
}

/** What JSON.parse says: the records and the denials among them. */
function reference(kind: string, text: string): { events: number; denials: string[] } {
  const values = kind === 'lines' ? text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown) : kind === 'concatenated' ? splitConcatenated(text) : [JSON.parse(text) as unknown];
  const records = values.flatMap((v) => cloudTrailRecords(v));
  return { events: records.length, denials: records.filter(isDenialRecord).map(idOf).sort() };
}

function splitConcatenated(text: string): unknown[] {
  const cut = text.indexOf(']}{"Records"') + 2;
  return [JSON.parse(text.slice(0, cut)), JSON.parse(text.slice(cut))];
}

const idOf = (r: unknown) => String((r as Rec)['eventID'] ?? (r as Rec)['eventid']);

/** What the scanner finds, fed the bytes in the given chunks (the way read.ts uses it). */
function scanned(bytes: Buffer, cuts: number[]): { events: number; denials: string[]; error: string | undefined } {
  let events = 0;
  const denials: string[] = [];
  const scanner = new RecordScanner((unit: Unit) => {
    if (unit.bytes === undefined) return;
    const value = JSON.parse(unit.bytes.toString('utf8')) as unknown;
    if (unit.kind === 'record') {
      if (isDenialRecord(value)) denials.push(idOf(value));
      return;
    }
    const records = cloudTrailRecords(unit.kind === 'event' ? { Events: [value] } : value);
    events += records.length;
    denials.push(...records.filter(isDenialRecord).map(idOf));
  });
  let at = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length)].sort((a, b) => a - b).concat(bytes.length)) {
    // Copies, as a stream would hand them over.
    scanner.push(Buffer.from(bytes.subarray(at, cut)));
    at = cut;
  }
  scanner.end();
  return { events: events + scanner.records, denials: denials.sort(), error: scanner.error?.kind };
}

describe('RecordScanner', () => {
  it('finds the same events and denials as JSON.parse, whatever the shape and wherever the chunks are cut', () => {
    fc.assert(
      fc.property(shape, fc.array(record, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(4000), { maxLength: 12 }), (kind, records, cuts) => {
        const text = render(kind, records);
        const bytes = Buffer.from(text, 'utf8');
        const result = scanned(bytes, cuts);
        expect(result.error).toBeUndefined();
        expect({ events: result.events, denials: result.denials }).toEqual(reference(kind, text));
      }),
      { numRuns: 600 },
    );
  });

  it('the same with tiny chunks (every few bytes)', () => {
    fc.assert(
      fc.property(shape, fc.array(record, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 13 }), (kind, records, step) => {
        const text = render(kind, records);
        const bytes = Buffer.from(text, 'utf8');
        const result = scanned(bytes, Array.from({ length: Math.ceil(bytes.length / step) }, (_, i) => i * step));
        expect({ events: result.events, denials: result.denials, error: result.error }).toEqual({ ...reference(kind, text), error: undefined });
      }),
      { numRuns: 150 },
    );
  });

  it('cut one byte at a time', () => {
    const text = render('records', [
      { eventName: 'A', errorCode: 'AccessDenied', eventID: '1', note: 'x\\"}\\\\' },
      { eventName: 'B', eventID: '2', note: 'é😀' },
    ]);
    const bytes = Buffer.from(text);
    expect(scanned(bytes, Array.from({ length: bytes.length }, (_, i) => i))).toEqual({ events: 2, denials: ['1'], error: undefined });
  });

  it('says the input is truncated when it ends inside a value', () => {
    fc.assert(
      fc.property(fc.constantFrom('records', 'events', 'array', 'single', 'pretty'), fc.array(record, { minLength: 1, maxLength: 4 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (kind, records, where) => {
        const bytes = Buffer.from(render(kind, records), 'utf8');
        const cut = Math.max(1, Math.floor(bytes.length * where));
        expect(scanned(bytes.subarray(0, cut), [cut >> 1]).error).toBe('truncated');
      }),
      { numRuns: 300 },
    );
  });

  it('places structural errors by line and column', () => {
    const scanner = new RecordScanner(() => undefined);
    scanner.push(Buffer.from('{"Records": [\n  {"a": 1},\n  {"b": ]\n]}'));
    scanner.end();
    expect(scanner.error).toEqual({ kind: 'unexpected-close', line: 3, column: 9, byte: 0x5d });
  });

  it('parses only the records that carry an error code', () => {
    const kept: Unit[] = [];
    const scanner = new RecordScanner((u) => kept.push(u));
    scanner.push(Buffer.from(JSON.stringify({ Records: [{ eventName: 'A' }, { eventName: 'B', errorCode: 'AccessDenied' }, { eventName: 'C', note: 'errorCode is just a word here' }] })));
    scanner.end();
    expect(kept.map((u) => [u.kind, u.bytes?.toString()])).toEqual([['record', '{"eventName":"B","errorCode":"AccessDenied"}']]);
    expect(scanner.records).toBe(3);
  });
});
