/**
 * Getting a fix out of `whydenied explain`: the changed statements (not the whole policy) with context,
 * `--out FILE` (the whole document, atomically, 0600, never through a symlink), the AWS CLI command that
 * applies it per holder, and `--format` with `--json`. Run as the real command.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { policyChange } from '../src/render/diff.js';
import { spawnCliSync } from './fixtures/spawn-cli.js';
import { tempFolder } from './fixtures/temp-folder.js';

const { dir, file } = tempFolder('whydenied-fix-out-', { indent: 2 });
const run = (args: string[]) => spawnCliSync(['explain', ...args], { cwd: dir });

const ACCOUNT = '111122223333';
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/Reporter/fn`;
const OBJECT = 'arn:aws:s3:::reports/q3.csv';
const MESSAGE = `User: ${SESSION} is not authorized to perform: s3:GetObject on resource: ${OBJECT} because no identity-based policy allows the s3:GetObject action`;

/** 61 statements; the 31st nearly allows the request (the bucket is misspelled). */
const BIG = {
  Version: '2012-10-17',
  Statement: Array.from({ length: 61 }, (_, i) =>
    i === 30
      ? { Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::report/*' }
      : { Sid: `Other${i}`, Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t${i}` },
  ),
};

beforeAll(() => {
  file('big.json', BIG);
});

describe('the JSON fix: the changed statements, with context', () => {
  it('a one-statement change to a 61-statement policy prints that statement and `...`, not 700 lines', () => {
    const r = run([MESSAGE, '--policy', 'big.json']);
    expect(r.code).toBe(0);
    const fix = r.stdout.slice(r.stdout.indexOf('Fix (verified)'));
    expect(fix).toContain('"Sid": "ReadReports"');
    expect(fix).toMatch(/- +"Resource": "arn:aws:s3:::report\/\*"/);
    expect(fix).toContain('... (30 unchanged statements)');
    expect(fix).not.toContain('Other45');
    expect(r.stdout).toContain('· 60 other statements do not match the request');
    expect(r.stdout.split('\n').length).toBeLessThan(60);
  });

  it('an appended statement is shown whole, the statement before it only by its closing line', () => {
    const before = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow', Action: 'a:B', Resource: '*' }, { Sid: 'B', Effect: 'Allow', Action: 'c:D', Resource: ['x', 'y', 'z', 'w'] }] }, null, 2);
    const after = JSON.stringify({ ...JSON.parse(before), Statement: [...(JSON.parse(before) as { Statement: unknown[] }).Statement, { Sid: 'New', Effect: 'Allow', Action: 'e:F', Resource: 'r' }] }, null, 2);
    const out = policyChange(before, after);
    expect(out).toContain('+       "Sid": "New"');
    expect(out).toMatch(/\.\.\. \(\d unchanged statements?\)/);
    expect(out).not.toContain('"Sid": "A"');
    // Every kept line is a line of one of the two documents, in order.
    expect(out.split('\n').filter((l) => !l.includes('...')).map((l) => l.slice(2)).join('\n')).not.toContain('undefined');
  });
});

describe('--out FILE', () => {
  it('writes the whole new document (mode 0600) and the apply command reads that file', () => {
    const r = run([MESSAGE, '--policy', 'big.json', '--out', 'fixed.json']);
    expect(r.code).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'fixed.json'), 'utf8')) as typeof BIG;
    expect(written.Statement).toHaveLength(61);
    expect(written.Statement[30]).toEqual({ Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: OBJECT });
    expect(written.Statement[29]).toEqual(BIG.Statement[29]);
    expect(statSync(join(dir, 'fixed.json')).mode & 0o777).toBe(0o600);
    expect(r.stdout).toContain('aws iam put-role-policy --role-name Reporter --policy-name big --policy-document file://fixed.json');
    expect(r.stderr).toContain('wrote the verified fix (the whole new document) to fixed.json');
  });

  it('keeps the mode of an existing file', () => {
    const path = file('kept.json', '{}');
    chmodSync(path, 0o640);
    expect(run([MESSAGE, '--policy', 'big.json', '--out', path]).code).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect((JSON.parse(readFileSync(path, 'utf8')) as typeof BIG).Statement).toHaveLength(61);
  });

  it('--format terraform writes the Terraform resource that holds the policy', () => {
    const r = run([MESSAGE, '--policy', 'big.json', '--format', 'terraform', '--out', 'fix.tf']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'fix.tf'), 'utf8')).toMatch(/^resource "aws_iam_role_policy" /m);
    expect(r.stdout).not.toContain('aws iam put-role-policy'); // the snippet deploys itself
  });

  it('refuses a symbolic link: nothing is written where it points', () => {
    const target = file('target.json', 'untouched');
    symlinkSync(target, join(dir, 'link.json'));
    const r = run([MESSAGE, '--policy', 'big.json', '--out', 'link.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot write the fix to link.json: is a symbolic link; give the real path');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readFileSync(target, 'utf8')).toBe('untouched');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.json'))).toBe(target);
  });

  it('a missing folder or a folder as FILE: usage error before anything is explained, nothing written', () => {
    const missing = run([MESSAGE, '--policy', 'big.json', '--out', 'no/such/fix.json']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe('whydenied: cannot write the fix to no/such/fix.json: no such folder\n');
    const folder = run([MESSAGE, '--policy', 'big.json', '--out', dir]);
    expect(folder).toMatchObject({ code: 1, stdout: '' });
    expect(folder.stderr).toBe(`whydenied: cannot write the fix to ${dir}: it is a folder\n`);
  });

  it('an unwritable folder: exit 1, "permission denied", no file', () => {
    // As root a 0555 folder is still writable; /sys refuses new files to everyone.
    const root = process.getuid?.() === 0;
    const folder = root ? '/sys' : join(dir, 'readonly');
    if (!root) {
      mkdirSync(folder);
      chmodSync(folder, 0o555);
    }
    const out = join(folder, 'whydenied-fix.json');
    const r = run([MESSAGE, '--policy', 'big.json', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot write the fix to ${out}: permission denied`);
    expect(existsSync(out)).toBe(false);
  });

  it('with no fix to write: exit 1, nothing written', () => {
    const allowed = file('allows.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const r = run([MESSAGE, '--policy', allowed, '--out', 'none.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing written to none.json: there is no fix to write');
    expect(existsSync(join(dir, 'none.json'))).toBe(false);
  });
});

describe('the command that applies the fix, per holder', () => {
  const scenario = (extra: Record<string, unknown>) => ({ request: { principal: SESSION, action: 's3:GetObject', resource: OBJECT }, ...extra });
  const nearMiss = { Version: '2012-10-17', Statement: [{ Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::report/*' }] };

  it('a customer managed policy: a new default version', () => {
    const path = file('managed.json', scenario({ identityPolicies: [{ name: 'Reports', arn: `arn:aws:iam::${ACCOUNT}:policy/team/Reports`, document: nearMiss }] }));
    const r = run(['--scenario', path]);
    expect(r.stdout).toContain(`aws iam create-policy-version --policy-arn arn:aws:iam::${ACCOUNT}:policy/team/Reports --policy-document file://Reports.json --set-as-default`);
    expect(r.stdout).toContain('save the whole document first: --out Reports.json');
  });

  it('no allowing statement at all: create the policy, then attach it to the role', () => {
    const path = file('none.json', scenario({ identityPolicies: [{ name: 'Other', document: BIG.Statement[0] && { Version: '2012-10-17', Statement: [BIG.Statement[0]] } }] }));
    const r = run(['--scenario', path, '--json']);
    const fix = (JSON.parse(r.stdout) as { fixes: { apply: string[] }[] }).fixes[0]!;
    expect(fix.apply).toEqual([
      'aws iam create-policy --policy-name Reporter-AllowGetObject --policy-document file://Reporter-AllowGetObject.json',
      `aws iam attach-role-policy --role-name Reporter --policy-arn arn:aws:iam::${ACCOUNT}:policy/Reporter-AllowGetObject`,
    ]);
  });

  it('an SCP read with its ARN: organizations update-policy with its ID', () => {
    const scp = { Version: '2012-10-17', Statement: [{ Sid: 'DenyS3', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalARN': `arn:aws:iam::${ACCOUNT}:role/Admin` } } }] };
    const path = file(
      'scp.json',
      scenario({
        identityPolicies: [{ name: 'Read', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: OBJECT }] } }],
        serviceControlPolicies: [
          { target: 'r-ab12', policies: [{ name: 'FullAWSAccess', arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }, { name: 'NoS3', arn: 'arn:aws:organizations::999988887777:policy/o-abcdefghij/service_control_policy/p-examplepolicyid111', document: scp }] },
        ],
      }),
    );
    const r = run(['--scenario', path, '--json']);
    const fixes = (JSON.parse(r.stdout) as { fixes: { reason: string; apply: string[] }[] }).fixes;
    expect(fixes.find((f) => f.reason === 'scpException')?.apply).toEqual(['aws organizations update-policy --policy-id p-examplepolicyid111 --content file://NoS3.json']);
  });

  it('a KMS key policy that was given: put-key-policy on that key', () => {
    const key = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const request = { principal: SESSION, action: 'kms:Decrypt', resource: key };
    const identity = [{ name: 'Use', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: key }] } }];
    const keyPolicy = { Version: '2012-10-17', Statement: [{ Sid: 'Admins', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/Admin` }, Action: 'kms:*', Resource: '*' }] };
    const given = run(['--scenario', file('key.json', { request, identityPolicies: identity, resourcePolicy: { name: 'KeyPolicy', document: keyPolicy } }), '--json']);
    const fixes = (JSON.parse(given.stdout) as { fixes: { reason: string; apply: string[] }[] }).fixes;
    expect(fixes.find((f) => f.reason === 'keyPolicyAllow')?.apply).toEqual([`aws kms put-key-policy --key-id ${key} --policy-name default --policy file://KeyPolicy.json`]);
  });
});

describe('--format with --json, and bad formats', () => {
  it('--json --format cloudformation puts the rendered snippet in each fix', () => {
    const r = run(['--example', '--json', '--format', 'cloudformation']);
    const fix = (JSON.parse(r.stdout) as { fixes: { format: string; rendered: string }[] }).fixes[0]!;
    expect(fix.format).toBe('cloudformation');
    expect(fix.rendered).toContain('Type: AWS::IAM::RolePolicy');
  });

  it('--json alone has no rendered snippet (the document is the JSON)', () => {
    const fix = (JSON.parse(run(['--example', '--json']).stdout) as { fixes: Record<string, unknown>[] }).fixes[0]!;
    expect(fix).not.toHaveProperty('rendered');
  });

  it('an unknown --format is a usage error, and nothing is written', () => {
    const r = run(['--example', '--format', 'yaml', '--out', 'never.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('yaml');
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });
});
