/**
 * CloudTrail: records from Connect and other services (test/input/cases/cloudtrail.json) read into Denials and
 * then into requests; the file shapes (trail files, lookup-events output, arrays, JSON lines, gzip); and every
 * bad file, each with one message naming the file.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionOfEvent, cloudTrailRecords, denialFromRecord, isDenialRecord, readCloudTrailFile } from '../../src/input/cloudtrail.js';
import { requestFromDenial } from '../../src/request/from-denial.js';
import { checkRequest, type RequestExpectation } from './request-expect.js';
import { checkDenial, loadCases, type DenialExpectation } from './table.js';

interface Case {
  readonly name: string;
  readonly source: string;
  readonly record: unknown;
  readonly expect: DenialExpectation & { readonly request?: RequestExpectation };
}

const cases = loadCases<Case>('cloudtrail.json');

describe('cloudtrail.json', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = denialFromRecord(c.record);
      checkDenial(result, c.expect);
      if (c.expect.request && result.ok) checkRequest(requestFromDenial(result.denial), c.expect.request);
    });
  }
});

const records = cases.map((c) => c.record).filter((r) => typeof r === 'object');
const denials = cases.filter((c) => c.expect.ok).map((c) => c.record);
const chat = cases[0]!.record as Record<string, unknown>;

describe('record shapes', () => {
  it('one record', () => {
    expect(cloudTrailRecords(chat)).toEqual([chat]);
  });
  it('a trail file {"Records": [...]}', () => {
    expect(cloudTrailRecords({ Records: records })).toEqual(records);
  });
  it('an array of records', () => {
    expect(cloudTrailRecords(records)).toEqual(records);
  });
  it('lookup-events output: each record a JSON string in Events[].CloudTrailEvent', () => {
    const output = {
      Events: records.map((r, i) => ({ EventId: `id-${i}`, EventName: 'StartChatContact', ReadOnly: 'false', EventTime: '2024-05-01T12:34:56Z', EventSource: 'connect.amazonaws.com', Username: 'chat-lambda', Resources: [], CloudTrailEvent: JSON.stringify(r) })),
    };
    expect(cloudTrailRecords(output)).toEqual(records);
  });
  it('lookup-events output with a broken CloudTrailEvent string: that event is skipped', () => {
    expect(cloudTrailRecords({ Events: [{ CloudTrailEvent: '{"eventName": ' }, { CloudTrailEvent: JSON.stringify(chat) }] })).toEqual([chat]);
  });
  it('an array of trail files', () => {
    expect(cloudTrailRecords([{ Records: [chat] }, { Records: [chat] }])).toEqual([chat, chat]);
  });
  it.each([[null], [42], ['text'], [{ foo: 1 }], [[{ foo: 1 }]]])('%j has no records', (value) => {
    expect(cloudTrailRecords(value)).toEqual([]);
  });
  it('picks the denials', () => {
    expect(records.filter(isDenialRecord)).toEqual(denials.filter((r) => typeof r === 'object'));
  });
  it('reads a record whose keys are spelled in any case, among many others, as the record CloudTrail writes', () => {
    const respell = (value: unknown, i = 0): unknown => {
      if (Array.isArray(value) || typeof value !== 'object' || value === null) return value;
      // every other key upper-cased, the rest lower-cased; children likewise, but for the call's own parameters
      return Object.fromEntries(Object.entries(value).map(([k, v], j) => [(i + j) % 2 === 0 ? k.toUpperCase() : k.toLowerCase(), k === 'requestParameters' ? v : respell(v, i + j)]));
    };
    const expected = denialFromRecord(chat);
    expect(expected.ok).toBe(true);
    expect(denialFromRecord(respell(chat))).toEqual(expected);
    const filler = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`filler${i}`, i]));
    expect(denialFromRecord({ ...filler, ...(respell(chat) as object) })).toEqual(expected);
  });
  it('a record with an unusual code whose message has the grammar is a denial', () => {
    expect(isDenialRecord({ eventName: 'X', errorCode: 'Forbidden', errorMessage: 'User: arn:aws:iam::111122223333:user/a is not authorized to perform: x:Y' })).toBe(true);
  });
});

describe('event names to actions', () => {
  it.each([
    ['connect.amazonaws.com', 'StartChatContact', 'connect:StartChatContact'],
    ['monitoring.amazonaws.com', 'GetMetricData', 'cloudwatch:GetMetricData'],
    ['email.amazonaws.com', 'SendRawEmail', 'ses:SendRawEmail'],
    ['tagging.amazonaws.com', 'GetResources', 'tag:GetResources'],
    ['streams.dynamodb.amazonaws.com', 'GetRecords', 'dynamodb:GetRecords'],
    ['s3.amazonaws.com', 'HeadObject', 's3:GetObject'],
    ['s3.amazonaws.com', 'ListBuckets', 's3:ListAllMyBuckets'],
    ['lambda.amazonaws.com', 'UpdateFunctionCode20150331v2', 'lambda:UpdateFunctionCode'],
    ['cloudfront.amazonaws.com', 'GetDistribution2020_05_31', 'cloudfront:GetDistribution'],
    ['kms.amazonaws.com', 'decrypt', 'kms:Decrypt'],
    ['example.amazonaws.com', 'DoThing', 'example:DoThing'],
  ])('%s %s -> %s', (source, name, action) => {
    expect(actionOfEvent(source, name)).toBe(action);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Files.

let dir: string;
const path = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'whydenied-cloudtrail-'));
  const trail = JSON.stringify({ Records: records });
  await writeFile(path('trail.json'), trail);
  await writeFile(path('111122223333_CloudTrail_us-east-1_20240501T1235Z_abc.json.gz'), gzipSync(trail));
  // Two gzip members back to back (concatenated deliveries) are one stream to gunzip.
  await writeFile(path('two-members.json.gz'), Buffer.concat([gzipSync('{"Records": ['), gzipSync(`${JSON.stringify(chat)}]}`)]));
  // A browser decompressed the download but kept the name.
  await writeFile(path('decompressed.json.gz'), trail);
  await writeFile(path('lookup.json'), JSON.stringify({ Events: [{ EventId: 'e', CloudTrailEvent: JSON.stringify(chat) }], NextToken: 'abc' }, null, 2));
  await writeFile(path('records.jsonl'), `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  await writeFile(path('with-bom.json'), `\uFEFF${JSON.stringify(chat)}`);
  await writeFile(path('empty-trail.json'), '{"Records": []}');
  const gz = gzipSync(trail);
  await writeFile(path('truncated.json.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
  await writeFile(path('corrupt.json.gz'), Buffer.concat([gz.subarray(0, 10), Buffer.alloc(64, 0xab), gz.subarray(74)]));
  await writeFile(path('truncated.json'), trail.slice(0, trail.length - 20));
  await writeFile(path('bad-line.jsonl'), `${JSON.stringify(chat)}\n${JSON.stringify(chat)}\n{"eventName": \n`);
  await writeFile(path('garbage.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe]));
  await writeFile(path('latin1.json'), Buffer.from([0x7b, 0x22, 0xe9, 0xff, 0x22, 0x7d]));
  await writeFile(path('empty.json'), '');
  await writeFile(path('blank.json'), '  \n\n ');
  await writeFile(path('policy.json'), JSON.stringify({ Version: '2012-10-17', Statement: [] }));
  await writeFile(path('not-json.txt'), 'User: arn:aws:iam::111122223333:user/a is not authorized to perform: s3:GetObject');
  await mkdir(path('folder.json'));
  await writeFile(path('unreadable.json'), trail);
  await chmod(path('unreadable.json'), 0o000);
});

afterAll(async () => {
  await chmod(path('unreadable.json'), 0o600).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('readCloudTrailFile', () => {
  it.each([
    ['trail.json', records.length],
    ['111122223333_CloudTrail_us-east-1_20240501T1235Z_abc.json.gz', records.length],
    ['two-members.json.gz', 1],
    ['decompressed.json.gz', records.length],
    ['lookup.json', 1],
    ['records.jsonl', records.length],
    ['with-bom.json', 1],
    ['empty-trail.json', 0],
  ])('reads %s (%i records)', async (name, count) => {
    const result = await readCloudTrailFile(path(name));
    expect(result, JSON.stringify(result).slice(0, 300)).toMatchObject({ ok: true });
    if (result.ok) expect(result.records).toHaveLength(count);
  });

  it('the records read from a .json.gz are the records written', async () => {
    const result = await readCloudTrailFile(path('111122223333_CloudTrail_us-east-1_20240501T1235Z_abc.json.gz'));
    expect(result).toEqual({ ok: true, records });
  });

  it.each([
    ['truncated.json.gz', { messageId: 'truncatedGzip', data: {} }],
    ['corrupt.json.gz', { messageId: 'damagedGzip', data: { reason: expect.stringMatching(/^[a-z]/) } }],
    ['truncated.json', { messageId: 'invalidJson', data: { reason: expect.stringMatching(/^[a-z]/) }, line: 1 }],
    ['bad-line.jsonl', { messageId: 'invalidJsonLines', data: { reason: expect.stringMatching(/^[a-z]/) }, line: 3 }],
    ['garbage.bin', { messageId: 'binary', data: { expected: 'cloudtrail' } }],
    ['latin1.json', { messageId: 'binary', data: { expected: 'cloudtrail' } }],
    ['empty.json', { messageId: 'empty', data: {} }],
    ['blank.json', { messageId: 'empty', data: {} }],
    ['policy.json', { messageId: 'noCloudTrailRecords', data: {} }],
    ['not-json.txt', { messageId: 'invalidJson', data: { reason: expect.stringMatching(/^[a-z]/) } }],
    ['folder.json', { messageId: 'isFolder', data: { role: 'file' } }],
    ['missing.json.gz', { messageId: 'notFound', data: { role: 'file' } }],
  ])('%s: %o', async (name, problem) => {
    const result = await readCloudTrailFile(path(name));
    expect(result).toMatchObject({ ok: false, problem: { file: path(name), ...problem } });
    if (!result.ok) expect(result.problem.data).toEqual(problem.data);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file: permission denied', async () => {
    const result = await readCloudTrailFile(path('unreadable.json'));
    expect(result).toEqual({ ok: false, problem: { file: path('unreadable.json'), messageId: 'permissionDenied', data: {} } });
  });

  it('truncated JSON names the line and column', async () => {
    const result = await readCloudTrailFile(path('truncated.json'));
    expect(result).toMatchObject({ ok: false, problem: { messageId: 'invalidJson', line: 1, column: expect.any(Number) } });
  });
});
