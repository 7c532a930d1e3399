/**
 * explain() end to end, one test per cause: from what a person has (an AccessDenied message, CLI output, an
 * SDK v3 error, a CloudTrail record, a scenario) to the finding and, where the cause is in an identity
 * policy whydenied can see, a verified fix. Every verified fix is checked independently here: substituted
 * into the scenario, `simulate` must allow the request, and nearby requests (another flow, another
 * instance, another action, another Region, another VPC endpoint) must stay denied. Then the `explain`
 * command itself, run as a process.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../src/diagnosis/checks/index.js';
import {
  cloudTrailRecords,
  denialFromRecord,
  explain,
  explanationJson,
  isDenialRecord,
  parseAccessDeniedText,
  parseSdkError,
  simulate,
  type Denial,
  type Explanation,
  type ExplanationJson,
  type ExplainInput,
  type Fix,
  type ScenarioRequest,
} from '../src/index.js';
import { spawnCliSync } from './fixtures/spawn-cli.js';
import { tempFolder } from './fixtures/temp-folder.js';

// ---------------------------------------------------------------------------------------------------------
// The Amazon Connect chat backend every test starts from.

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const INSTANCE_ID = '9f8e7d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const FLOW_ID = '5e6f7a8b-2c3d-4e5f-9a0b-1c2d3e4f5a6b';
const OTHER_FLOW_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const OTHER_INSTANCE_ID = 'aaaabbbb-1111-4222-8333-444455556666';
const instanceArn = (id = INSTANCE_ID, region = 'us-east-1', account = ACCOUNT) => `arn:aws:connect:${region}:${account}:instance/${id}`;
const flowArn = (flow = FLOW_ID, instance = INSTANCE_ID, region = 'us-east-1', account = ACCOUNT) => `${instanceArn(instance, region, account)}/contact-flow/${flow}`;
const INSTANCE = instanceArn();
const FLOW = flowArn();
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ChatStarter`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/ChatStarter/start-chat-fn`;
const VPCE = 'vpce-0a1b2c3d4e5f67890';
const START = 'connect:StartChatContact';

type Json = Record<string, unknown>;
const doc = (...Statement: Json[]) => ({ Version: '2012-10-17', Statement });
const named = (name: string, ...statements: Json[]) => ({ name, document: doc(...statements) });
const fullAccess = named('FullAWSAccess', { Effect: 'Allow', Action: '*', Resource: '*' });

/** The denial message AWS returns to the chat backend (no policy-type clause, as Connect often prints it). */
const deniedText = (principal = SESSION, resource = FLOW, tail = '') => `User: ${principal} is not authorized to perform: ${START} on resource: ${resource}${tail}`;

function fromText(text: string): Denial {
  const parsed = parseAccessDeniedText(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.reason));
  return parsed.denial;
}

/** A CloudTrail record of a denied StartChatContact, as delivered to S3. */
function chatRecord(overrides: Json = {}, parameters: Json = {}): Json {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEID:start-chat-fn',
      arn: SESSION,
      accountId: ACCOUNT,
      sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEID', arn: ROLE, accountId: ACCOUNT, userName: 'ChatStarter' } },
    },
    eventTime: '2024-06-01T12:34:56Z',
    eventSource: 'connect.amazonaws.com',
    eventName: 'StartChatContact',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-sdk-js/3.600.0',
    errorCode: 'AccessDeniedException',
    errorMessage: `User: ${SESSION} is not authorized to perform: ${START}`,
    requestParameters: { InstanceId: INSTANCE_ID, ContactFlowId: FLOW_ID, ParticipantDetails: { DisplayName: '***' }, ClientToken: 'c0ffee00-0000-4000-8000-000000000001' },
    responseElements: null,
    requestID: '2b1e0c3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    eventID: '7d1c5b4a-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    ...overrides,
    ...(Object.keys(parameters).length > 0 && { requestParameters: { InstanceId: INSTANCE_ID, ContactFlowId: FLOW_ID, ParticipantDetails: { DisplayName: '***' }, ...parameters } }),
  };
}

function fromRecord(record: Json): Denial {
  const records = cloudTrailRecords({ Records: [record] });
  const denied = records.find(isDenialRecord);
  const parsed = denialFromRecord(denied);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.reason));
  return parsed.denial;
}

