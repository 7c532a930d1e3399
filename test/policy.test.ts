import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildPolicy } from '../src/remedy/policy-builder.js';
import { simulate } from '../src/index.js';
import { spawnCliSync } from './fixtures/spawn-cli.js';

const INSTANCE = 'arn:aws:connect:us-east-1:111122223333:instance/9f8e7d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const FLOW = '5e6f7a8b-2c3d-4e5f-9a0b-1c2d3e4f5a6b';

const run = (args: string[]) => spawnCliSync(['policy', ...args]);

type Doc = { Version: string; Statement: { Sid: string; Action: string | string[]; Resource: string | string[]; Condition?: Record<string, Record<string, string>> }[] };

function decide(document: unknown, action: string, resource: string, context: Record<string, string> = {}) {
  return simulate({ request: { principal: 'arn:aws:sts::111122223333:assumed-role/ChatBackend/fn', action, resource, context }, identityPolicies: [{ name: 'P', document }] }).decision;
}


describe('the proof of a generated policy', () => {
  it('proves every recipe allows nothing beyond each action on its own resources, grouped statements included', () => {
    for (const targets of [['chat-backend'], ['connect:StartChatContact', 'connect:DescribeInstance', 'connect:StopContact'], ['s3:GetObject', 's3:ListBucket', 'sts:GetCallerIdentity']]) {
      const r = buildPolicy({ targets, ids: { InstanceId: '9f8e7d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f', BucketName: 'reports' }, region: 'us-east-1', account: '111122223333', sourceIp: '203.0.113.0/24' });
      if (!r.ok) throw new Error(r.problem.messageId);
      expect(r.proof, targets.join(' ')).toMatchObject({ proof: 'proven', grants: [] });
      expect(r.proof.intended.length).toBeGreaterThanOrEqual(targets.length);
    }
  });
});

