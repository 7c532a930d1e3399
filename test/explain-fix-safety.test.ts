/**
 * What explain must not claim: a fix lint would flag is not verified; an SCP level of Deny statements only is
 * warned about; with `--live`, policies that could not be read are unknown, not empty. And organization
 * levels holding several policies (`--scp-level`), run as the real command.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../src/explain/explain.js';
import { renderExplanation } from '../src/render/explanation.js';
import { plain } from '../src/render/style.js';
import { spawnCliSync } from './fixtures/spawn-cli.js';
import { tempFolder } from './fixtures/temp-folder.js';

const { dir, file } = tempFolder('whydenied-fix-safety-');
const run = (args: string[]) => spawnCliSync(['explain', ...args], { cwd: dir });
const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement });
const SESSION = 'arn:aws:sts::111122223333:assumed-role/Reporter/fn';
const OBJECT = 'arn:aws:s3:::reports/q3.csv';
const request = { principal: SESSION, action: 's3:GetObject', resource: OBJECT };
const MESSAGE = `User: ${SESSION} is not authorized to perform: s3:GetObject on resource: ${OBJECT}`;

beforeAll(() => {
  file('FullAWSAccess.json', doc({ Effect: 'Allow', Action: '*', Resource: '*' }));
  file('guardrail.json', doc({ Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }));
  file('read.json', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }));
});

describe('lint runs on every fix', () => {
  it('a fix that copies a condition key the action never carries is flagged by lint, so not verified, and says why', () => {
    const scenario = {
      request,
      identityPolicies: [{ name: 'Read', document: doc({ Sid: 'ListAndRead', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetObject'], Resource: ['arn:aws:s3:::report', 'arn:aws:s3:::report/*'], Condition: { StringEqualsIfExists: { 's3:prefix': 'q3/' } } }) }],
    };
    const result = explain({ scenario });
    if (!result.ok) throw new Error('explain failed');
    const fix = result.explanation.fixes[0]!;
    expect(fix.proof).toBe('proven'); // the proof alone would have called it verified
    expect(fix.verified).toBe(false);
    expect(fix.lint).toEqual([expect.objectContaining({ rule: 'condition-key-not-for-action', pointer: '/Statement/1/Condition/StringEqualsIfExists/s3:prefix' })]);
    const text = renderExplanation(result.explanation, 'json', plain);
    expect(text).toContain('Fix (not verified)');
    expect(text).toMatch(/lint: warning condition-key-not-for-action › AllowGetObject: .*s3:prefix.*\(so not offered as verified\)/);
  });

  it('a finding the policy already had is not the fix\'s: the Connect example stays verified', () => {
    const r = run(['--example', '--json']);
    const fix = (JSON.parse(r.stdout) as { fixes: { verified: boolean; lint?: unknown }[] }).fixes[0]!;
    expect(fix).toMatchObject({ verified: true });
    expect(fix.lint).toBeUndefined();
  });
});

describe('organization levels', () => {
  it('--scp FullAWSAccess --scp guardrail: two levels, the second with only a Deny, which is the cause, and a warning says so', () => {
    const r = run([MESSAGE, '--policy', 'read.json', '--scp', 'FullAWSAccess.json', '--scp', 'guardrail.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('DENIED (no allow)');
    expect(r.stdout).toContain('warning: at the SCP level `guardrail` guardrail holds only Deny statements: nothing is allowed at that level');
  });

  it('--scp-level FullAWSAccess.json,guardrail.json: one level with both policies, no invented cause', () => {
    const r = run([MESSAGE, '--policy', 'read.json', '--scp-level', 'FullAWSAccess.json,guardrail.json']);
    expect(r.stdout).toContain('ALLOWED BY THE GIVEN POLICIES');
    expect(r.stdout).not.toContain('only Deny statements');
  });

  it('--scp-level repeated: one level each, root first', () => {
    const r = run([MESSAGE, '--policy', 'read.json', '--scp-level', 'FullAWSAccess.json', '--scp-level', 'FullAWSAccess.json,guardrail.json', '--json']);
    const json = JSON.parse(r.stdout) as { decision: string; statements: { target?: string }[] };
    expect(json.decision).toBe('allow');
    expect([...new Set(json.statements.map((s) => s.target).filter(Boolean))]).toEqual(['level 1 (FullAWSAccess)', 'level 2 (FullAWSAccess, guardrail)']);
  });

  it('bad input: --scp with --scp-level, an empty name, a missing file', () => {
    const both = run([MESSAGE, '--policy', 'read.json', '--scp', 'guardrail.json', '--scp-level', 'FullAWSAccess.json']);
    expect(both).toMatchObject({ code: 1, stdout: '' });
    expect(both.stderr).toContain('give the organization levels with --scp (one policy each) or --scp-level (several each), not both');
    const empty = run([MESSAGE, '--policy', 'read.json', '--scp-level', 'FullAWSAccess.json,']);
    expect(empty).toMatchObject({ code: 1, stdout: '' });
    expect(empty.stderr).toContain('--scp-level `FullAWSAccess.json,`: expected FILE or FILE,FILE...');
    const missing = run([MESSAGE, '--policy', 'read.json', '--scp-level', 'FullAWSAccess.json,nope.json']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('nope.json');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('--live: a policy that could not be read is unknown, not empty', () => {
  // The scenario as `collect` / `explain --live` builds it when iam:ListAttachedRolePolicies was denied.
  const collected = (mattered: boolean) => ({
    request,
    identityPolicies: [],
    collected: {
      unreadable: [{ what: 'the attached policies of role Reporter', call: 'iam:ListAttachedRolePolicies', reason: 'AccessDenied: not authorized', mattered, affects: ['identity'] }],
    },
  });

  it('never "no Allow statement at all": the decision depends on what could not be read, and no fix is verified', () => {
    const result = explain({ scenario: collected(true) });
    if (!result.ok) throw new Error('explain failed');
    const e = result.explanation;
    const finding = e.findings.find((f) => f.check === 'action-not-allowed');
    expect(finding).toMatchObject({ messageId: 'notAmongRead', severity: 'warning' });
    expect(e.unread).toEqual([{ what: 'the attached policies of role Reporter', call: 'iam:ListAttachedRolePolicies', reason: 'AccessDenied: not authorized' }]);
    expect(e.fixes.every((f) => !f.verified)).toBe(true);
    const text = renderExplanation(e, 'json', plain);
    expect(text).not.toContain('no Allow statement at all');
    expect(text).toContain('The decision depends on what could not be read');
    expect(text).toContain('some could not be read, so whether they allow it is unknown');
  });

  it('what could not be read but cannot change the decision changes nothing', () => {
    const result = explain({ scenario: collected(false) });
    if (!result.ok) throw new Error('explain failed');
    expect(result.explanation.findings.find((f) => f.check === 'action-not-allowed')).toMatchObject({ messageId: 'noAllowAtAll', severity: 'error' });
    expect(result.explanation.unread).toBeUndefined();
  });
});
