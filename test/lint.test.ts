/**
 * `whydenied lint` end to end: a CloudFormation template (YAML with intrinsic tags) and a Terraform plan
 * with known findings, `--action`, SARIF checked against the official 2.1.0 JSON schema, folders walked
 * recursively, and every kind of bad input as one clear message with exit 1.
 */
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCaptured } from './fixtures/run-cli.js';
import { spawnCliSync } from './fixtures/spawn-cli.js';
import { tempFolder } from './fixtures/temp-folder.js';
import { checkedActionName } from '../src/lint/action-check.js';
import { lintPaths } from '../src/lint/lint.js';
import { RULE_METAS } from '../src/lint/rules/index.js';
import type { LintFinding, LintReport } from '../src/lint/types.js';
import { lintMessage } from '../src/render/lint-text.js';
import { renderSarif } from '../src/render/sarif.js';

const root = join(import.meta.dirname, '..');
const fixtures = join('test', 'fixtures', 'lint');
const template = join(fixtures, 'chat-backend.yaml');
const plan = join(fixtures, 'plan.json');
const { dir, file } = tempFolder('whydenied-lint-');

const cli = (...args: string[]) => runCaptured(['lint', ...args]);

const brief = (f: LintFinding) => `${f.location.line}:${f.location.column} ${f.severity} ${f.rule}/${f.messageId} ${[f.location.resource, f.location.policy, f.location.statement].join(' › ')}`;