describe('whydenied policy', () => {
  it('puts StartChatContact on the contact-flow ARN, so users never have to know', () => {
    const r = run(['connect:StartChatContact', '--instance', INSTANCE, '--flow', FLOW]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.Statement).toEqual([{ Sid: 'AllowStartChatContact', Effect: 'Allow', Action: 'connect:StartChatContact', Resource: `${INSTANCE}/contact-flow/${FLOW}` }]);
    expect(r.stderr).toContain('authorized on the contact-flow resource');
    expect(r.stderr).toMatch(/self-check: (\d+)\/\1 passed/);
    expect(r.stderr).toContain('# proof: allows nothing beyond the 1 intended action and resource pair');
    // The engine agrees: the intended call is allowed, another flow and the instance ARN are not.
    expect(decide(doc, 'connect:StartChatContact', `${INSTANCE}/contact-flow/${FLOW}`)).toBe('allow');
    expect(decide(doc, 'connect:StartChatContact', `${INSTANCE}/contact-flow/another`)).toBe('implicit-deny');
    expect(decide(doc, 'connect:StopContact', `${INSTANCE}/contact/c-1`)).toBe('implicit-deny');
  });

  it('turns unknown IDs into the narrowest wildcard, never "*"', () => {
    const r = run(['connect:StartChatContact', '--region', 'us-east-1', '--account', '111122223333', '--instance-id', 'ID', '--flow', '*']);
    expect(JSON.parse(r.stdout).Statement[0].Resource).toBe('arn:aws:connect:us-east-1:111122223333:instance/ID/contact-flow/*');
    const noFlow = run(['connect:StartChatContact', '--instance', INSTANCE]);
    expect(JSON.parse(noFlow.stdout).Statement[0].Resource).toBe(`${INSTANCE}/contact-flow/*`);
    expect(noFlow.stderr).toContain('ContactFlowId was not given');
  });

  it('says so when an action supports only "*"', () => {
    const r = run(['connect:ListInstances']);
    expect(JSON.parse(r.stdout).Statement[0].Resource).toBe('*');
    expect(r.stderr).toContain('supports no resource-level permissions');
  });

  it('builds the chat-backend recipe, each action on its own resource type', () => {
    const r = run(['chat-backend', '--instance', INSTANCE, '--flow', FLOW, '--with', 'describe-instance,contact-attributes']);
    expect(r.code).toBe(0);
    const byAction = Object.fromEntries((JSON.parse(r.stdout) as Doc).Statement.flatMap((s) => [s.Action].flat().map((a) => [a, s.Resource])));
    expect(byAction).toEqual({
      'connect:StartChatContact': `${INSTANCE}/contact-flow/${FLOW}`,
      'connect:DescribeInstance': INSTANCE,
      'connect:GetContactAttributes': `${INSTANCE}/contact/*`,
      'connect:UpdateContactAttributes': `${INSTANCE}/contact/*`,
    });
  });

  it('ties calls to a VPC endpoint and warns that aws:SourceIp is absent there', () => {
    const r = run(['connect:StartChatContact', '--instance', INSTANCE, '--flow', FLOW, '--source-vpce', 'vpce-0a1b2c3d']);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.Statement[0]!.Condition).toEqual({ StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } });
    expect(r.stderr).toContain('aws:SourceIp is absent on endpoint traffic');
    expect(decide(doc, 'connect:StartChatContact', `${INSTANCE}/contact-flow/${FLOW}`, { 'aws:SourceVpce': 'vpce-0a1b2c3d' })).toBe('allow');
    expect(decide(doc, 'connect:StartChatContact', `${INSTANCE}/contact-flow/${FLOW}`, { 'aws:SourceIp': '203.0.113.9' })).toBe('implicit-deny');
  });

  it('warns with --source-ip that endpoint traffic has no aws:SourceIp', () => {
    const r = run(['connect:StartChatContact', '--instance', INSTANCE, '--flow', FLOW, '--source-ip', '203.0.113.0/24']);
    expect(JSON.parse(r.stdout).Statement[0].Condition).toEqual({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } });
    expect(r.stderr).toContain('calls through a VPC endpoint have no aws:SourceIp');
  });

  it('prints { document, checks, proof, notes } with --json, every check passing and the proof proven', () => {
    const r = run(['chat-backend', '--instance', INSTANCE, '--flow', FLOW, '--json']);
    const json = JSON.parse(r.stdout) as { document: Doc; checks: { ok: boolean; expect: string }[]; proof: { proof: string; intended: string[]; grants: string[] }; notes: { id: string }[] };
    expect(json.proof.proof).toBe('proven');
    expect(json.proof.grants).toEqual([]);
    expect(json.proof.intended).toContain(`connect:StartChatContact on ${INSTANCE}/contact-flow/${FLOW}`);
    expect(json.checks.length).toBeGreaterThan(3);
    expect(json.checks.every((c) => c.ok)).toBe(true);
    expect(json.checks.some((c) => c.expect === 'deny')).toBe(true);
    expect(r.stderr).toBe('');
  });

  it('writes CloudFormation with !Sub for Region and account when asked', () => {
    const r = run(['connect:StartChatContact', '--instance', INSTANCE, '--flow', FLOW, '--format', 'cloudformation', '--parameterize']);
    expect(r.stdout).toContain('AWS::IAM::ManagedPolicy');
    expect(r.stdout).toContain('!Sub arn:${AWS::Partition}:connect:${AWS::Region}:${AWS::AccountId}:instance/');
    const template = parse(r.stdout, { customTags: [{ tag: '!Sub', resolve: (s: string) => ({ 'Fn::Sub': s }) }] }) as Record<string, unknown>;
    expect(template).toHaveProperty('Resources');
  });

  it('writes Terraform and CDK', () => {
    expect(run(['connect:StartChatContact', '--instance', INSTANCE, '--format', 'terraform']).stdout).toContain('resource "aws_iam_policy"');
    expect(run(['connect:StartChatContact', '--instance', INSTANCE, '--format', 'cdk']).stdout).toContain('new iam.PolicyStatement(');
  });

  it('rejects bad input with one clear message and exit 1', () => {
    const bad = [
      [['connect:StartChatContat'], 'did you mean `connect:StartChatContact`?'],
      [['chat-backend', '--with', 'describe-instanse'], 'did you mean `describe-instance`?'],
      [['connect:StartChatContact', '--instance', 'arn:aws:connect:us-east-1:111122223333:flow/x'], 'is not an Amazon Connect instance ARN'],
      [['connect:StartChatContact', '--source-vpce', 'vpc-123'], 'is not a VPC endpoint ID'],
      [['connect:StartChatContact', '--account', '1234'], 'is not a 12-digit account ID'],
      [['connect:StartChatContact', '--format', 'pulumi'], 'unknown format `pulumi`'],
      [[], 'policy needs at least one action or recipe'],
    ] as const;
    for (const [args, message] of bad) {
      const r = run([...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(message);
    }
  });
});

