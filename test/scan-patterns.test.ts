/**
 * Scan groups high-cardinality resources by the pattern a fix would name: thousands of denied objects of
 * one bucket make one group (`arn:aws:s3:::bucket/folder/*`) that counts them and names a few; buckets,
 * principals and causes are never merged; resources a fix names one by one (KMS keys) are never patterned.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/scan/index.js';
import { ACCOUNT, ALICE, s3Denied } from './fixtures/scan/tree.js';

type Rec = Record<string, unknown>;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'whydenied-scan-patterns-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const time = (i: number) => `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z`;

/** alice denied s3:GetObject on bucket/key, as S3 words it today (explicit: an explicit deny). */
function object(bucket: string, key: string, i: number, explicit = false): Rec {
  const why = explicit ? 'with an explicit deny in an identity-based policy' : 'because no identity-based policy allows the s3:GetObject action';
  return {
    ...s3Denied(time(i)),
    eventID: `evt-${bucket}-${i}-${explicit}`,
    errorMessage: `User: ${ALICE} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${bucket}/${key}" ${why}`,
    requestParameters: { bucketName: bucket, key },
  };
}

async function groupsOf(name: string, records: Rec[]) {
  const folder = join(dir, name);
  mkdirSync(folder);
  // Several files, as a trail delivers them, so that groups also merge across files and threads.
  for (let f = 0; f < 4; f++) writeFileSync(join(folder, `trail-${f}.json`), JSON.stringify({ Records: records.filter((_, i) => i % 4 === f) }));
  const report = await scan([folder], { workers: 2 });
  return { report, groups: report.groups };
}

describe('scan groups resources by the pattern a fix would name', () => {
  it('makes one group of thousands of objects of one bucket, named by their common folder', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => object('reports', `exports/2026/${String(i).padStart(5, '0')}.csv`, i));
    const { report, groups } = await groupsOf('one-bucket', records);
    expect(report.denials).toBe(3000);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      principal: ALICE,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::reports/exports/2026/*',
      count: 3000,
      resources: { count: 3000, examples: ['arn:aws:s3:::reports/exports/2026/00000.csv', 'arn:aws:s3:::reports/exports/2026/00001.csv', 'arn:aws:s3:::reports/exports/2026/00002.csv'] },
    });
    expect(groups[0]!.examples).toHaveLength(5);
  });

  it('names the whole bucket when the keys share no folder, and stops before a wildcard in a key', async () => {
    const { groups } = await groupsOf('no-folder', [object('data', 'a.csv', 1), object('data', 'b/c.csv', 2), object('wild', 'x*/1.csv', 3), object('wild', 'x*/2.csv', 4)]);
    expect(groups.map((g) => [g.resource, g.resources.count]).sort()).toEqual([
      ['arn:aws:s3:::data/*', 2],
      ['arn:aws:s3:::wild/*', 2],
    ]);
  });

  it('keeps two buckets apart', async () => {
    const records = Array.from({ length: 400 }, (_, i) => object(i % 2 === 0 ? 'reports' : 'archive', `k/${i}.csv`, i));
    const { groups } = await groupsOf('two-buckets', records);
    expect(groups.map((g) => [g.resource, g.count, g.resources.count]).sort()).toEqual([
      ['arn:aws:s3:::archive/k/*', 200, 200],
      ['arn:aws:s3:::reports/k/*', 200, 200],
    ]);
  });

  it('never merges different causes or principals', async () => {
    const bob = `arn:aws:iam::${ACCOUNT}:user/bob`;
    const records = [
      ...Array.from({ length: 10 }, (_, i) => object('reports', `open/${i}.csv`, i)),
      ...Array.from({ length: 10 }, (_, i) => object('reports', `secret/${i}.csv`, i, true)),
      ...Array.from({ length: 10 }, (_, i) => {
        const r = object('reports', `open/${i}.csv`, i);
        return { ...r, eventID: `bob-${i}`, userIdentity: { ...(r['userIdentity'] as Rec), arn: bob, userName: 'bob' }, errorMessage: String(r['errorMessage']).replace(ALICE, bob) };
      }),
    ];
    const { groups } = await groupsOf('causes', records);
    const seen = groups.map((g) => [g.principal, g.resource, g.count]).sort();
    expect(seen).toEqual([
      [ALICE, 'arn:aws:s3:::reports/open/*', 10],
      [ALICE, 'arn:aws:s3:::reports/secret/*', 10],
      [bob, 'arn:aws:s3:::reports/open/*', 10],
    ]);
    const causes = new Set(groups.filter((g) => g.principal === ALICE).map((g) => g.cause));
    expect(causes.size).toBe(2);
  });

  it('keeps a single object as itself, and never patterns resources a fix names one by one', async () => {
    const kms = (key: string, i: number): Rec => ({
      ...s3Denied(time(i)),
      eventID: `kms-${key}-${i}`,
      eventSource: 'kms.amazonaws.com',
      eventName: 'Decrypt',
      errorMessage: `User: ${ALICE} is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:${ACCOUNT}:key/${key} because no identity-based policy allows the kms:Decrypt action`,
      requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    });
    const { groups } = await groupsOf('exact', [object('reports', 'q3.csv', 1), object('reports', 'q3.csv', 2), kms('1111', 3), kms('2222', 4)]);
    expect(groups.map((g) => [g.resource, g.count, g.resources.count]).sort()).toEqual([
      [`arn:aws:kms:us-east-1:${ACCOUNT}:key/1111`, 1, 1],
      [`arn:aws:kms:us-east-1:${ACCOUNT}:key/2222`, 1, 1],
      ['arn:aws:s3:::reports/q3.csv', 2, 1],
    ]);
  });
});