describe('a CloudFormation template in YAML with intrinsic tags', () => {
  let report: LintReport;
  beforeAll(async () => {
    report = await lintPaths([template]);
  });

  it('finds every IAM policy: Role inline Policies, ManagedPolicy, Policy, and the role\'s trust policy', () => {
    expect(report.files).toEqual([{ file: template, format: 'cloudformation', policies: 4 }]);
    expect(report.problems).toEqual([]);
  });

  it('reports exactly the known findings, each on the line its comment marks', () => {
    expect(report.findings.map(brief)).toEqual([
      '31:32 error resource-type-mismatch/wrongType ChatBackendRole › StartChat › AllowStartChatContact',
      '41:27 warning wildcard-action/service ChatBackendRole › StartChat › ProdEverything',
      '55:44 error unknown-action/unknownAction ChatSupportPolicy › ChatSupportPolicy › Logs',
      '61:23 warning wildcard-resource/narrower ChatSupportPolicy › ChatSupportPolicy › Attributes',
      '78:31 error invalid-condition-value/ip ChatSupportPolicy › ChatSupportPolicy › DescribeFlow',
      '78:31 warning source-ip-with-vpc-endpoint/allowNeedsSourceIp ChatSupportPolicy › ChatSupportPolicy › DescribeFlow',
      '90:13 error deny-everything/allowDead LegacyPolicy › legacy › NoChats',
      '98:23 error arn-region-or-account-placeholder/resource.word LegacyPolicy › legacy › Reports',
    ]);
    const lines = readFileSync(template, 'utf8').split('\n');
    for (const f of report.findings) {
      // the line above (or the line itself) names the rule in a comment
      const context = lines.slice(Math.max(0, f.location.line! - 4), f.location.line).join('\n');
      expect(context, brief(f)).toContain(f.rule);
    }
  });

  it('reads `!Sub` variables and `!Ref` as unknown segments: `instance/${InstanceId}` is still an instance ARN', () => {
    const mismatch = report.findings.find((f) => f.rule === 'resource-type-mismatch')!;
    if (mismatch.rule !== 'resource-type-mismatch' || mismatch.messageId !== 'wrongType') throw new Error(`not a wrong type: ${mismatch.rule}/${mismatch.messageId}`);
    expect(mismatch.data['resources']).toEqual(['arn:${AWS::Partition}:connect:${AWS::Region}:${AWS::AccountId}:instance/${InstanceId}']);
    expect(mismatch.data['namedTypes']).toEqual(['instance']);
    // the fix is filled from what the template names, `!Join` of !Ref ContactFlowId included
    expect(mismatch.fix?.value).toBe('arn:${AWS::Partition}:connect:${AWS::Region}:${AWS::AccountId}:instance/${InstanceId}/contact-flow/${ContactFlowId}');
    expect(mismatch.location.pointer).toBe('/Resources/ChatBackendRole/Properties/Policies/0/PolicyDocument/Statement/0/Resource');
  });

  it('lints both branches of `!If` in a list, located inside the `!If`', () => {
    const wildcard = report.findings.find((f) => f.rule === 'wildcard-action')!;
    expect(wildcard.location.pointer).toBe('/Resources/ChatBackendRole/Properties/Policies/0/PolicyDocument/Statement/2/Fn::If/1/Action');
  });

  it('never flags a value known only at deployment (`!GetAtt ChatLogs.Arn`, `${AWS::AccountId}`)', () => {
    expect(report.findings.filter((f) => f.rule === 'malformed-arn' || (f.rule === 'resource-type-mismatch' && f.location.statement === 'Logs'))).toEqual([]);
  });

  it('a JSON template with Fn::Sub and Fn::Join reads the same', async () => {
    const json = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Starter: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: {
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Sid: 'Instance', Effect: 'Allow', Action: 'connect:StartChatContact', Resource: { 'Fn::Sub': 'arn:aws:connect:${AWS::Region}:${AWS::AccountId}:instance/${InstanceId}' } },
                { Sid: 'Flows', Effect: 'Allow', Action: 'connect:StartChatContact', Resource: { 'Fn::Join': ['', ['arn:aws:connect:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':instance/', { Ref: 'InstanceId' }, '/contact-flow/*']] } },
              ],
            },
          },
        },
      },
    };
    const r = await lintPaths([file('template.json', JSON.stringify(json, null, 2))]);
    expect(r.findings.map((f) => `${f.location.line} ${f.rule} ${f.location.statement}`)).toEqual(['14 resource-type-mismatch Instance']);
  });
});

describe('a Terraform plan (terraform show -json)', () => {
  let report: LintReport;
  beforeAll(async () => {
    report = await lintPaths([plan]);
  });

  it('finds the policy strings of planned_values (child modules too) and skips what is unknown until apply', () => {
    expect(report.files).toEqual([{ file: plan, format: 'terraform-plan', policies: 4 }]);
    expect(report.findings.map(brief)).toEqual([
      '18:23 error resource-type-mismatch/wrongType aws_iam_role_policy.start_chat › start-chat › StartChat',
      '33:23 error arn-region-or-account-placeholder/account.word aws_iam_policy.logs › chat-logs › Logs',
      '81:27 warning allow-not-action/allowNotAction module.ops.aws_iam_user_policy.operator › operator › AllButIam',
    ]);
  });

  it('locates findings at the `policy` string, with the pointer inside the document', () => {
    const f = report.findings[0]!;
    expect(f.location.pointer).toBe('/planned_values/root_module/resources/0/values/policy');
    expect(f.location.documentPointer).toBe('/Statement/0/Resource');
    expect(f.fix?.value).toBe('arn:aws:connect:eu-west-2:246813579024:instance/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0/contact-flow/*');
    // the account placeholder is fixed with the one account the plan names
    expect(report.findings[1]!.fix?.value).toBe('arn:aws:logs:eu-west-2:246813579024:log-group:/aws/lambda/chat:*');
  });
});

describe('--action: would each identity policy allow the action on the resources it names?', () => {
  it('the Terraform plan: the role policy names the instance (denied), the inline policy its flows (allowed)', async () => {
    const report = await lintPaths([plan], { action: 'connect:StartChatContact' });
    const byPolicy = Object.fromEntries(report.actionChecks!.map((c) => [c.policy, c]));
    expect(byPolicy['flows']).toMatchObject({ verdict: 'allowed', results: [{ decision: 'allow', statement: 'Flows' }] });
    // the role's own inline policy allows it: the role_policy is judged with the role's other policies
    expect(byPolicy['start-chat']).toMatchObject({ verdict: 'allowed', results: [{ decision: 'allow', statement: 'flows › Flows' }] });
    expect(byPolicy['chat-logs']).toMatchObject({ verdict: 'denied' });
    expect(report.findings.some((f) => f.rule === 'action-not-allowed')).toBe(false);
  });

  it('the CloudFormation role: denied by the Deny another policy attaches to it', async () => {
    const report = await lintPaths([template], { action: 'connect:StartChatContact' });
    const role = report.actionChecks!.find((c) => c.policy === 'StartChat')!;
    expect(role.verdict).toBe('denied');
    expect(role.results[0]).toMatchObject({
      resource: 'arn:${AWS::Partition}:connect:${AWS::Region}:${AWS::AccountId}:instance/${InstanceId}/contact-flow/${ContactFlowId}',
      decision: 'explicit-deny',
      statement: 'legacy › NoChats',
    });
    expect(report.findings.filter((f) => f.rule === 'action-not-allowed').map((f) => f.messageId)).toEqual(['denied']);
  });

  it('the classic: a policy on the instance ARN cannot start chats (exit 4), on its flows it can (exit 0)', async () => {
    const instance = 'arn:aws:connect:us-west-2:246813579024:instance/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
    const policy = (resource: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'StartChat', Effect: 'Allow', Action: 'connect:StartChatContact', Resource: resource }] }, null, 2);
    const bad = await cli(file('instance.json', policy(instance)), '--action', 'connect:StartChatContact');
    expect(bad.code).toBe(4);
    expect(bad.stdout).toContain('✗ not allowed');
    expect(bad.stdout).toContain(`${instance}/contact-flow/example-contactflowid\` (built from the ARNs the policy names): \`StartChat\` misses the resource`);
    const good = await cli(file('flows.json', policy(`${instance}/contact-flow/*`)), '--action', 'connect:startchatcontact');
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('✓ allowed');
  });

  it('an --action that is no action: a did-you-mean and exit 1', async () => {
    const r = await cli(plan, '--action', 'connect:StartChatContat');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('`connect:StartChatContat` is not an action of `connect`');
    expect(r.stderr).toContain('did you mean `connect:StartChatContact`?');
  });

  it('says why an --action is no action as a code, a message id and data', () => {
    expect(checkedActionName('connect:startchatcontact')).toEqual({ ok: true, action: 'connect:StartChatContact' });
    expect(checkedActionName('connect:*')).toEqual({ ok: false, problem: { code: 'invalid-action', messageId: 'notSingleAction', data: { action: 'connect:*' }, note: { id: 'write-action' } } });
    expect(checkedActionName('conect:StartChatContact')).toEqual({ ok: false, problem: { code: 'unknown-service', messageId: 'unknownService', data: { service: 'conect' }, suggestion: 'connect' } });
    expect(checkedActionName('connect:StartChatContat')).toEqual({
      ok: false,
      problem: { code: 'unknown-action', messageId: 'unknownAction', data: { action: 'connect:StartChatContat', service: 'connect', matchesNothing: false }, suggestion: 'connect:StartChatContact' },
    });
  });
});

describe('SARIF 2.1.0', () => {
  const require = createRequire(import.meta.url);
  const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
  const Ajv04 = require('ajv-draft-04') as new (options: object) => {
    addFormat(name: string, test: (s: string) => boolean): void;
    compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null };
  };
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  const isUri = (s: string, base?: string) => {
    try {
      new URL(s, base);
      return true;
    } catch {
      return false;
    }
  };
  ajv.addFormat('uri', (s) => isUri(s));
  ajv.addFormat('uri-reference', (s) => isUri(s, 'file:///'));
  ajv.addFormat('date-time', (s) => !Number.isNaN(Date.parse(s)));
  const validate = ajv.compile(schema);

  it('the output of every fixture is valid against the official schema, with rules, locations and fixes', async () => {
    const r = await cli('--sarif', template, plan, join(fixtures, 'tree'), '--action', 'connect:StartChatContact');
    expect(r.code).toBe(4);
    const sarif = JSON.parse(r.stdout) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string; help: { text: string } }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[]; fixes?: unknown[] }[] }[];
    };
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const run = sarif.runs[0]!;
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual(RULE_METAS.map((m) => m.id));
    expect(run.tool.driver.rules.every((rule) => rule.help.text.includes('docs/lint/'))).toBe(true);
    expect(run.results.length).toBeGreaterThan(10);
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
      expect(result.locations[0]!.physicalLocation.region?.startLine).toBeGreaterThan(0);
    }
    expect(run.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri)).toContain('test/fixtures/lint/chat-backend.yaml');
    expect(run.results.some((x) => x.fixes)).toBe(true);
  });

  it('stays valid when files could not be read (tool execution notifications), and for a clean run', async () => {
    const report = await lintPaths([join(dir, 'missing.json'), join(fixtures, 'tree', 'good.json')]);
    const sarif = renderSarif(report, { version: '0.1.0', root });
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const notification = (sarif as { runs: { invocations: { toolExecutionNotifications: unknown[] }[] }[] }).runs[0]!.invocations[0]!.toolExecutionNotifications[0];
    expect(notification).toMatchObject({ message: { text: `${join(dir, 'missing.json')}: no such file or folder` }, properties: { messageId: 'notFound', data: { role: 'path' } } });
  });

  it('a fix replaces exactly the value in the file', async () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:GetObjet", "Resource": "arn:aws:s3:::reports/*" }\n  ]\n}\n';
    const path = file('typo.json', text);
    const sarif = JSON.parse((await cli('--sarif', path)).stdout) as { runs: { results: { fixes: { artifactChanges: { replacements: { deletedRegion: { startLine: number; startColumn: number; endColumn: number }; insertedContent: { text: string } }[] }[] }[] }[] }[] };
    const replacement = sarif.runs[0]!.results[0]!.fixes[0]!.artifactChanges[0]!.replacements[0]!;
    const line = text.split('\n')[replacement.deletedRegion.startLine - 1]!;
    expect(line.slice(replacement.deletedRegion.startColumn - 1, replacement.deletedRegion.endColumn - 1)).toBe('"s3:GetObjet"');
    expect(replacement.insertedContent.text).toBe('"s3:GetObject"');
  });
});

describe('one-element lists', () => {
  it('`"Action": ["x"]` and the YAML list form fail like the string form, each pointing at the value', async () => {
    const policy = (action: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] }, null, 2);
    const paths = [
      file('one-string.json', policy('connect:StartChatContacts')),
      file('one-list.json', policy(['connect:StartChatContacts'])),
      file('one-list.yaml', 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action:\n      - connect:StartChatContacts\n    Resource: "*"\n'),
    ];
    const lines = ['6:', '7:', '5:'];
    for (const [i, path] of paths.entries()) {
      const run = await cli(path);
      expect(run.code, path).toBe(4); // findings of severity error
      expect(run.stdout).toContain('connect:StartChatContact');
      const [f, ...rest] = (await lintPaths([path])).findings;
      expect(rest).toEqual([]);
      expect(`${f!.rule}/${f!.messageId} ${f!.fix?.value}`).toBe('unknown-action/unknownAction connect:StartChatContact');
      expect(`${f!.location.line}:`).toBe(lines[i]);
    }
  });
});

describe('files and folders', () => {
  it('walks folders recursively: policies linted, other JSON skipped, other extensions ignored', async () => {
    const r = await cli('--json', join(fixtures, 'tree'));
    expect(r.code).toBe(4);
    const json = JSON.parse(r.stdout) as LintReport & { summary: { errors: number } };
    expect(json.files.map((f) => f.file)).toEqual([join(fixtures, 'tree', 'good.json'), join(fixtures, 'tree', 'nested', 'bad.yaml')]);
    expect(json.skipped).toEqual([join(fixtures, 'tree', 'package.json')]);
    expect(json.findings.map((f) => `${f.location.file}:${f.location.line} ${f.rule}`)).toEqual([`${join(fixtures, 'tree', 'nested', 'bad.yaml')}:5 arn-region-or-account-placeholder`]);
    expect(json.summary.errors).toBe(1);
  });

  it('exit 0 when there are only warnings; the human report groups by file, with the fix', async () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'connect:*', Resource: '*' }] };
    const r = await cli(file('warn.json', JSON.stringify(policy, null, 2)));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warn\.json {2}policy document, 1 policy\n {2}6:17 +warning {2}wildcard-action/);
    expect(r.stdout).toContain('0 errors, 1 warning in 1 file (1 policy)');
    const clean = await cli(join(fixtures, 'tree', 'good.json'));
    expect(clean).toMatchObject({ code: 0, stderr: '' });
    expect(clean.stdout).toContain('no findings');
  });

  it('reads the output of aws iam get-role-policy and scenario files', async () => {
    const out = { RoleName: 'chat', PolicyName: 'StartChat', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'connect:StartChatContat', Resource: '*' }] } };
    const r = await lintPaths([file('get-role-policy.json', JSON.stringify(out, null, 2)), join(root, 'examples', 'connect-chat.json')]);
    expect(r.findings.filter((f) => f.rule === 'unknown-action').map((f) => `${f.location.policy} ${f.location.pointer} ${f.location.line}`)).toEqual(['StartChat /PolicyDocument/Statement/0/Action 9']);
    expect(r.files[1]).toMatchObject({ format: 'scenario', policies: 5 });
    expect(r.findings.some((f) => f.rule === 'resource-type-mismatch' && f.location.resource === 'identityPolicies[0]')).toBe(true);
  });
});

describe('bad input: one clear message naming the file, exit 1, no stack trace', () => {
  const expectBad = (r: { code: number; stdout: string; stderr: string }, ...parts: string[]) => {
    expect(r.code).toBe(1);
    for (const p of parts) expect(r.stderr).toContain(p);
    expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  };

  it('a missing file', async () => expectBad(await cli(join(dir, 'nope.json')), 'nope.json: no such file or folder'));
  it('an empty file', async () => expectBad(await cli(file('empty.yaml', '')), 'empty.yaml: is empty'));
  it('malformed JSON, with line and column', async () => expectBad(await cli(file('broken.json', '{\n  "Statement": [\n    { "Effect": "Allow", }\n  ]\n}\n')), 'broken.json:3:', 'is not valid JSON'));
  it('an unexpected token: one line, at its place, without V8 echoing the file', async () => {
    const r = await cli(file('token.json', '{\n  "Statement": [,]\n}\n'));
    expectBad(r, `token.json:2:17: is not valid JSON: unexpected token ','`);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('a policy whose text itself says "in JSON at position 3": the place is still the bad token', async () => {
    const r = await cli(file('says.json', '{\n  "Sid": "in JSON at position 3", "Effect": Allow\n}\n'));
    expectBad(r, `says.json:2:45: is not valid JSON: unexpected token 'A'`);
  });
  it('an unquoted word in a long policy: its place, and none of the text V8 quotes around it', async () => {
    const statements = Array.from({ length: 20 }, (_, i) => `    { "Sid": "S${i}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }`);
    statements[12] = '    { "Sid": "S12", "Effect": Allow, "Action": "s3:GetObject", "Resource": "*" }';
    const r = await cli(file('long.json', `{\n  "Version": "2012-10-17",\n  "Statement": [\n${statements.join(',\n')}\n  ]\n}\n`));
    expectBad(r, `long.json:16:31: is not valid JSON: unexpected token 'A'`);
    expect(r.stderr).not.toContain('Sid');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('malformed YAML, with line and column', async () => expectBad(await cli(file('broken.yaml', 'Resources:\n  Role:\n    Type: [AWS::IAM::Role\n')), 'broken.yaml:', 'is not valid YAML'));
  it('duplicate keys in YAML', async () => expectBad(await cli(file('dup.yaml', 'Statement: []\nStatement: []\n')), 'dup.yaml:2:', 'is not valid YAML'));
  it('a binary file', async () => expectBad(await cli(file('plan.json.gz', gzipSync(readFileSync(plan)))), 'plan.json.gz: is a binary file, not JSON or YAML'));
  it('a template without IAM resources', async () => expectBad(await cli(join(fixtures, 'no-iam.yaml')), 'no-iam.yaml: is a CloudFormation template without IAM policies'));
  it('a Terraform plan without IAM policies', async () =>
    expectBad(await cli(file('empty-plan.json', JSON.stringify({ format_version: '1.2', planned_values: { root_module: {} } }))), 'empty-plan.json: is a Terraform plan without IAM policies'));
  it('JSON that is no policy', async () => expectBad(await cli(file('list.json', '[1, 2]')), 'list.json:1:1: is not a policy document, scenario, CloudFormation template or Terraform plan'));
  it('a folder without policy files', async () => {
    const empty = join(dir, 'empty-folder');
    mkdirSync(empty, { recursive: true });
    expectBad(await cli(empty), 'empty-folder: is a folder with no .json, .yaml, .yml, .template or .tf files');
  });
  it('an unreadable file', async () => {
    const path = file('secret.json', '{}');
    chmodSync(path, 0o000);
    const r = await cli(path);
    chmodSync(path, 0o600);
    expectBad(r, 'secret.json'); // root reads anything: then `{}` is no policy, still exit 1
  });
  it('each file that cannot be linted is one problem: message id, data, file and place', async () => {
    const empty = join(dir, 'nothing-here');
    mkdirSync(empty, { recursive: true });
    const paths = [
      join(dir, 'gone.json'),
      empty,
      file('bad.json', '{\n  "Statement" []\n}\n'),
      file('token.json', '{\n  "Statement": [,]\n}\n'),
      file('bad.yaml', 'a: 1\na: 2\n'),
      file('deep.json', `${'['.repeat(150)}${']'.repeat(150)}`),
      file('blob.json', Buffer.from([0x7b, 0, 0x7d])),
      file('blank.yaml', '  \n'),
      file('list.json', '[1, 2]'),
      file('hello.json', '{"hello": 1}'),
      file('stack.json', JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { B: { Type: 'AWS::S3::Bucket' } } })),
      file('plan-only.json', JSON.stringify({ format_version: '1.2', planned_values: { root_module: {} } })),
      file('bad.tf', 'resource "aws_iam_policy" "p" {\n  policy = \n}\n'),
      file('bucket.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n'),
    ];
    const report = await lintPaths(paths);
    const reason = expect.any(String);
    expect(report.problems).toEqual([
      { file: paths[0], messageId: 'notFound', data: { role: 'path' } },
      { file: paths[1], messageId: 'noLintableFiles', data: { extensions: ['.json', '.yaml', '.yml', '.template', '.tf'] } },
      { file: paths[2], messageId: 'invalidJson', data: { reason }, line: 2, column: 15 },
      // V8 says where an unexpected token is in words only: the place is found by a strict scan of the text
      { file: paths[3], messageId: 'invalidJson', data: { reason: "unexpected token ','" }, line: 2, column: 17 },
      { file: paths[4], messageId: 'invalidYaml', data: { reason: 'Map keys must be unique' }, line: 2, column: 1 },
      { file: paths[5], messageId: 'tooDeep', data: { limit: 100 } },
      { file: paths[6], messageId: 'binary', data: { expected: 'document' } },
      { file: paths[7], messageId: 'empty', data: {} },
      { file: paths[8], messageId: 'notPolicyFile', data: {}, line: 1, column: 1 },
      { file: paths[9], messageId: 'notPolicyFile', data: {} },
      { file: paths[10], messageId: 'noPolicies', data: { format: 'cloudformation' } },
      { file: paths[11], messageId: 'noPolicies', data: { format: 'terraform-plan' } },
      { file: paths[12], messageId: 'invalidTerraform', data: { reason }, line: 2, column: 12 },
      { file: paths[13], messageId: 'noPolicies', data: { format: 'terraform' } },
    ]);
    expect(report.files).toEqual([]);
  });
  it('--json: each problem with its message id and data beside its words', async () => {
    const r = await cli('--json', file('dup.yaml', 'a: 1\na: 2\n'));
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { problems: unknown[] }).problems).toEqual([{ file: join(dir, 'dup.yaml'), messageId: 'invalidYaml', data: { reason: 'Map keys must be unique' }, line: 2, column: 1, message: 'is not valid YAML: Map keys must be unique' }]);
  });
  it('--json: each finding with its words beside its message id and data', async () => {
    const r = await cli('--json', file('typo.json', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'connect:StartChatContat', Resource: '*' }] })));
    const finding = (JSON.parse(r.stdout) as { findings: Record<string, unknown>[] }).findings.find((f) => f['rule'] === 'unknown-action')!;
    expect(Object.keys(finding).slice(0, 5)).toEqual(['rule', 'severity', 'message', 'messageId', 'data']);
    expect(finding['message']).toBe(lintMessage(finding as unknown as LintFinding));
    expect(finding['message']).toContain('`connect:StartChatContat`');
  });
  it('bad input wins over findings, and the rest is still linted', async () => {
    const r = await cli('--json', join(dir, 'gone.yaml'), template);
    expectBad(r, 'gone.yaml: no such file or folder');
    expect((JSON.parse(r.stdout) as LintReport).findings.length).toBe(8);
  });
  it('usage: no paths, both formats, an unknown option', async () => {
    expectBad(await cli(), 'lint needs files or folders');
    expectBad(await cli('--json', '--sarif', plan), 'give --json or --sarif, not both');
    expectBad(await cli('--sarf', plan), 'unknown option `--sarf`');
  });
});

describe('help and the command line', () => {
  it('documents the exit codes and lists the rules', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes:\n {2}0 {2}no findings of severity error[\s\S]*\n {2}1 {2}bad input[\s\S]*\n {2}4 {2}findings of severity error/);
    const rules = await cli('--list-rules');
    for (const m of RULE_METAS) expect(rules.stdout).toContain(m.id);
  });

  it('runs as `whydenied lint`, reading stdin with -', () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'connect:StartChatContact', Resource: 'arn:aws:connect:us-west-2:246813579024:instance/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' }] });
    const r = spawnCliSync(['lint', '-', '--json'], { input: policy });
    expect(r.code).toBe(4);
    const json = JSON.parse(r.stdout) as LintReport;
    expect(json.findings.map((f) => `${f.location.file} ${f.rule}`)).toEqual(['<stdin> resource-type-mismatch']);
  });
});