describe('buildPolicy (library)', () => {
  it('keeps one statement per distinct resource list, so grouping never widens access', () => {
    const r = buildPolicy({ targets: ['connect:GetContactAttributes', 'connect:UpdateContactAttributes', 'connect:DescribeInstance'], ids: { InstanceId: 'i-1' }, region: 'us-east-1', account: '111122223333' });
    expect(r.ok && r.document.Statement.length).toBe(2);
  });

  it('says what is wrong with the request as a code, a message id and data (the words are render/problems.ts)', () => {
    const flow = 'arn:aws:connect:us-east-1:111122223333:instance/i-1/contact-flow/f-1';
    const cases = [
      [{ targets: ['chat-backend'], with: ['describe-instanse'] }, { code: 'invalid-input', messageId: 'recipeHasNoPart', data: { recipe: 'chat-backend', part: 'describe-instanse' }, suggestion: 'describe-instance' }],
      [{ targets: ['chatbackend'] }, { code: 'invalid-action', messageId: 'notActionNorRecipe', data: { target: 'chatbackend' }, suggestion: 'chat-backend' }],
      [{ targets: ['connect:StartChatContat'] }, { code: 'unknown-action', messageId: 'notAwsAction', data: { action: 'connect:StartChatContat' }, suggestion: 'connect:StartChatContact' }],
      [{ targets: ['connect:StartChatContact'], with: ['describe-instance'] }, { code: 'invalid-input', messageId: 'withNeedsRecipe', data: {} }],
      [{ targets: ['connect:StartChatContact'], resources: ['instance/i-1'] }, { code: 'malformed-arn', messageId: 'resourceNotArn', data: { resource: 'instance/i-1' } }],
      [{ targets: ['connect:StartChatContact'], resources: ['arn:aws:s3:::reports'] }, { code: 'invalid-resource', messageId: 'resourceOfOtherService', data: { resource: 'arn:aws:s3:::reports', service: 's3', services: ['connect'] } }],
      [{ targets: ['connect:StartChatContact'], resources: ['arn:aws:connect:us-east-1:111122223333:nothing/x'] }, { code: 'malformed-arn', messageId: 'noArnFormatFits', data: { resource: 'arn:aws:connect:us-east-1:111122223333:nothing/x', service: 'connect' } }],
      [{ targets: ['connect:StartChatContact'], resources: [flow, flow.replace('us-east-1', 'eu-west-1')] }, { code: 'invalid-input', messageId: 'resourcesDisagree', data: { placeholder: 'Region', first: 'us-east-1', second: 'eu-west-1' } }],
      [{ targets: ['connect:StartChatContact'], sourceVpce: 'vpc-123' }, { code: 'invalid-input', messageId: 'notVpceId', data: { value: 'vpc-123' } }],
      [{ targets: ['connect:StartChatContact'], sourceVpc: 'vpce-123' }, { code: 'invalid-input', messageId: 'notVpcId', data: { value: 'vpce-123' } }],
      [{ targets: ['connect:StartChatContact'], sourceVpce: 'vpce-1', sourceIp: '10.0.0.0/8' }, { code: 'invalid-input', messageId: 'oneSourceCondition', data: {} }],
      [{ targets: ['connect:StartChatContact'], account: '1234' }, { code: 'invalid-input', messageId: 'notAccountId', data: { account: '1234' } }],
    ] as const;
    for (const [request, problem] of cases) expect(buildPolicy(request), problem.messageId).toEqual({ ok: false, problem });
  });
});