/** The explanation as `--json` shows it (each finding with its words). */
function explained(input: ExplainInput): ExplanationJson {
  const result = explain(input);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.pointer}: ${p.code}`).join('; '));
  return explanationJson(result.explanation);
}

const checksOf = (e: ExplanationJson) => e.findings.map((f) => f.check);
/** The request evaluated with policies (always a full ScenarioRequest there). */
const evaluated = (e: Explanation | ExplanationJson) => e.request as ScenarioRequest;

// ---------------------------------------------------------------------------------------------------------
// Independent verification of a fix: substitute it, then simulate.

/** The scenario with the fix's document in place: a new version of the named policy, or a new policy attached. */
function withFix(scenario: Json, fix: Fix): Json {
  const fixed = structuredClone(scenario);
  const identity = [...((fixed['identityPolicies'] as Json[] | undefined) ?? [])];
  if (fix.change === 'attach') {
    identity.push({ name: 'WhydeniedFix', document: fix.document });
    fixed['identityPolicies'] = identity;
    return fixed;
  }
  const i = identity.findIndex((p) => p['name'] === fix.target);
  if (i < 0) throw new Error(`the fix names a policy the scenario does not have: ${fix.target}`);
  identity[i] = { ...identity[i], document: fix.document };
  fixed['identityPolicies'] = identity;
  return fixed;
}

function decision(scenario: Json, request: ScenarioRequest): string {
  return simulate({ ...scenario, request }, { trace: false }).decision;
}

/** The one verified identity fix; its document is a whole policy (Version + Statement list) that AWS accepts. */
function verifiedFix(e: Explanation | ExplanationJson): Omit<Fix, 'verification'> {
  const fixes = e.fixes.filter((f) => f.kind === 'fix');
  expect(fixes, JSON.stringify(e.fixes, null, 2)).toHaveLength(1);
  const fix = fixes[0]!;
  expect(fix.policyType).toBe('identity');
  expect(fix.verified, JSON.stringify(fix.verification)).toBe(true);
  expect(fix.verification?.allows).toBe(true);
  expect(fix.verification?.overGrants).toEqual([]);
  // Proven, not only probed: whydenied diff finds no other request this principal can now make.
  expect(fix.proof).toBe('proven');
  expect(fix.verification?.grants).toEqual([]);
  expect(fix.document.Version).toBe('2012-10-17');
  expect(Array.isArray(fix.document.Statement)).toBe(true);
  expect(fix.document.Statement.length).toBeGreaterThan(0);
  // A complete document: it compiles on its own, with no errors.
  expect(() => simulate({ request: e.request, identityPolicies: [{ name: 'Fix', document: fix.document }] })).not.toThrow();
  return fix;
}

/**
 * The fix turns the decision into allow, and nothing it should not: every request in `stillDenied` is denied
 * under the fixed scenario (each was denied before too).
 */
function expectFixWorks(scenario: Json, request: ScenarioRequest, fix: Fix, stillDenied: readonly ScenarioRequest[]): void {
  expect(decision(scenario, request)).not.toBe('allow');
  const fixed = withFix(scenario, fix);
  expect(decision(fixed, request)).toBe('allow');
  for (const other of stillDenied) {
    expect(decision(scenario, other), `before the fix: ${other.action} on ${other.resource}`).not.toBe('allow');
    expect(decision(fixed, other), `after the fix: ${other.action} on ${other.resource}`).not.toBe('allow');
  }
}

/** Requests next to the chat request that a least-privilege fix must leave denied. */
function neighbours(request: ScenarioRequest): ScenarioRequest[] {
  return [
    { ...request, resource: flowArn(OTHER_FLOW_ID) },
    { ...request, resource: flowArn(FLOW_ID, OTHER_INSTANCE_ID) },
    { ...request, resource: flowArn(FLOW_ID, INSTANCE_ID, 'eu-west-1') },
    { ...request, action: 'connect:StartOutboundVoiceContact' },
    { ...request, action: 'connect:StartTaskContact' },
    { ...request, action: 'connect:StopContact', resource: `${INSTANCE}/contact/c0ffee00-1a2b-4c3d-8e9f-0a1b2c3d4e5f` },
    { ...request, action: 'connect:UpdateContactFlowContent' },
  ];
}

// ---------------------------------------------------------------------------------------------------------
// One test per cause.

describe('explain(): each cause from a real-shaped input to its finding and fix', () => {
  it('resource-not-matched, the instance-ARN trap: an SDK v3 error and the role policy -> a verified least-privilege edit', () => {
    const sdkError = {
      name: 'AccessDeniedException',
      $fault: 'client',
      $metadata: { httpStatusCode: 403, requestId: '2b1e0c3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', attempts: 1, totalRetryDelay: 0 },
      message: deniedText(),
    };
    const parsed = parseSdkError(sdkError);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.reason));
    const scenario = {
      identityPolicies: [
        named(
          'StartChat',
          { Sid: 'AllowStartChatContact', Effect: 'Allow', Action: START, Resource: INSTANCE },
          { Sid: 'AllowDescribeInstance', Effect: 'Allow', Action: 'connect:DescribeInstance', Resource: INSTANCE },
        ),
      ],
    };
    const e = explained({ denial: parsed.denial, scenario });
    expect(e.decision).toBe('implicit-deny');
    expect(e.deniedBy).toEqual(['identity']);
    expect(e.determined).toBe(true);
    const finding = e.findings.find((f) => f.check === 'resource-not-matched');
    expect(finding).toMatchObject({ severity: 'error', policyType: 'identity', policy: 'StartChat', statement: 'AllowStartChatContact' });
    expect(finding?.message).toContain('`contact-flow`');
    expect(finding?.message).toContain('`instance` resource type');

    const fix = verifiedFix(e);
    expect(fix).toMatchObject({ change: 'replace', target: 'StartChat' });
    // A policy without an ARN is an inline policy of the caller's role (live reads give managed ones their ARN).
    expect(fix.holder).toEqual({ kind: 'inline-policy', name: 'StartChat', owner: { kind: 'role', name: 'ChatStarter' } });
    const managed = explained({ denial: parsed.denial, scenario: { identityPolicies: [{ ...scenario.identityPolicies[0]!, arn: `arn:aws:iam::${ACCOUNT}:policy/team/StartChat` }] } });
    expect(verifiedFix(managed).holder).toEqual({ kind: 'managed-policy', name: 'StartChat', arn: `arn:aws:iam::${ACCOUNT}:policy/team/StartChat` });
    expect(fix.before).toEqual(scenario.identityPolicies[0]!.document);
    // The instance ARN (which can never match) is replaced by the exact flow; the other statement is kept.
    expect(fix.document.Statement).toEqual([
      { Sid: 'AllowStartChatContact', Effect: 'Allow', Action: START, Resource: FLOW },
      { Sid: 'AllowDescribeInstance', Effect: 'Allow', Action: 'connect:DescribeInstance', Resource: INSTANCE },
    ]);
    const request = e.request as ScenarioRequest;
    expectFixWorks(scenario, request, fix, neighbours(request));
    // What the policy allowed before, it still allows.
    expect(decision(withFix(scenario, fix), { ...request, action: 'connect:DescribeInstance', resource: INSTANCE })).toBe('allow');
    // The broader alternative covers every flow of this instance, and no other instance.
    expect(fix.alternative).toMatchObject({ resource: `${INSTANCE}/contact-flow/*`, verified: true, proof: 'proven' });
    // Exactly what the alternative adds: StartChatContact on the instance's other flows, nothing else.
    const adds = fix.alternative!.adds!;
    expect(adds.length).toBeGreaterThan(0);
    for (const d of adds) {
      expect(d.action).toBe(START);
      expect(d.resource.startsWith(`${INSTANCE}/contact-flow/`)).toBe(true);
      expect(d.resource).not.toBe(FLOW);
      expect(decision(withFix(scenario, { ...fix, document: fix.alternative!.document }), { ...request, resource: d.resource, context: d.context })).toBe('allow');
      expect(decision(withFix(scenario, fix), { ...request, resource: d.resource, context: d.context })).not.toBe('allow');
    }
    const broader = withFix(scenario, { ...fix, document: fix.alternative!.document });
    expect(decision(broader, { ...request, resource: flowArn(OTHER_FLOW_ID) })).toBe('allow');
    expect(decision(broader, { ...request, resource: flowArn(FLOW_ID, OTHER_INSTANCE_ID) })).not.toBe('allow');
  });

  it('resource-not-matched, another flow: a CloudTrail record (no resource printed) and the role policy', () => {
    const denial = fromRecord(chatRecord());
    expect(denial.resource).toBeUndefined();
    const scenario = { identityPolicies: [named('StartChat', { Sid: 'AllowTestFlow', Effect: 'Allow', Action: START, Resource: flowArn(OTHER_FLOW_ID) })] };
    const e = explained({ denial, scenario });
    expect(e.request?.resource).toBe(FLOW); // built from requestParameters, Region and account
    expect(e.findings.find((f) => f.check === 'resource-not-matched')?.message).toContain('none of its Resource patterns');
    const fix = verifiedFix(e);
    expect(fix.change).toBe('replace');
    expect(fix.document.Statement[0]!['Resource']).toEqual([flowArn(OTHER_FLOW_ID), FLOW]);
    expectFixWorks(scenario, evaluated(e), fix, neighbours(evaluated(e)).filter((r) => r.resource !== flowArn(OTHER_FLOW_ID) || r.action !== START));
  });

  it('action-not-allowed: CLI output and a role policy without the action -> a verified policy to attach', () => {
    const cli = `An error occurred (AccessDeniedException) when calling the StartChatContact operation: ${deniedText(SESSION, FLOW, ` because no identity-based policy allows the ${START} action`)}`;
    const scenario = {
      identityPolicies: [named('ConnectRead', { Sid: 'Read', Effect: 'Allow', Action: ['connect:DescribeInstance', 'connect:ListContactFlows'], Resource: [INSTANCE, `${INSTANCE}/contact-flow/*`] })],
    };
    const e = explained({ denial: fromText(cli), scenario });
    expect(e.source).toMatchObject({ kind: 'cli-output', policyType: 'identity', explicit: false });
    expect(checksOf(e)).toContain('action-not-allowed');
    const fix = verifiedFix(e);
    expect(fix).toMatchObject({ change: 'attach', target: ROLE });
    expect(fix.holder).toEqual({ kind: 'new-policy', name: 'ChatStarter-AllowStartChatContact', attachTo: { kind: 'role', name: 'ChatStarter' } });
    expect(fix.document).toEqual(doc({ Sid: 'AllowStartChatContact', Effect: 'Allow', Action: START, Resource: FLOW }));
    expectFixWorks(scenario, evaluated(e), fix, neighbours(evaluated(e)));
  });

  it('condition-not-met, the VPC endpoint trap: a CloudTrail record with vpcEndpointId and an aws:SourceIp condition', () => {
    const record = chatRecord({ sourceIPAddress: '10.0.12.34', vpcEndpointId: VPCE });
    const denial = fromRecord(record);
    const scenario = {
      identityPolicies: [
        named('StartChat', { Sid: 'AllowFromOffice', Effect: 'Allow', Action: START, Resource: FLOW, Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } }),
      ],
    };
    const e = explained({ denial, scenario });
    const finding = e.findings.find((f) => f.check === 'condition-not-met');
    expect(finding).toMatchObject({ policy: 'StartChat', statement: 'AllowFromOffice' });
    expect(finding?.message).toContain(`aws:SourceVpce (\`${VPCE}\`)`);
    const fix = verifiedFix(e);
    expect(fix.change).toBe('replace');
    const added = fix.document.Statement.find((s) => JSON.stringify(s).includes('aws:SourceVpce'));
    expect(added).toMatchObject({ Effect: 'Allow', Action: START, Resource: FLOW, Condition: { StringEquals: { 'aws:SourceVpce': VPCE } } });
    expect(JSON.stringify(added)).not.toContain('aws:SourceIp');
    const request = evaluated(e);
    expect(request.context).toMatchObject({ 'aws:SourceVpce': VPCE });
    expectFixWorks(scenario, request, fix, [
      ...neighbours(request),
      // Through another VPC endpoint, or over the internet from elsewhere: still denied.
      { ...request, context: { ...request.context, 'aws:SourceVpce': 'vpce-0ffffffffffffffff' } },
      { ...request, context: { 'aws:SourceIp': '198.51.100.7' } },
    ]);
  });

  it('region-or-account-mismatch: the policy names the flow in us-west-2, the client calls us-east-1', () => {
    const scenario = { identityPolicies: [named('StartChat', { Sid: 'AllowStartChatContact', Effect: 'Allow', Action: START, Resource: flowArn(FLOW_ID, INSTANCE_ID, 'us-west-2') })] };
    const e = explained({ denial: fromText(`AccessDeniedException: ${deniedText()}`), scenario });
    const finding = e.findings.find((f) => f.check === 'region-or-account-mismatch');
    expect(finding?.message).toContain('names Region `us-west-2`, but the request is in `us-east-1`');
    const fix = verifiedFix(e);
    expect(JSON.stringify(fix.document)).toContain(FLOW);
    expectFixWorks(scenario, evaluated(e), fix, neighbours(evaluated(e)));
  });

  it('region-or-account-mismatch: a policy copied from the test account', () => {
    const scenario = { identityPolicies: [named('StartChat', { Sid: 'AllowStartChatContact', Effect: 'Allow', Action: START, Resource: flowArn(FLOW_ID, INSTANCE_ID, 'us-east-1', OTHER_ACCOUNT) })] };
    const e = explained({ denial: fromText(deniedText()), scenario });
    expect(e.findings.find((f) => f.check === 'region-or-account-mismatch')?.message).toContain(`names account \`${OTHER_ACCOUNT}\``);
    const fix = verifiedFix(e);
    expectFixWorks(scenario, evaluated(e), fix, [...neighbours(evaluated(e)), { ...evaluated(e), resource: flowArn(OTHER_FLOW_ID, INSTANCE_ID, 'us-east-1', OTHER_ACCOUNT) }]);
  });

  it('misspelled-action: connect:StartChatContat -> a verified policy with the action spelled right', () => {
    const scenario = { identityPolicies: [named('StartChat', { Sid: 'AllowStartChatContact', Effect: 'Allow', Action: 'connect:StartChatContat', Resource: FLOW })] };
    const e = explained({ denial: fromText(deniedText()), scenario });
    expect(e.findings.find((f) => f.check === 'misspelled-action')?.message).toContain('did you mean `connect:StartChatContact`?');
    const fix = verifiedFix(e);
    expect(JSON.stringify(fix.document)).toContain('"connect:StartChatContact"');
    expectFixWorks(scenario, evaluated(e), fix, neighbours(evaluated(e)));
  });

  it('explicit-deny in an SCP: a suggestion for the organization, never a fix', () => {
    const scenario = {
      request: { principal: SESSION, action: START, resource: flowArn(FLOW_ID, INSTANCE_ID, 'eu-west-1') },
      identityPolicies: [named('StartChat', { Sid: 'AllowStartChatContact', Effect: 'Allow', Action: START, Resource: `arn:aws:connect:*:${ACCOUNT}:instance/*/contact-flow/*` })],
      serviceControlPolicies: [
        { target: 'r-a1b2', policies: [fullAccess] },
        {
          target: 'ou-a1b2-cdef3456',
          policies: [
            fullAccess,
            named('DenyOutsideUsEast1', {
              Sid: 'DenyOtherRegions',
              Effect: 'Deny',
              NotAction: ['iam:*', 'organizations:*', 'sts:*', 'support:*'],
              Resource: '*',
              Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } },
            }),
          ],
        },
      ],
    };
    const e = explained({ scenario });
    expect(e.decision).toBe('explicit-deny');
    expect(e.findings.find((f) => f.check === 'explicit-deny')).toMatchObject({ policyType: 'scp', policy: 'DenyOutsideUsEast1', statement: 'DenyOtherRegions' });
    expect(e.fixes.length).toBeGreaterThan(0);
    for (const f of e.fixes) expect(f.kind).toBe('suggestion');
    expect(e.fixes.find((f) => f.policyType === 'scp')?.holder).toEqual({ kind: 'organizations-policy', name: 'DenyOutsideUsEast1', type: 'SERVICE_CONTROL_POLICY', targetId: 'ou-a1b2-cdef3456' });
  });

  it('explicit-deny in an SCP with an exception list: the suggestion extends the existing aws:PrincipalARN (any case), in its operator', () => {
    const admin = `arn:aws:iam::${ACCOUNT}:role/Admin`;
    for (const [operator, key] of [['ArnNotLike', 'aws:PrincipalARN'], ['StringNotEquals', 'AWS:principalarn']] as const) {
      const scenario = {
        request: { principal: SESSION, action: START, resource: FLOW },
        identityPolicies: [named('StartChat', { Effect: 'Allow', Action: START, Resource: FLOW })],
        serviceControlPolicies: [
          { target: 'r-a1b2', policies: [fullAccess, named('DenyConnect', { Sid: 'OnlyAdmins', Effect: 'Deny', Action: 'connect:*', Resource: '*', Condition: { [operator]: { [key]: admin } } })] },
        ],
      };
      const e = explained({ scenario });
      const fix = e.fixes.find((f) => f.policyType === 'scp')!;
      expect(fix.document.Statement[0]!['Condition']).toEqual({ [operator]: { [key]: [admin, ROLE] } });
      expect(fix.verified).toBe(true);
    }
  });

  it('explicit-deny named only by the message (SCP ARN appended): no identity policy is offered', () => {
    const scp = 'arn:aws:organizations::999988887777:policy/o-a1b2c3d4e5/service_control_policy/p-examplescp1';
    const e = explained({ denial: fromText(deniedText(SESSION, FLOW, ` with an explicit deny in a service control policy: ${scp}`)) });
    expect(e.decision).toBe('explicit-deny');
    expect(e.findings.find((f) => f.check === 'explicit-deny')?.message).toContain(scp);
    expect(e.determined).toBe(true);
    expect(e.fixes.filter((f) => f.policyType === 'identity')).toEqual([]);
  });

  it('action-not-allowed in the permissions boundary: a suggestion for whoever owns the boundary', () => {
    const scenario = {
      identityPolicies: [named('StartChat', { Sid: 'AllowStartChatContact', Effect: 'Allow', Action: START, Resource: FLOW })],
      permissionsBoundary: named('ChatBackendBoundary', { Sid: 'StorageAndLogs', Effect: 'Allow', Action: ['s3:*', 'logs:*'], Resource: '*' }),
    };
    const e = explained({ denial: fromText(deniedText(SESSION, FLOW, ' because no permissions boundary allows the connect:StartChatContact action')), scenario });
    expect(e.deniedBy).toEqual(['permissions-boundary']);
    expect(e.findings.find((f) => f.check === 'action-not-allowed')).toMatchObject({ policyType: 'permissions-boundary' });
    expect(e.fixes.length).toBeGreaterThan(0);
    for (const f of e.fixes) expect(f.kind).toBe('suggestion');
    expect(e.fixes[0]).toMatchObject({ policyType: 'permissions-boundary', target: 'ChatBackendBoundary' });
  });

  it('action-not-allowed in an SCP level (allow-list at the OU): the level is named', () => {
    const scenario = {
      request: { principal: SESSION, action: START, resource: FLOW },
      identityPolicies: [named('StartChat', { Sid: 'AllowStartChatContact', Effect: 'Allow', Action: START, Resource: FLOW })],
      serviceControlPolicies: [
        { target: 'r-a1b2', policies: [fullAccess] },
        { target: 'ou-a1b2-cdef3456', policies: [named('AllowListedServices', { Effect: 'Allow', Action: ['s3:*', 'lambda:*'], Resource: '*' })] },
      ],
    };
    const e = explained({ scenario });
    expect(e.deniedBy).toEqual(['scp']);
    const finding = e.findings.find((f) => f.check === 'action-not-allowed');
    expect(finding).toMatchObject({ policyType: 'scp' });
    expect(finding?.message).toContain('`ou-a1b2-cdef3456`');
    for (const f of e.fixes) expect(f.kind).toBe('suggestion');
  });

  it('cross-account: a role in another account calls Connect (message only) -> assume a role in the instance account', () => {
    const e = explained({ denial: fromText(deniedText(`arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/WebChatBackend/start-chat`)) });
    expect(e.determined).toBe(true);
    expect(e.findings.find((f) => f.check === 'cross-account')?.message).toContain('no resource-based policies');
    expect(e.fixes.length).toBeGreaterThan(0);
    for (const f of e.fixes) expect(f.kind).toBe('suggestion');
    expect(e.fixes.some((f) => f.target.includes(ACCOUNT))).toBe(true);
  });

  it('session-policy-scope-down: the chat widget calls StartChatContact with Cognito credentials -> call it from a backend', () => {
    const e = explained({ denial: fromText(`AccessDeniedException: ${deniedText(`arn:aws:sts::${ACCOUNT}:assumed-role/Cognito_ChatWidgetUnauth_Role/CognitoIdentityCredentials`)}`) });
    expect(e.determined).toBe(true);
    expect(e.findings.find((f) => f.check === 'session-policy-scope-down')?.message).toContain('AmazonCognitoUnAuthedIdentitiesSessionPolicy');
    expect(e.fixes.length).toBeGreaterThan(0);
    for (const f of e.fixes) expect(f.kind).toBe('suggestion');
  });

  it('session-policy-scope-down: an AssumeRole session policy that does not allow the action', () => {
    const scenario = {
      request: { principal: SESSION, action: START, resource: FLOW },
      identityPolicies: [named('StartChat', { Sid: 'AllowStartChatContact', Effect: 'Allow', Action: START, Resource: FLOW })],
      sessionPolicies: [named('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })],
    };
    const e = explained({ scenario });
    expect(e.deniedBy).toEqual(['session']);
    expect(e.findings.find((f) => f.check === 'session-policy-scope-down')?.message).toContain('session policy');
    expect(e.fixes.filter((f) => f.kind === 'fix')).toEqual([]);
  });

  it('id-passed-as-arn: a CloudTrail record whose ContactFlowId is the URL-encoded flow ARN', () => {
    const denial = fromRecord(chatRecord({}, { ContactFlowId: encodeURIComponent(FLOW) }));
    const e = explained({ denial });
    const finding = e.findings.find((f) => f.check === 'id-passed-as-arn');
    expect(finding?.message).toContain('`ContactFlowId`');
    expect(finding?.message).toContain(`Pass \`${FLOW_ID}\` instead`);
    expect(e.determined).toBe(true);
    expect(e.fixes.filter((f) => f.kind === 'fix')).toEqual([]);
  });

  it('malformed-arn: the flow name where its ID belongs', () => {
    const e = explained({ denial: fromText(deniedText(SESSION, `${INSTANCE}/contact-flow/Inbound-Chat-Flow`)) });
    expect(e.findings.find((f) => f.check === 'malformed-arn')?.message).toContain('not a UUID');
    expect(e.determined).toBe(true);
  });

  it('not-a-policy-decision: a Participant Service 403 in CloudTrail', () => {
    const denial = fromRecord(
      chatRecord({
        eventSource: 'connectparticipant.amazonaws.com',
        eventName: 'SendMessage',
        errorMessage: 'User is not authorized to access this resource with an explicit deny',
        userIdentity: { type: 'Unknown', principalId: '', accountId: ACCOUNT },
        requestParameters: { ContentType: 'text/plain', Content: '***' },
      }),
    );
    const e = explained({ denial });
    expect(e.findings.find((f) => f.check === 'not-a-policy-decision')?.message).toContain('Participant Service');
    expect(e.fixes.filter((f) => f.kind === 'fix')).toEqual([]);
  });

  it('not-a-policy-decision: "connect:* on resource: *" offers no policy', () => {
    const e = explained({ denial: fromText(`User: ${SESSION} is not authorized to perform: connect:* on resource: * with an explicit deny`) });
    expect(checksOf(e)).toContain('not-a-policy-decision');
    expect(e.fixes.filter((f) => f.kind === 'fix')).toEqual([]);
  });

  it('allowed-by-given-policies: the role policy allows, so the cause is a policy not given (undetermined)', () => {
    const scenario = { identityPolicies: [named('StartChat', { Sid: 'AllowStartChatContact', Effect: 'Allow', Action: START, Resource: `${INSTANCE}/contact-flow/*` })] };
    const e = explained({ denial: fromText(deniedText()), scenario });
    expect(e.decision).toBe('allow');
    expect(e.determined).toBe(false);
    expect(e.findings.find((f) => f.check === 'allowed-by-given-policies')?.message).toContain('not given');
    expect(e.fixes).toEqual([]);
  });

  it('message only: what it proves, and an unverified suggestion', () => {
    const e = explained({ denial: fromText(`AccessDeniedException: ${deniedText()}`) });
    expect(e.determined).toBe(false);
    expect(e.messageOnly?.proves).toEqual(expect.arrayContaining([{ fact: 'role', value: ROLE }, { fact: 'resource', value: FLOW }]));
    expect(e.messageOnly?.likelyCauses[0]).toBe('instanceArnInsteadOfFlow');
    for (const f of e.fixes) expect(f).toMatchObject({ kind: 'suggestion', verified: false });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Service rules: the key policy, the trust policy, things AWS owns, partitions.

describe('explain(): causes beyond the generic logic', () => {
  const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const TARGET = `arn:aws:iam::${ACCOUNT}:role/DeployRole`;
  /** The scenario with the fix's document as its resource policy (key policy or trust policy). */
  const withResourcePolicy = (scenario: Json, fix: Fix): Json => ({ ...structuredClone(scenario), resourcePolicy: { name: 'Fixed', document: fix.document } });
  const resourceFix = (e: ExplanationJson): Omit<Fix, 'verification'> => {
    const fixes = e.fixes.filter((f) => f.policyType === 'resource');
    expect(fixes, JSON.stringify(e.fixes, null, 2)).toHaveLength(1);
    return fixes[0]!;
  };

  it('key-policy-not-allowing: the role policy allows Decrypt, the key policy names only the administrators; the fix names the role in the key policy', () => {
    const request = { principal: SESSION, action: 'kms:Decrypt', resource: KEY };
    const scenario = {
      identityPolicies: [named('UseKey', { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY })],
      resourcePolicy: named('KeyPolicy', { Sid: 'Admins', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/KeyAdmin` }, Action: 'kms:*', Resource: '*' }),
    };
    const e = explained({ denial: fromText(`User: ${SESSION} is not authorized to perform: kms:Decrypt on resource: ${KEY}`), scenario: { ...scenario, request } });
    expect(e.decision).toBe('implicit-deny');
    expect(e.deniedBy).toEqual(['resource']);
    expect(e.findings.find((f) => f.check === 'key-policy-not-allowing')?.message).toContain('IAM policies that allow have no effect');
    const fix = resourceFix(e);
    expect(fix).toMatchObject({ kind: 'fix', change: 'replace', target: 'KeyPolicy', verified: true });
    expect(fix.document.Statement).toContainEqual(expect.objectContaining({ Principal: { AWS: ROLE }, Action: 'kms:Decrypt', Resource: KEY }));
    const fixed = withResourcePolicy(scenario, fix);
    expect(decision(fixed, request)).toBe('allow');
    for (const other of [
      { ...request, action: 'kms:ScheduleKeyDeletion' },
      { ...request, action: 'kms:Encrypt' },
      { ...request, principal: `arn:aws:sts::${ACCOUNT}:assumed-role/Other/s` },
    ]) expect(decision(fixed, other), `${other.principal} ${other.action}`).not.toBe('allow');
  });

  it('key-policy-not-allowing: with no key policy given, the statement to add is a suggestion', () => {
    const request = { principal: SESSION, action: 'kms:Decrypt', resource: KEY };
    const e = explained({ scenario: { request, identityPolicies: [named('UseKey', { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY })] } });
    expect(e.warnings.map((w) => w.message).join('\n')).toContain('key policy must allow');
    const fix = resourceFix(e);
    expect(fix).toMatchObject({ kind: 'suggestion', change: 'attach', target: KEY });
  });

  it('trust-policy-not-allowing: the caller may assume the role, the trust policy trusts only EC2; the fix trusts the caller\'s role', () => {
    const request = { principal: SESSION, action: 'sts:AssumeRole', resource: TARGET };
    const scenario = {
      identityPolicies: [named('MayAssume', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: TARGET })],
      resourcePolicy: named('TrustPolicy', { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    };
    const e = explained({ denial: fromText(`User: ${SESSION} is not authorized to perform: sts:AssumeRole on resource: ${TARGET}`), scenario: { ...scenario, request } });
    expect(checksOf(e)).toContain('trust-policy-not-allowing');
    const fix = resourceFix(e);
    expect(fix).toMatchObject({ kind: 'fix', target: 'TrustPolicy', verified: true });
    const added = fix.document.Statement.at(-1)!;
    expect(added).toEqual({ Sid: 'AllowAssumeRole', Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'sts:AssumeRole' });
    const fixed = withResourcePolicy(scenario, fix);
    expect(decision(fixed, request)).toBe('allow');
    expect(decision(fixed, { ...request, principal: `arn:aws:sts::${ACCOUNT}:assumed-role/Other/s` })).not.toBe('allow');
    expect(decision(fixed, { ...request, action: 'sts:TagSession' })).not.toBe('allow');
  });

  it('aws-owned-resource: an inline policy on an IAM Identity Center role, from the CLI message alone', () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`;
    const e = explained({ denial: fromText(`An error occurred (AccessDenied) when calling the PutRolePolicy operation: User: ${SESSION} is not authorized to perform: iam:PutRolePolicy on resource: ${role}`) });
    expect(e.findings[0]?.check).toBe('aws-owned-resource');
    expect(e.findings[0]?.message).toContain('Change the permission set in IAM Identity Center');
    expect(e.fixes).toEqual([]);
    // With policies that allow everything, simulate still refuses.
    const result = simulate({ request: { principal: SESSION, action: 'iam:PutRolePolicy', resource: role }, identityPolicies: [named('Admin', { Effect: 'Allow', Action: '*', Resource: '*' })] });
    expect(result.decision).toBe('implicit-deny');
    expect(result.awsRules).toContainEqual(expect.objectContaining({ rule: 'aws-owned-resource', outcome: 'refuses' }));
  });

  it('partition-mismatch: an aws-cn role on an arn:aws: queue is never allowed, whatever the policies', () => {
    const request = { principal: 'arn:aws-cn:sts::111122223333:assumed-role/App/s', action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${OTHER_ACCOUNT}:orders` };
    const e = explained({ scenario: { request, identityPolicies: [named('All', { Effect: 'Allow', Action: '*', Resource: '*' })], resourcePolicy: named('Queue', { Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage' }) } });
    expect(e.decision).toBe('implicit-deny');
    expect(e.findings.find((f) => f.check === 'partition-mismatch')?.message).toContain('access never crosses partitions');
    expect(e.fixes.filter((f) => f.kind === 'fix')).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Regressions: bugs the table above once found in src/explain/explain.ts.

describe('explain(): message-only and allowed-scenario regressions', () => {
  const explicitUnnamed = deniedText(SESSION, FLOW, ' with an explicit deny');

  it('an explicit deny (no policy type named) gets no identity Allow to attach: an Allow cannot override a Deny', () => {
    const e = explained({ denial: fromText(explicitUnnamed) });
    expect(e.decision).toBe('explicit-deny');
    expect(e.fixes.filter((f) => f.policyType === 'identity')).toEqual([]);
  });

  it('"connect:* on resource: *" gets no connect:* on * policy to attach', () => {
    const e = explained({ denial: fromText(`User: ${SESSION} is not authorized to perform: connect:* on resource: * with an explicit deny`) });
    expect(JSON.stringify(e.fixes)).not.toContain('"Resource":"*"');
  });

  it('an explicit deny is not explained by causes of an implicit deny (instance ARN, missing action)', () => {
    const e = explained({ denial: fromText(explicitUnnamed) });
    expect(e.messageOnly?.likelyCauses).not.toContain('instanceArnInsteadOfFlow');
    expect(e.messageOnly?.likelyCauses).not.toContain('actionMissing');
  });

  it('Cognito credentials with only the role policy given (it allows): the backend suggestion is still offered', () => {
    const cognito = `arn:aws:sts::${ACCOUNT}:assumed-role/Cognito_ChatWidgetUnauth_Role/CognitoIdentityCredentials`;
    const scenario = { identityPolicies: [named('StartChat', { Sid: 'AllowStartChatContact', Effect: 'Allow', Action: START, Resource: FLOW })] };
    const e = explained({ denial: fromText(deniedText(cognito)), scenario });
    expect(checksOf(e)).toContain('session-policy-scope-down');
    expect(e.fixes.map((f) => f.kind)).toContain('suggestion');
  });
});

// ---------------------------------------------------------------------------------------------------------
// The command, as a process (dist/ is built once by test/global-setup.ts).

const { file } = tempFolder('whydenied-explain-e2e-');
const run = (args: string[], input?: string | Buffer) => spawnCliSync(['explain', ...args], { input: input ?? '', env: { WHYDENIED_DEBUG: '' } });

/** Exit 1, one line naming the problem, nothing on stdout, no stack trace. */
function expectBadInput(r: ReturnType<typeof run>, text: string | RegExp): void {
  expect(r.code, r.stderr + r.stdout).toBe(1);
  expect(r.stdout).toBe('');
  if (typeof text === 'string') expect(r.stderr).toContain(text);
  else expect(r.stderr).toMatch(text);
  expect(r.stderr.startsWith('whydenied: ')).toBe(true);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toContain('internal error');
}

describe('whydenied explain (the command)', () => {
  it('--example: exit 0, names resource-not-matched and the verified fix', () => {
    const r = run(['--example']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('resource-not-matched');
    expect(r.stdout).toContain('verified');
    expect(r.stdout).toContain(FLOW);
  });

  it('--context adds keys to the request the message proves: the VPC endpoint trap is found and fixed', () => {
    const policy = file('ip-only.json', JSON.stringify(doc({ Sid: 'FromOffice', Effect: 'Allow', Action: START, Resource: `${INSTANCE}/contact-flow/*`, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })));
    const r = run([deniedText(), '--policy', policy, '--context', `aws:SourceVpce=${VPCE}`, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout) as ExplanationJson;
    expect(evaluated(e).context).toMatchObject({ 'aws:SourceVpce': VPCE });
    expect(e.findings[0]).toMatchObject({ check: 'condition-not-met', statement: 'FromOffice' });
    expect(e.findings[0]!.message).toContain('came through a VPC endpoint');
    expect(e.fixes[0]).toMatchObject({ verified: true });
    expect(run([deniedText(), '--context', 'aws:SourceVpce']).stderr).toContain('is not KEY=VALUE');
  });

  it('a message only: exit 3 when no cause is determinable, with what the message proves', () => {
    const r = run([`AccessDeniedException: ${deniedText()}`]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain('What the message proves');
    expect(r.stdout).toContain(ROLE);
    expect(r.stderr).toBe('');
  });

  it('a message only with a determinable cause (Cognito credentials): exit 0', () => {
    const r = run([deniedText(`arn:aws:sts::${ACCOUNT}:assumed-role/Cognito_ChatWidgetUnauth_Role/CognitoIdentityCredentials`)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('session-policy-scope-down');
  });

  it('--json: the Explanation object', () => {
    const r = run(['--example', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout) as ExplanationJson;
    expect(Object.keys(e)).toEqual(expect.arrayContaining(['request', 'source', 'decision', 'deniedBy', 'findings', 'fixes', 'statements', 'warnings', 'determined']));
    expect(e).toMatchObject({ decision: 'implicit-deny', deniedBy: ['identity'], determined: true, source: { kind: 'scenario' } });
    expect(e.findings[0]).toMatchObject({ check: 'resource-not-matched', severity: 'error', policyType: 'identity', policy: 'StartChat', statement: 'AllowStartChatContact' });
    expect(typeof e.findings[0]!.message).toBe('string');
    const fix = e.fixes[0]!;
    expect(fix).toMatchObject({ kind: 'fix', policyType: 'identity', target: 'StartChat', change: 'replace', verified: true });
    expect(fix.document.Statement[0]).toMatchObject({ Resource: FLOW });
    expect(fix.verification).toMatchObject({ allows: true, overGrants: [] });
    expect(fix.alternative).toMatchObject({ resource: `${INSTANCE}/contact-flow/*`, verified: true, proof: 'proven' });
    expect(fix).toMatchObject({ proof: 'proven' });
    expect(fix.alternative!.adds).toEqual([expect.objectContaining({ action: START, because: expect.objectContaining({ element: 'Resource' }) })]);
  });

  it('--json with a message only: messageOnly and exit 3', () => {
    const r = run([deniedText(), '--json']);
    expect(r.code).toBe(3);
    const e = JSON.parse(r.stdout) as ExplanationJson;
    expect(e.determined).toBe(false);
    expect(e.messageOnly?.proves).toEqual(expect.arrayContaining([{ fact: 'action', value: START }]));
    expect(e.messageOnly?.commands.some((c) => c.includes('--role-name ChatStarter'))).toBe(true);
  });

  it('--format cloudformation | terraform | cdk prints the fix in that format', () => {
    const cfn = run(['--example', '--format', 'cloudformation']);
    expect(cfn.code, cfn.stderr).toBe(0);
    expect(cfn.stdout).toMatch(/AWS::IAM::(Managed)?Policy|PolicyDocument/);
    expect(cfn.stdout).toContain(FLOW);

    const tf = run(['--example', '--format', 'terraform']);
    expect(tf.code, tf.stderr).toBe(0);
    expect(tf.stdout).toMatch(/resource "aws_iam_|data "aws_iam_policy_document"/);
    expect(tf.stdout).toContain(FLOW);

    const cdk = run(['--example', '--format', 'cdk']);
    expect(cdk.code, cdk.stderr).toBe(0);
    expect(cdk.stdout).toMatch(/iam\.PolicyStatement|new iam\./);
    expect(cdk.stdout).toContain(FLOW);
  });

  it('--list-checks lists every check id', () => {
    const r = run(['--list-checks']);
    expect(r.code).toBe(0);
    for (const check of CHECKS) {
      expect(r.stdout).toContain(check.meta.id);
      expect(r.stdout).toContain(check.meta.docs);
    }
  });

  it('stdin (-): a bare message', () => {
    const r = run(['-'], `${deniedText()}\n`);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain('What the message proves');
  });

  it('stdin (-): AWS CLI output, with the policy that names the instance', () => {
    const policy = file('startchat.json', JSON.stringify(doc({ Sid: 'AllowStartChatContact', Effect: 'Allow', Action: START, Resource: INSTANCE })));
    const cliOutput = `\nAn error occurred (AccessDeniedException) when calling the StartChatContact operation: ${deniedText()}\n`;
    const r = run(['-', '--policy', policy, '--json'], cliOutput);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout) as ExplanationJson;
    expect(e.source).toMatchObject({ kind: 'cli-output' });
    expect(e.findings.map((f) => f.check)).toContain('resource-not-matched');
    expect(e.fixes[0]).toMatchObject({ kind: 'fix', target: 'startchat', verified: true });
  });

  it('--event: a CloudTrail file (.json and .json.gz) with --policy and --resource', () => {
    const trail = JSON.stringify({ Records: [{ ...chatRecord(), errorCode: undefined, errorMessage: undefined, eventName: 'DescribeInstance' }, chatRecord()] });
    const policy = file('policy.json', JSON.stringify(doc({ Sid: 'AllowStartChatContact', Effect: 'Allow', Action: START, Resource: INSTANCE })));
    const plain = file(`${ACCOUNT}_CloudTrail_us-east-1_20240601T1235Z_abcd.json`, trail);
    const gz = file(`${ACCOUNT}_CloudTrail_us-east-1_20240601T1235Z_abcd.json.gz`, gzipSync(trail));
    for (const path of [plain, gz]) {
      const r = run(['--event', path, '--policy', policy, '--resource', FLOW, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const e = JSON.parse(r.stdout) as ExplanationJson;
      expect(e.source).toMatchObject({ kind: 'cloudtrail' });
      expect(e.request).toMatchObject({ principal: SESSION, action: START, resource: FLOW });
      expect(e.findings.map((f) => f.check)).toContain('resource-not-matched');
      expect(e.fixes[0]).toMatchObject({ kind: 'fix', verified: true });
    }
    // Without --resource the record's parameters give the flow ARN.
    const r = run(['--event', gz, '--policy', policy]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('resource-not-matched');
  });

  it('bad input: empty stdin', () => {
    expectBadInput(run(['-'], ''), '<stdin>');
  });

  it('bad input: text that is not an AccessDenied', () => {
    expectBadInput(run(['An error occurred (ThrottlingException) when calling the StartChatContact operation: Rate exceeded']), 'not an AccessDenied');
    expectBadInput(run(['hello world']), 'not an AWS AccessDenied message');
  });

  it('bad input: a truncated JSON event', () => {
    const full = JSON.stringify({ Records: [chatRecord()] });
    expectBadInput(run(['--event', file('truncated.json', full.slice(0, full.length / 2))]), /truncated\.json:\d+:\d+: .*not valid JSON/);
  });

  it('bad input: a binary file', () => {
    const binary = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]);
    expectBadInput(run(['--event', file('trail.zip', binary)]), 'trail.zip');
    expectBadInput(run([deniedText(), '--policy', file('policy.bin', binary)]), 'policy.bin: is a binary file');
  });

  it('bad input: an unknown option, an unknown --format', () => {
    expectBadInput(run(['--exmple']), 'unknown option `--exmple`');
    expectBadInput(run(['--example', '--format', 'pulumi']), 'unknown format `pulumi`');
  });
});
