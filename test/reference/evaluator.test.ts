/**
 * Sanity tests of the reference model itself: each test is named after the AWS rule it checks.
 * Sources: IAM User Guide, "Policy evaluation logic", "Cross-account policy evaluation logic",
 * "Condition operators", "Policy variables", "Permissions boundaries", "Session policies"; AWS Organizations
 * "Service control policies" and "Resource control policies".
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario/types.js';
import { referenceEvaluate } from './evaluator.js';

const A = '111122223333';
const B = '444455556666';
const USER = `arn:aws:iam::${A}:user/alice`;
const ROLE = `arn:aws:iam::${A}:role/AgentRole`;
const SESSION = `arn:aws:sts::${A}:assumed-role/AgentRole/s1`;
const FEDERATED = `arn:aws:sts::${A}:federated-user/fred`;
const ROOT = `arn:aws:iam::${A}:root`;
const FLOW = `arn:aws:connect:us-east-1:${A}:instance/inst-1/contact-flow/flow-1`;
const FLOW_B = `arn:aws:connect:us-east-1:${B}:instance/inst-1/contact-flow/flow-1`;
const OBJECT = 'arn:aws:s3:::bucket/key';

type Stmt = Record<string, unknown>;
const policy = (...Statement: Stmt[]): { document: unknown } => ({ document: { Version: '2012-10-17', Statement } });
const allow = (Action: unknown, Resource: unknown = '*', extra: Stmt = {}): Stmt => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: unknown, Resource: unknown = '*', extra: Stmt = {}): Stmt => ({ Effect: 'Deny', Action, Resource, ...extra });

function run(scenario: Scenario): [string, string[]] {
  const result = referenceEvaluate(scenario);
  return [result.decision, result.deniedBy];
}

const chat = { principal: SESSION, action: 'connect:StartChatContact', resource: FLOW };

describe('policy evaluation logic', () => {
  it('a request is implicitly denied when no policy allows it', () => {
    expect(run({ request: chat })).toEqual(['implicit-deny', ['identity']]);
  });
  it('an identity-based allow grants a same-account request', () => {
    expect(run({ request: chat, identityPolicies: [policy(allow('connect:StartChatContact', FLOW))] })).toEqual(['allow', []]);
  });
  it('an explicit deny in any policy overrides any allow', () => {
    expect(
      run({ request: chat, identityPolicies: [policy(allow('*'), deny('connect:*'))] }),
    ).toEqual(['explicit-deny', ['identity']]);
  });
  it('deniedBy lists every denying type, explicit or implicit', () => {
    expect(
      run({
        request: chat,
        identityPolicies: [policy(deny('*'))],
        serviceControlPolicies: [{ target: 'r-root', policies: [policy(allow('s3:*'))] }],
        vpcEndpointPolicy: policy(allow('*', '*', { Principal: '*' })),
      }),
    ).toEqual(['explicit-deny', ['scp', 'identity']]);
  });
  it('action names are case-insensitive and support * and ? wildcards', () => {
    expect(run({ request: chat, identityPolicies: [policy(allow('CONNECT:start?hat*', FLOW))] })[0]).toBe('allow');
  });
  it('NotAction matches every action not listed', () => {
    expect(run({ request: chat, identityPolicies: [policy({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' })] })[0]).toBe('allow');
    expect(run({ request: chat, identityPolicies: [policy({ Effect: 'Allow', NotAction: 'connect:*', Resource: '*' })] })[0]).toBe(
      'implicit-deny',
    );
  });
  it('resource ARNs are case-sensitive; * spans colons and slashes', () => {
    expect(run({ request: chat, identityPolicies: [policy(allow('connect:*', 'arn:aws:connect:*flow-1'))] })[0]).toBe('allow');
    expect(run({ request: chat, identityPolicies: [policy(allow('connect:*', FLOW.toUpperCase()))] })[0]).toBe('implicit-deny');
  });
  it('StartChatContact is not matched by the bare instance ARN', () => {
    const instance = `arn:aws:connect:us-east-1:${A}:instance/inst-1`;
    expect(run({ request: chat, identityPolicies: [policy(allow('connect:*', instance))] })[0]).toBe('implicit-deny');
  });
  it('NotResource matches every resource not listed', () => {
    expect(run({ request: chat, identityPolicies: [policy({ Effect: 'Allow', Action: '*', NotResource: OBJECT })] })[0]).toBe('allow');
  });
  it('a request without a resource matches only Resource "*"', () => {
    const request = { principal: USER, action: 'connect:DescribeInstance' };
    expect(run({ request, identityPolicies: [policy(allow('*', 'arn:*'))] })[0]).toBe('implicit-deny');
    expect(run({ request, identityPolicies: [policy(allow('*', '*'))] })[0]).toBe('allow');
  });
});

describe('service control policies', () => {
  it('every level of the organization must allow', () => {
    const scenario: Scenario = {
      request: chat,
      identityPolicies: [policy(allow('*'))],
      serviceControlPolicies: [
        { target: 'r-root', policies: [policy(allow('*'))] },
        { target: 'ou-1', policies: [policy(allow('s3:*'))] },
      ],
    };
    expect(run(scenario)).toEqual(['implicit-deny', ['scp']]);
  });
  it('SCPs apply to the root user but not to service-linked roles', () => {
    const scps = [{ target: 'r-root', policies: [policy(allow('s3:*'))] }];
    expect(run({ request: { ...chat, principal: ROOT }, serviceControlPolicies: scps })).toEqual(['implicit-deny', ['scp']]);
    const slr = `arn:aws:iam::${A}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect`;
    expect(
      run({ request: { ...chat, principal: slr }, identityPolicies: [policy(allow('*'))], serviceControlPolicies: scps }),
    ).toEqual(['allow', []]);
  });
});

describe('resource control policies', () => {
  const rcp = [{ target: 'r-root', policies: [policy(deny('*', '*', { Principal: '*' }))] }];
  it('an RCP deny applies to services that support RCPs', () => {
    const request = { principal: USER, action: 's3:GetObject', resource: OBJECT, context: { 'aws:ResourceAccount': A } };
    expect(run({ request, identityPolicies: [policy(allow('*'))], resourceControlPolicies: rcp })).toEqual(['explicit-deny', ['rcp']]);
  });
  it('RCPs do not apply to Amazon Connect', () => {
    expect(run({ request: chat, identityPolicies: [policy(allow('*'))], resourceControlPolicies: rcp })).toEqual(['allow', []]);
  });
  it('RCPFullAWSAccess is implied: an RCP never denies implicitly', () => {
    const request = { principal: USER, action: 's3:GetObject', resource: OBJECT, context: { 'aws:ResourceAccount': A } };
    const empty = [{ target: 'r-root', policies: [] }];
    expect(run({ request, identityPolicies: [policy(allow('*'))], resourceControlPolicies: empty })).toEqual(['allow', []]);
  });
});

describe('cross-account policy evaluation logic', () => {
  const crossChat = { principal: SESSION, action: 'connect:StartChatContact', resource: FLOW_B };
  it('cross-account access needs both the identity policy and the resource policy', () => {
    expect(run({ request: crossChat, identityPolicies: [policy(allow('*'))] })).toEqual(['implicit-deny', ['resource']]);
    expect(
      run({ request: crossChat, resourcePolicy: policy(allow('*', '*', { Principal: { AWS: A } })) }),
    ).toEqual(['implicit-deny', ['identity']]);
    expect(
      run({
        request: crossChat,
        identityPolicies: [policy(allow('*'))],
        resourcePolicy: policy(allow('*', '*', { Principal: { AWS: `arn:aws:iam::${A}:root` } })),
      }),
    ).toEqual(['allow', []]);
  });
  it('S3 ARNs carry no account: aws:ResourceAccount from the context decides', () => {
    const request = { principal: USER, action: 's3:GetObject', resource: OBJECT, context: { 'aws:ResourceAccount': B } };
    expect(run({ request, identityPolicies: [policy(allow('*'))] })).toEqual(['implicit-deny', ['resource']]);
    expect(run({ request: { ...request, context: {} }, identityPolicies: [policy(allow('*'))] })).toEqual(['allow', []]);
  });
  it('the root user has every identity permission but still needs the resource policy cross-account', () => {
    expect(run({ request: { ...chat, principal: ROOT } })).toEqual(['allow', []]);
    expect(run({ request: { ...crossChat, principal: ROOT } })).toEqual(['implicit-deny', ['resource']]);
  });
});

describe('resource-based policies in the same account', () => {
  it('a resource policy naming the user grants without any identity policy', () => {
    const request = { ...chat, principal: USER };
    expect(run({ request, resourcePolicy: policy(allow('*', '*', { Principal: { AWS: USER } })) })).toEqual(['allow', []]);
  });
  it('a resource policy naming the account grants nothing by itself (and did its part: only the identity side denies)', () => {
    const request = { ...chat, principal: USER };
    expect(run({ request, resourcePolicy: policy(allow('*', '*', { Principal: { AWS: A } })) })).toEqual(['implicit-deny', ['identity']]);
  });
  it('a grant naming the session is not limited by the boundary or session policy', () => {
    const scenario: Scenario = {
      request: chat,
      resourcePolicy: policy(allow('*', '*', { Principal: { AWS: SESSION } })),
      permissionsBoundary: policy(allow('s3:*')),
      sessionPolicies: [policy(allow('s3:*'))],
    };
    expect(run(scenario)).toEqual(['allow', []]);
  });
  it('a grant naming the role ARN is limited by the boundary and session policy', () => {
    const scenario: Scenario = {
      request: chat,
      resourcePolicy: policy(allow('*', '*', { Principal: { AWS: ROLE } })),
      permissionsBoundary: policy(allow('s3:*')),
      sessionPolicies: [policy(allow('s3:*'))],
    };
    expect(run(scenario)).toEqual(['implicit-deny', ['permissions-boundary', 'session']]);
  });
  it('an explicit deny in the boundary still wins over an exempt grant', () => {
    const scenario: Scenario = {
      request: chat,
      resourcePolicy: policy(allow('*', '*', { Principal: '*' })),
      permissionsBoundary: policy(deny('*')),
    };
    expect(run(scenario)).toEqual(['explicit-deny', ['permissions-boundary']]);
  });
});

describe('permissions boundaries and session policies', () => {
  it('the boundary must allow too', () => {
    expect(
      run({ request: chat, identityPolicies: [policy(allow('*'))], permissionsBoundary: policy(allow('s3:*')) }),
    ).toEqual(['implicit-deny', ['permissions-boundary']]);
  });
  it('session policies are one set: one allowing is enough', () => {
    expect(
      run({ request: chat, identityPolicies: [policy(allow('*'))], sessionPolicies: [policy(allow('s3:*')), policy(allow('connect:*'))] }),
    ).toEqual(['allow', []]);
  });
  it('a federated user session without a session policy has no permissions', () => {
    expect(run({ request: { ...chat, principal: FEDERATED }, identityPolicies: [policy(allow('*'))] })).toEqual([
      'implicit-deny',
      ['session'],
    ]);
  });
});

describe('Principal and NotPrincipal', () => {
  it('Deny with NotPrincipal must list account, role and session to spare a role session', () => {
    const notPrincipal = (values: string[]): Stmt => deny('*', '*', { NotPrincipal: { AWS: values } });
    const base = { request: chat, identityPolicies: [policy(allow('*'))] };
    expect(run({ ...base, resourcePolicy: policy(notPrincipal([SESSION])) })[0]).toBe('explicit-deny');
    expect(run({ ...base, resourcePolicy: policy(notPrincipal([A, ROLE, SESSION])) })[0]).toBe('allow');
  });
  it('a NotPrincipal Deny in a resource-based policy always denies a principal with a permissions boundary', () => {
    const scenario: Scenario = {
      request: chat,
      identityPolicies: [policy(allow('*'))],
      permissionsBoundary: policy(allow('*')),
      resourcePolicy: policy(deny('*', '*', { NotPrincipal: { AWS: [A, ROLE, SESSION] } })),
    };
    expect(run(scenario)).toEqual(['explicit-deny', ['resource']]);
  });
  it("a role's path is not in its session ARN: aws:PrincipalArn from the context names the role", () => {
    const withPath = `arn:aws:iam::${A}:role/team/AgentRole`;
    const scenario: Scenario = {
      request: { ...chat, context: { 'aws:PrincipalArn': withPath } },
      resourcePolicy: policy(allow('*', '*', { Principal: { AWS: withPath } })),
    };
    expect(run(scenario)).toEqual(['allow', []]);
    expect(run({ ...scenario, request: chat })).toEqual(['implicit-deny', ['resource', 'identity']]);
  });
  it('a VPC endpoint policy must allow the call', () => {
    const base = { request: chat, identityPolicies: [policy(allow('*'))] };
    expect(run({ ...base, vpcEndpointPolicy: policy(allow('s3:*', '*', { Principal: '*' })) })).toEqual(['implicit-deny', ['vpc-endpoint']]);
    expect(run({ ...base, vpcEndpointPolicy: policy(allow('*', '*', { Principal: { AWS: B } })) })).toEqual([
      'implicit-deny',
      ['vpc-endpoint'],
    ]);
  });
  it('anonymous callers and service principals are granted only by the resource policy', () => {
    const request = { principal: 'anonymous', action: 's3:GetObject', resource: OBJECT };
    expect(run({ request })).toEqual(['implicit-deny', ['resource']]);
    expect(run({ request, resourcePolicy: policy(allow('s3:GetObject', OBJECT, { Principal: '*' })) })).toEqual(['allow', []]);
    const service = { ...request, principal: 'connect.amazonaws.com' };
    expect(
      run({ request: service, resourcePolicy: policy(allow('s3:GetObject', OBJECT, { Principal: { Service: 'connect.amazonaws.com' } })) }),
    ).toEqual(['allow', []]);
  });
});

describe('condition operators', () => {
  const withCondition = (Condition: unknown, context: Record<string, never> | Record<string, unknown> = {}): string =>
    run({
      request: { ...chat, context: context as Record<string, string> },
      identityPolicies: [policy(allow('*', '*', { Condition }))],
    })[0];
  it('a missing key makes a positive operator false and a negated one true', () => {
    expect(withCondition({ StringEquals: { 'aws:SourceVpce': 'vpce-1' } })).toBe('implicit-deny');
    expect(withCondition({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } })).toBe('allow');
    expect(withCondition({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })).toBe('allow');
  });
  it('...IfExists is true when the key is missing', () => {
    expect(withCondition({ StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } })).toBe('allow');
    expect(withCondition({ StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }, { 'aws:SourceVpce': 'vpce-2' })).toBe('implicit-deny');
  });
  it('condition keys are case-insensitive, values case-sensitive unless IgnoreCase', () => {
    expect(withCondition({ StringEquals: { 'AWS:SOURCEVPCE': 'vpce-1' } }, { 'aws:sourcevpce': 'vpce-1' })).toBe('allow');
    expect(withCondition({ StringEquals: { 'aws:SourceVpce': 'VPCE-1' } }, { 'aws:SourceVpce': 'vpce-1' })).toBe('implicit-deny');
    expect(withCondition({ StringEqualsIgnoreCase: { 'aws:SourceVpce': 'VPCE-1' } }, { 'aws:SourceVpce': 'vpce-1' })).toBe('allow');
  });
  it('several values for one key are ORed, several keys are ANDed', () => {
    expect(withCondition({ StringEquals: { 'aws:SourceVpce': ['a', 'vpce-1'] } }, { 'aws:SourceVpce': 'vpce-1' })).toBe('allow');
    expect(
      withCondition({ StringEquals: { 'aws:SourceVpce': 'vpce-1', 'aws:SourceVpc': 'vpc-1' } }, { 'aws:SourceVpce': 'vpce-1' }),
    ).toBe('implicit-deny');
  });
  it('StringNotEquals with several values holds when the value differs from all of them', () => {
    expect(withCondition({ StringNotEquals: { 'aws:SourceVpce': ['a', 'vpce-1'] } }, { 'aws:SourceVpce': 'vpce-1' })).toBe('implicit-deny');
  });
  it('StringLike supports * and ?', () => {
    expect(withCondition({ StringLike: { 'aws:SourceVpce': 'vpce-?*' } }, { 'aws:SourceVpce': 'vpce-12' })).toBe('allow');
  });
  it('numeric, Bool and IpAddress operators', () => {
    expect(withCondition({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': 100 })).toBe('allow');
    expect(withCondition({ NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': 100 })).toBe(
      'implicit-deny',
    );
    expect(withCondition({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': true })).toBe('allow');
    expect(withCondition({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '10.1.2.3' })).toBe('allow');
    expect(withCondition({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '11.1.2.3' })).toBe('implicit-deny');
  });
  it('ArnLike compares each of the six ARN fields; derived aws:PrincipalArn is the role ARN', () => {
    expect(withCondition({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/Agent*` } })).toBe('allow');
    expect(withCondition({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*` } })).toBe('implicit-deny');
  });
  it('aws:SecureTransport is true unless the context says otherwise', () => {
    expect(withCondition({ Bool: { 'aws:SecureTransport': 'true' } })).toBe('allow');
    expect(withCondition({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': false })).toBe('implicit-deny');
  });
  it('Null tests whether the key is present', () => {
    expect(withCondition({ Null: { 'aws:SourceIp': 'true' } })).toBe('allow');
    expect(withCondition({ Null: { 'aws:PrincipalAccount': 'false' } })).toBe('allow');
  });
  it('ForAllValues is true for a missing key; ForAnyValue is false', () => {
    expect(withCondition({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } })).toBe('allow');
    expect(withCondition({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } })).toBe('implicit-deny');
    expect(withCondition({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } }, { 'aws:TagKeys': ['a', 'b'] })).toBe('implicit-deny');
    expect(withCondition({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } }, { 'aws:TagKeys': ['a', 'b'] })).toBe('allow');
  });
  it('ForAllValues:StringNotEquals: every request value differs from every policy value', () => {
    expect(withCondition({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['a', 'b'] } }, { 'aws:TagKeys': ['c', 'b'] })).toBe(
      'implicit-deny',
    );
    expect(withCondition({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['a', 'b'] } }, { 'aws:TagKeys': ['c', 'd'] })).toBe('allow');
  });
});

describe('policy variables', () => {
  const objectRequest = (key: string): Scenario['request'] => ({
    principal: USER,
    action: 's3:GetObject',
    resource: `arn:aws:s3:::bucket/${key}`,
  });
  it('${aws:username} is replaced in Resource', () => {
    expect(run({ request: objectRequest('alice'), identityPolicies: [policy(allow('s3:*', 'arn:aws:s3:::bucket/${aws:username}'))] })[0]).toBe(
      'allow',
    );
  });
  it('variables are literal text without Version 2012-10-17', () => {
    const old = { document: { Statement: [allow('s3:*', 'arn:aws:s3:::bucket/${aws:username}')] } };
    expect(run({ request: objectRequest('alice'), identityPolicies: [old] })[0]).toBe('implicit-deny');
  });
  it('a variable without value uses its default, else matches nothing', () => {
    const tagged = (value: string): Scenario['identityPolicies'] => [policy(allow('s3:*', `arn:aws:s3:::bucket/${value}`))];
    expect(run({ request: objectRequest('agents'), identityPolicies: tagged("${aws:PrincipalTag/team, 'agents'}") })[0]).toBe('allow');
    expect(run({ request: objectRequest('agents'), identityPolicies: tagged('${aws:PrincipalTag/team}') })[0]).toBe('implicit-deny');
    expect(
      run({
        request: { ...objectRequest('agents'), context: { 'aws:PrincipalTag/team': 'agents' } },
        identityPolicies: tagged('${aws:PrincipalTag/team}'),
      })[0],
    ).toBe('allow');
  });
  it('a negated operator holds when its variable has no value', () => {
    const scenario = (Condition: unknown): Scenario => ({
      request: chat,
      identityPolicies: [policy(allow('*', '*', { Condition }))],
    });
    expect(run(scenario({ StringNotEquals: { 'aws:PrincipalType': '${aws:username}' } }))[0]).toBe('allow');
    expect(run(scenario({ StringEquals: { 'aws:PrincipalType': '${aws:username}' } }))[0]).toBe('implicit-deny');
  });
  it('escapes ${*} ${?} ${$} are literal characters', () => {
    expect(run({ request: objectRequest('*'), identityPolicies: [policy(allow('s3:*', 'arn:aws:s3:::bucket/${*}'))] })[0]).toBe('allow');
    expect(run({ request: objectRequest('x'), identityPolicies: [policy(allow('s3:*', 'arn:aws:s3:::bucket/${*}'))] })[0]).toBe(
      'implicit-deny',
    );
  });
});
