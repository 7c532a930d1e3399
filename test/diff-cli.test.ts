/** `whydenied diff OLD NEW`: verdicts, exit codes, JSON checked with simulate(), SARIF against the schema, bad input. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { policyScenario, type DiffResult } from '../src/proof/diff.js';
import { simulate } from '../src/simulate.js';
import { spawnCliSync } from './fixtures/spawn-cli.js';
import { tempFolder } from './fixtures/temp-folder.js';

const root = join(import.meta.dirname, '..');
const { dir, file } = tempFolder('whydenied-diff-', { indent: 2 });
const run = (...args: string[]) => spawnCliSync(['diff', ...args]);

const FLOW = 'arn:aws:connect:us-east-1:406723598157:instance/X/contact-flow/Y';
const chat = (resource: string, actions: string | string[] = 'connect:StartChatContact') => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'AllowChat', Effect: 'Allow', Action: actions, Resource: resource, Condition: { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } } }],
});

let oldPolicy: string;
let widened: string;

beforeAll(() => {
  oldPolicy = file('old.json', chat(FLOW));
  widened = file('new.json', chat('arn:aws:connect:us-east-1:406723598157:instance/X/contact-flow/*'));
});

describe('whydenied diff', () => {
  it('a widened Resource: NEW grants more, with the statement and its line (exit 2)', () => {
    const r = run(oldPolicy, widened);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^NEW grants more: 1 difference that OLD does not allow/);
    expect(r.stdout).toContain('connect:StartChatContact on arn:aws:connect:us-east-1:406723598157:instance/X/contact-flow/');
    expect(r.stdout).toContain('with aws:SourceIp=198.51.100.');
    expect(r.stdout).toContain(`Allow statement AllowChat: its Resource now matches (it did not in OLD) (${widened} line 4)`);
  });

  it('the same policy, and a narrower one: nothing broader (exit 0); the narrowing is listed', () => {
    expect(run(oldPolicy, oldPolicy)).toMatchObject({ code: 0, stdout: 'NEW grants no access that OLD did not\n' });
    const r = run(widened, oldPolicy);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('NEW grants no access that OLD did not');
    expect(r.stdout).toContain('NEW also denies 1 kind of request that OLD allowed');
  });

  it('--json: every newly allowed request is allowed by simulate() under NEW and not under OLD', () => {
    const next = file('two.json', chat('arn:aws:connect:us-east-1:406723598157:instance/X/contact-flow/*', ['connect:StartChatContact', 'connect:Describe*']));
    const r = run(oldPolicy, next, '--json');
    expect(r.code).toBe(2);
    const result = JSON.parse(r.stdout) as DiffResult;
    expect(result).toMatchObject({ policyType: 'identity', broader: true, narrower: false, newlyDenied: [], undecided: [] });
    expect(result.newlyAllowed.map((d) => d.because.element).sort()).toEqual(['Action', 'Resource']);
    for (const d of result.newlyAllowed) {
      const request = { principal: d.principal, action: d.action, resource: d.resource, context: d.context };
      expect(simulate(policyScenario('identity', JSON.parse(readFileSync(next, 'utf8')), request)).decision).toBe('allow');
      expect(simulate(policyScenario('identity', chat(FLOW), request)).decision).not.toBe('allow');
    }
  });

  it('scope options restrict the question', () => {
    expect(run(oldPolicy, widened, '--action', 'connect:Describe*').code).toBe(0);
    expect(run(oldPolicy, widened, '--resource', FLOW).code).toBe(0);
    expect(run(oldPolicy, widened, '--context', 'aws:SourceIp=203.0.113.9').code).toBe(0);
    expect(run(oldPolicy, widened, '--action', 'connect:*', '--context', 'aws:SourceIp=198.51.100.7').code).toBe(2);
  });

  it('--type scp: an SCP Deny removed', () => {
    const allowAll = { Effect: 'Allow', Action: '*', Resource: '*' };
    const before = file('scp-old.json', { Version: '2012-10-17', Statement: [allowAll, { Sid: 'NoLeave', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] });
    const after = file('scp-new.json', { Version: '2012-10-17', Statement: [allowAll] });
    const r = run(before, after, '--type', 'scp', '--json');
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as DiffResult).newlyAllowed).toEqual([expect.objectContaining({ action: 'organizations:LeaveOrganization', because: expect.objectContaining({ statement: 'NoLeave', effect: 'Deny', element: 'Statement' }) })]);
  });

  it('two scenarios: the whole decision for the principal', () => {
    const example = JSON.parse(readFileSync(join(root, 'examples', 'connect-chat.json'), 'utf8')) as { identityPolicies: { document: { Statement: { Resource: string }[] } }[] };
    const fixed = structuredClone(example);
    fixed.identityPolicies[0]!.document.Statement[0]!.Resource += '/contact-flow/*';
    const r = run(join(root, 'examples', 'connect-chat.json'), file('fixed-scenario.json', fixed), '--json');
    expect(r.code).toBe(2);
    const result = JSON.parse(r.stdout) as DiffResult;
    expect(result.policyType).toBe('scenario');
    expect(result.newlyAllowed).toEqual([expect.objectContaining({ action: 'connect:StartChatContact', because: expect.objectContaining({ policy: 'StartChat', statement: 'AllowStartChatContact', element: 'Resource' }) })]);
  });

  it('policy variables: no difference found, but not proven (exit 3)', () => {
    const home = (r: string) => ({ Version: '2012-10-17', Statement: [{ Sid: 'Home', Effect: 'Allow', Action: 's3:GetObject', Resource: r }] });
    const r = run(file('v1.json', home('arn:aws:s3:::home/${aws:username}/*')), file('v2.json', home('arn:aws:s3:::home/${aws:username}/docs/*')));
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('Not proven');
    expect(r.stdout).toContain('aws:username: policy variable ${aws:username} was compared for one value and for its absence, not for every value');
  });

  it('--json: each undecided reason carries its id and data beside its words', () => {
    const statement = (Resource: string, Condition: object) => ({ Version: '2012-10-17', Statement: [{ Sid: 'Home', Effect: 'Allow', Action: 's3:GetObject', Resource, Condition }] });
    const mixed = { StringEquals: { 'aws:PrincipalTag/team': 'a' }, NumericLessThan: { 'aws:PrincipalTag/team': '5' } };
    const r = run(file('u1.json', statement('arn:aws:s3:::home/${aws:username}/*', mixed)), file('u2.json', statement('arn:aws:s3:::home/${aws:username}/docs/*', mixed)), '--json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).undecided).toEqual([
      { messageId: 'policyVariable', data: { variable: 'aws:username' }, subject: 'aws:username', reason: 'policy variable ${aws:username} was compared for one value and for its absence, not for every value' },
      { messageId: 'operatorKinds', data: { kinds: ['regular', 'number'] }, subject: 'aws:PrincipalTag/team', reason: 'compared with operators of several kinds (regular, number): the values tried may not cover every case' },
    ]);
  });

  it('--sarif: valid SARIF 2.1.0 with one result per newly allowed request, located in NEW', () => {
    const require = createRequire(import.meta.url);
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
    const Ajv04 = require('ajv-draft-04') as new (options: object) => { addFormat(n: string, t: (s: string) => boolean): void; compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } };
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    for (const f of ['uri', 'uri-reference', 'date-time']) ajv.addFormat(f, () => true);
    const r = run(oldPolicy, widened, '--sarif');
    expect(r.code).toBe(2);
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs[0]!.results).toEqual([expect.objectContaining({ ruleId: 'newly-allowed', locations: [expect.objectContaining({ physicalLocation: expect.objectContaining({ region: { startLine: 4, startColumn: 5 } }) })] })]);
  });

  describe('bad input: one message naming the file and the place, exit 1, nothing on stdout', () => {
    it.each([
      ['a missing file', () => [join(dir, 'nope.json'), oldPolicy], /nope\.json: no such file/],
      ['invalid JSON', () => [file('broken.json', '{"Version": '), oldPolicy], /broken\.json:1:\d+: is not valid JSON/],
      ['a policy AWS would reject', () => [oldPolicy, file('alow.json', { Version: '2012-10-17', Statement: [{ Effect: 'Alow', Action: 's3:GetObject', Resource: '*' }] })], /alow\.json: a problem in the policy[\s\S]*alow\.json:5:\d+.*`Effect` must be `Allow` or `Deny`/],
      ['neither a policy nor a scenario', () => [file('list.json', [1, 2]), oldPolicy], /list\.json: is neither a policy document/],
      ['a policy against a scenario', () => [oldPolicy, join(root, 'examples', 'connect-chat.json')], /is a policy and .* a scenario/],
      ['an unknown policy type', () => [oldPolicy, widened, '--type', 'identiy'], /unknown policy type `identiy`/],
      ['a context option without a key', () => [oldPolicy, widened, '--context', 'SourceIp'], /`--context SourceIp` must be KEY=VALUE/],
      ['one file', () => [oldPolicy], /diff takes two files, OLD and NEW, got 1/],
    ])('%s', (_name, args, message) => {
      const r = run(...(args() as string[]));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    });
  });
});
