/**
 * collectScenario() with the real AWS SDK v3 clients against the fake AWS server (test/fixtures/fake-aws):
 * pagination, throttling retried by the SDK, URL-decoded documents at their default version, tags and path
 * as context, organization levels root first, missing permissions as unreadable entries (and whether they
 * mattered), bounded concurrency, read-only calls, and credentials problems as one clear LiveError.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients, regionOfArn, type AwsClients } from '../src/aws/clients.js';
import { createLimiter } from '../src/aws/collect/reader.js';
import { decodePolicyDocument } from '../src/aws/collect/iam.js';
import { explain } from '../src/explain/explain.js';
import { simulate } from '../src/index.js';
import { collectForExplain, collectScenario, LiveError, type CollectedScenario } from '../src/live/collect.js';
import * as liveApi from '../src/live/index.js';
import { startFakeAws, type FakeAws } from './fixtures/fake-aws/server.js';
import { CHAT_ACCOUNT, DEPLOY_ROLE_ARN, KEY_ARN, FLOW_ARN, INSTANCE_ID, PRINCIPALS, RESTRICTED_ACCOUNT, RESTRICTED_FLOW_ARN, SECRET_ACCESS_KEY, SESSION_TOKEN, VPCE, WORLD } from './fixtures/fake-aws/world.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const START_CHAT = 'connect:StartChatContact';
let aws: FakeAws;
const opened: AwsClients[] = [];

async function clientsFor(accessKeyId: string, extra: { maxAttempts?: number } = {}): Promise<AwsClients> {
  const caller = WORLD.callers[accessKeyId]!;
  const clients = await createAwsClients({
    endpoint: aws.url,
    resourceArn: FLOW_ARN,
    credentials: { accessKeyId, secretAccessKey: caller.secretAccessKey, ...(caller.sessionToken !== undefined && { sessionToken: caller.sessionToken }) },
    ...extra,
  });
  opened.push(clients);
  return clients;
}

const collect = async (accessKeyId: string, principal: string, resource = FLOW_ARN, options: Parameters<typeof collectScenario>[2] = {}) =>
  collectScenario({ principal, action: START_CHAT, resource }, await clientsFor(accessKeyId), options);

const names = (s: CollectedScenario) => (s.identityPolicies ?? []).map((p) => p.name);
const findingsOf = (s: CollectedScenario) => {
  const r = explain({ scenario: s as unknown as Record<string, unknown> });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.explanation;
};

beforeAll(async () => {
  aws = await startFakeAws(WORLD);
});
afterEach(() => {
  for (const c of opened.splice(0)) c.destroy();
});
afterAll(async () => {
  await aws.close();
});

describe('collecting a role session: the instance-ARN-instead-of-flow cause', () => {
  let scenario: CollectedScenario;
  beforeAll(async () => {
    aws.reset();
    scenario = (await collect('AKIDEXAMPLE', PRINCIPALS.instanceArn)).scenario;
  });

  it('reads every page of the attached and inline policies (3 each, 2 per page)', () => {
    expect(names(scenario)).toEqual(['StartChat', 'AWSLambdaBasicExecutionRole', 'ChatDescribe', 'logs-write', 'team-flows', 'kms-decrypt']);
    const pages = (action: string) => aws.calls.filter((c) => c.action === action && c.status === 200).length;
    expect(pages('iam:ListAttachedRolePolicies')).toBe(2);
    expect(pages('iam:ListRolePolicies')).toBe(2);
    expect(pages('connect:ListInstanceAttributes')).toBe(2);
  });

  it('retries throttled calls (IAM Throttling, Organizations TooManyRequestsException, Connect 429) and still gets everything', () => {
    for (const action of ['iam:GetPolicyVersion', 'organizations:ListPoliciesForTarget', 'connect:DescribeContactFlow']) {
      const calls = aws.calls.filter((c) => c.action === action);
      expect(calls.some((c) => c.error !== undefined && /Throttl|TooManyRequests/.test(c.error))).toBe(true);
      expect(calls.some((c) => c.status === 200)).toBe(true);
    }
    expect(scenario.collected.unreadable).toEqual([]);
    expect(scenario.collected.uncertain).toBe(false);
  });

  it('uses the default version of managed policies, URL-decoded into JSON objects', () => {
    const startChat = scenario.identityPolicies!.find((p) => p.name === 'StartChat')!;
    expect(startChat.arn).toBe(`arn:aws:iam::${CHAT_ACCOUNT}:policy/chat/StartChat`);
    expect(startChat.document).toMatchObject({ Statement: [{ Sid: 'AllowStartChatContact', Resource: expect.stringMatching(/instance\/[^/]+$/) }, { Sid: 'AllowDescribeInstance' }] });
    expect(typeof scenario.identityPolicies![3]!.document).toBe('object');
    expect(decodePolicyDocument('%7B%22a%22%3A%201%7D')).toEqual({ a: 1 });
  });

  it('turns tags, path, role id and organization into request context', () => {
    expect(scenario.request.context).toEqual({
      'aws:PrincipalArn': `arn:aws:iam::${CHAT_ACCOUNT}:role/service-role/chat/ChatStarter`,
      'aws:PrincipalTag/team': 'chat',
      'aws:PrincipalTag/env': 'prod',
      'aws:userid': 'AROA1CHATSTARTER0001:start-chat-fn',
      'aws:PrincipalOrgID': 'o-a1b2c3d4e5',
      'aws:PrincipalOrgPaths': ['o-a1b2c3d4e5/r-a1b2/ou-a1b2-chat0001/'],
    });
  });

  it('reads the SCPs and RCPs of every level, root first, each level to its last page', () => {
    expect(scenario.serviceControlPolicies!.map((l) => [l.target, l.policies.map((p) => p.name)])).toEqual([
      ['r-a1b2', ['FullAWSAccess', 'DenyOutsideUsEast1', 'DenyLeaveOrganization']],
      ['ou-a1b2-chat0001', ['FullAWSAccess']],
      [CHAT_ACCOUNT, ['FullAWSAccess']],
    ]);
    expect(scenario.resourceControlPolicies!.map((l) => l.target)).toEqual(['r-a1b2', 'ou-a1b2-chat0001', CHAT_ACCOUNT]);
    expect(scenario.serviceControlPolicies![0]!.policies[1]!.document).toMatchObject({ Statement: [{ Sid: 'DenyOtherRegions' }] });
  });

  it('records the Amazon Connect facts and the collection itself', () => {
    expect(scenario.collected).toMatchObject({
      account: CHAT_ACCOUNT,
      caller: `arn:aws:sts::${CHAT_ACCOUNT}:assumed-role/Auditor/whydenied`,
      region: 'us-east-1',
      principal: { kind: 'role-session', arn: `arn:aws:iam::${CHAT_ACCOUNT}:role/service-role/chat/ChatStarter`, tags: { team: 'chat', env: 'prod' } },
      organization: { id: 'o-a1b2c3d4e5', managementAccount: '999988887777', featureSet: 'ALL' },
      connect: { region: 'us-east-1', account: CHAT_ACCOUNT, instance: { id: INSTANCE_ID, found: true, alias: 'chat-prod', status: 'ACTIVE' }, flow: { found: true, name: 'Inbound chat', type: 'CONTACT_FLOW' }, flowLogs: true },
    });
    expect(Date.parse(scenario.collected.time)).toBeGreaterThan(0);
    expect(scenario.collected.calls).toBeGreaterThan(20);
  });

  it('explains it: the statement names the instance ARN, not the flow', () => {
    const e = findingsOf(scenario);
    expect(e.decision).toBe('implicit-deny');
    expect(e.findings[0]).toMatchObject({ check: 'resource-not-matched', policy: 'StartChat', statement: 'AllowStartChatContact' });
    expect(e.fixes[0]?.verified).toBe(true);
  });

  it('re-simulates identically from its JSON (what `collect > file` then `simulate file` does)', () => {
    const offline = JSON.parse(JSON.stringify(scenario)) as unknown;
    expect(simulate(offline)).toEqual(simulate(scenario));
  });

  it('only calls Get, List and Describe operations and sts:GetCallerIdentity', () => {
    const operations = new Set(aws.calls.map((c) => c.action));
    for (const op of operations) expect(op).toMatch(/^(iam|organizations|connect):(Get|List|Describe)[A-Za-z]+$|^sts:GetCallerIdentity$/);
  });
});

describe('the other Connect chat causes', () => {
  it('SCP deny on connect:* two OU levels up (444455556666)', async () => {
    const { scenario } = await collect('AKIDRESTRICTED', PRINCIPALS.scp, RESTRICTED_FLOW_ARN);
    expect(scenario.serviceControlPolicies!.map((l) => l.target)).toEqual(['r-a1b2', 'ou-a1b2-restrict', 'ou-a1b2-restrict-sub', RESTRICTED_ACCOUNT]);
    const e = findingsOf(scenario);
    expect(e.decision).toBe('explicit-deny');
    expect(e.deniedBy).toEqual(['scp']);
    expect(e.findings[0]).toMatchObject({ check: 'explicit-deny', policy: 'DenyConnect', statement: 'NoContactCenter' });
    expect(scenario.collected.connect?.flowLogs).toBe(false);
  });

  it('a permissions boundary without connect', async () => {
    const { scenario } = await collect('AKIDEXAMPLE', PRINCIPALS.bounded);
    expect(scenario.permissionsBoundary).toMatchObject({ name: 'LambdaBoundary', arn: `arn:aws:iam::${CHAT_ACCOUNT}:policy/boundaries/LambdaBoundary` });
    const e = findingsOf(scenario);
    expect(e.deniedBy).toEqual(['permissions-boundary']);
    expect(e.findings.map((f) => f.policyType)).toContain('permissions-boundary');
  });

  it('a Cognito identity-pool session: the session policy cannot be read, and it matters', async () => {
    const { scenario, unreadable } = await collect('AKIDEXAMPLE', PRINCIPALS.cognito);
    expect(names(scenario)).toEqual(['start-chat']);
    expect(unreadable).toEqual([{ what: 'the session policy of this Amazon Cognito identity-pool session', call: 'none', reason: expect.stringContaining('no AWS API returns a session policy'), mattered: true, affects: ['session'] }]);
    expect(scenario.collected.uncertain).toBe(true);
    expect(findingsOf(scenario).findings.map((f) => f.check)).toContain('session-policy-scope-down');
  });

  it('an IAM user: its groups (paginated) and their policies, each managed policy read once', async () => {
    aws.reset();
    const { scenario } = await collect('AKIDEXAMPLE', PRINCIPALS.alice, FLOW_ARN, { accessKeys: true });
    expect(names(scenario)).toEqual(['own-notes', 'ChatAnywhere', 'chat-devs/describe-chat', 'ChatDescribe']);
    expect(scenario.collected.principal).toMatchObject({ kind: 'user', groups: ['chat-devs', 'readers', 'everyone'] });
    expect(aws.calls.filter((c) => c.action === 'iam:ListGroupsForUser' && c.status === 200)).toHaveLength(2);
    expect(scenario.collected.principal?.accessKeys).toEqual([
      { idEnding: '0001', status: 'Active', created: expect.any(String), ageDays: 200 },
      { idEnding: '0002', status: 'Active', created: expect.any(String), ageDays: 10 },
    ]);
    expect(JSON.stringify(scenario)).not.toContain('AKIAALICE');
  });
});

describe('key policies, grants and trust policies', () => {
  it('kms:Decrypt: reads the key policy and every page of grants; a grant with a met constraint allows the role', async () => {
    const clients = await clientsFor('AKIDEXAMPLE');
    const { scenario } = await collectScenario({ principal: PRINCIPALS.instanceArn, action: 'kms:Decrypt', resource: KEY_ARN, context: { 'kms:EncryptionContext:app': 'chat' } }, clients);
    expect(scenario.resourcePolicy?.arn).toBe(KEY_ARN);
    expect(JSON.stringify(scenario.resourcePolicy?.document)).toContain('KeyAdmins');
    expect(scenario.kmsGrants?.map((g) => g.name)).toEqual(['chat-decrypt', 'grant-0002', 'grant-0003']);
    expect(scenario.kmsGrants?.[0]).toMatchObject({ operations: ['Decrypt'], constraints: { encryptionContextSubset: { app: 'chat' } } });
    expect(aws.calls.filter((c) => c.action === 'kms:ListGrants').length).toBeGreaterThanOrEqual(2);
    expect(simulate(scenario).decision).toBe('allow');
    // Without the encryption context the grant's constraint fails, and the key policy names only its administrators.
    const without = { ...scenario, request: { ...scenario.request, context: {} } };
    expect(simulate(without)).toMatchObject({ decision: 'implicit-deny', deniedBy: ['resource'] });
  });

  it('sts:AssumeRole: reads the role\'s trust policy, which trusts ChatWorker only', async () => {
    const clients = await clientsFor('AKIDEXAMPLE');
    const worker = await collectScenario({ principal: PRINCIPALS.worker, action: 'sts:AssumeRole', resource: DEPLOY_ROLE_ARN }, clients);
    expect(JSON.stringify(worker.scenario.resourcePolicy?.document)).toContain('ChatWorkerDeploys');
    expect(simulate(worker.scenario).decision).toBe('allow');
    const backend = await collectScenario({ principal: PRINCIPALS.backend, action: 'sts:AssumeRole', resource: DEPLOY_ROLE_ARN }, clients);
    expect(simulate(backend.scenario)).toMatchObject({ decision: 'implicit-deny', deniedBy: ['resource', 'identity'] });
    expect(findingsOf(backend.scenario).findings.map((f) => f.check)).toContain('trust-policy-not-allowing');
  });
});

describe('missing permissions are normal', () => {
  it('AccessDenied on Organizations: SCPs unreadable, and it does not matter when the identity policy already denies', async () => {
    const { scenario, unreadable } = await collect('AKIDMEMBER', PRINCIPALS.instanceArn);
    expect(scenario.serviceControlPolicies).toBeUndefined();
    expect(unreadable).toContainEqual({ what: `the organization path of account ${CHAT_ACCOUNT} (for its SCPs and RCPs)`, call: 'organizations:ListParents', reason: expect.stringMatching(/^AccessDeniedException: /), mattered: false, affects: expect.arrayContaining(['scp']) });
    expect(scenario.collected.uncertain).toBe(false);
    expect(scenario.request.context?.['aws:PrincipalOrgID']).toBe('o-a1b2c3d4e5'); // DescribeOrganization works for members
  });

  it('AccessDenied on Organizations matters when everything read allows the request', async () => {
    const { scenario, unreadable } = await collect('AKIDMEMBER', PRINCIPALS.worker);
    expect(findingsOf(scenario).decision).toBe('allow');
    expect(unreadable.find((u) => u.call === 'organizations:ListParents')?.mattered).toBe(true);
    expect(scenario.collected.uncertain).toBe(true);
  });

  it('ListInstanceAttributes denied: flow logs read with DescribeInstanceAttribute instead', async () => {
    const { scenario, unreadable } = await collect('AKIDMEMBER', PRINCIPALS.worker);
    expect(scenario.collected.connect?.flowLogs).toBe(true);
    expect(unreadable.some((u) => u.call.startsWith('connect:'))).toBe(false);
  });

  it('iam:GetPolicyVersion denied: the managed policies are unreadable and that matters', async () => {
    const { scenario, unreadable } = await collect('AKIDNOVERSIONS', PRINCIPALS.instanceArn);
    expect(names(scenario)).toEqual(['logs-write', 'team-flows', 'kms-decrypt']);
    expect(unreadable.filter((u) => u.call === 'iam:GetPolicyVersion').map((u) => u.what)).toEqual([
      `the managed policy arn:aws:iam::${CHAT_ACCOUNT}:policy/chat/StartChat`,
      'the managed policy arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      `the managed policy arn:aws:iam::${CHAT_ACCOUNT}:policy/ChatDescribe`,
    ]);
    expect(unreadable.every((u) => u.mattered)).toBe(true);
    expect(unreadable[0]!.reason).toMatch(/^AccessDenied: User: .* is not authorized to perform: iam:GetPolicyVersion/);
  });

  it('a principal in another account than the credentials: not read from the wrong account', async () => {
    const { scenario, unreadable } = await collect('AKIDEXAMPLE', PRINCIPALS.scp, RESTRICTED_FLOW_ARN);
    expect(scenario.identityPolicies).toBeUndefined();
    expect(unreadable[0]).toMatchObject({ call: 'iam:GetRole', reason: expect.stringContaining(`the principal is in account ${RESTRICTED_ACCOUNT}`) });
    expect(aws.calls.some((c) => c.action === 'iam:GetRole' && c.accessKeyId === 'AKIDEXAMPLE' && c.status === 404)).toBe(false);
  });

  it('a role that does not exist: said once, not one error per list', async () => {
    const { unreadable } = await collect('AKIDEXAMPLE', `arn:aws:sts::${CHAT_ACCOUNT}:assumed-role/NoSuchRole/x`);
    expect(unreadable.filter((u) => u.call.startsWith('iam:'))).toEqual([
      { what: 'role NoSuchRole and its policies', call: 'iam:GetRole', reason: expect.stringMatching(/^NoSuchEntity: The role with name NoSuchRole cannot be found\. \(is it in another account/), mattered: true, affects: expect.arrayContaining(['identity']) },
    ]);
  });
});

describe('a principal that is none of the forms AWS uses', () => {
  it('ends collection before any call, with the problem as data (the CLI prints its words)', async () => {
    const error = await collect('AKIDEXAMPLE', 'arn:aws:iam::1234:role/ChatStarter').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiveError);
    expect((error as LiveError).kind).toBe('input');
    expect((error as LiveError).problem).toMatchObject({ code: 'invalid-principal', messageId: 'badPrincipal', data: { principal: 'arn:aws:iam::1234:role/ChatStarter', reason: 'no-account' } });
  });
});

describe('credentials problems end collection with one clear message (an id and data)', () => {
  it('an expired session token (ExpiredToken)', async () => {
    const error = await collect('AKIDEXPIRED', PRINCIPALS.instanceArn).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiveError);
    expect(error).toMatchObject({ kind: 'expired', messageId: 'credentialsExpired', data: { code: 'ExpiredToken' } });
  });

  it('through `whydenied/live`, the message is the words a user reads', async () => {
    const { secretAccessKey, sessionToken } = WORLD.callers['AKIDEXPIRED']!;
    const error = await liveApi.collectForExplain({ principal: PRINCIPALS.worker, action: START_CHAT, resource: FLOW_ARN }, { endpoint: aws.url, credentials: { accessKeyId: 'AKIDEXPIRED', secretAccessKey, sessionToken: sessionToken! } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(liveApi.LiveError);
    expect((error as LiveError).message).toBe('the AWS credentials have expired (ExpiredToken): refresh them (`aws sso login`, new session credentials) and run again');
    const input = await liveApi.collectScenario({ principal: PRINCIPALS.worker, action: 'StartChatContact', resource: FLOW_ARN }, await clientsFor('AKIDEXAMPLE')).catch((e: unknown) => e);
    expect((input as LiveError).message).toBe('`StartChatContact` is not an action: expected SERVICE:Action, e.g. connect:StartChatContact');
  });

  it('a wrong secret key (the server checks the SigV4 signature)', async () => {
    const clients = await createAwsClients({ endpoint: aws.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-the-secret', sessionToken: SESSION_TOKEN }, maxAttempts: 1 });
    opened.push(clients);
    const error = await collectScenario({ principal: PRINCIPALS.worker, action: START_CHAT, resource: FLOW_ARN }, clients).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'invalid-credentials', messageId: 'credentialsRejected', data: { code: 'SignatureDoesNotMatch' } });
  });

  it('an unknown access key', async () => {
    const error = await collectForExplain({ principal: PRINCIPALS.worker, action: START_CHAT, resource: FLOW_ARN }, { endpoint: aws.url, credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: SECRET_ACCESS_KEY }, maxAttempts: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'invalid-credentials', messageId: 'credentialsRejected', data: { code: 'InvalidClientTokenId' } });
  });

  it('bad input', async () => {
    await expect(collect('AKIDEXAMPLE', 'arn:aws:s3:::bucket')).rejects.toThrow(LiveError);
    await expect(collectScenario({ principal: PRINCIPALS.worker, action: 'StartChatContact', resource: FLOW_ARN }, await clientsFor('AKIDEXAMPLE'))).rejects.toMatchObject({ kind: 'input', messageId: 'notAction', data: { action: 'StartChatContact' } });
  });
});

describe('bounded concurrency', () => {
  it('never has more calls in flight than asked, and does run calls in parallel', async () => {
    aws.reset();
    await collect('AKIDEXAMPLE', PRINCIPALS.alice, FLOW_ARN, { concurrency: 2 });
    expect(aws.maxInFlight).toBeLessThanOrEqual(2);
    aws.reset();
    await collect('AKIDEXAMPLE', PRINCIPALS.alice, FLOW_ARN, { concurrency: 8 });
    expect(aws.maxInFlight).toBeGreaterThan(2);
    expect(aws.maxInFlight).toBeLessThanOrEqual(8);
  });

  it('createLimiter runs at most N tasks at once, in order', async () => {
    const limit = createLimiter(3);
    let running = 0;
    let max = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        limit(async () => {
          running++;
          max = Math.max(max, running);
          await new Promise((r) => setTimeout(r, 2));
          order.push(i);
          running--;
        }),
      ),
    );
    expect(max).toBe(3);
    expect(order).toHaveLength(10);
  });
});

describe('collectForExplain: what explain --live calls', () => {
  it('gives the scenario for explain({ denial, scenario }), with the Region from the resource ARN', async () => {
    const { scenario, unreadable } = await collectForExplain(
      { principal: PRINCIPALS.backend, action: START_CHAT, resource: FLOW_ARN, context: { 'aws:SourceVpce': VPCE } },
      { endpoint: aws.url, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET_ACCESS_KEY, sessionToken: SESSION_TOKEN } },
    );
    expect(unreadable).toEqual([]);
    expect(scenario.collected.region).toBe('us-east-1');
    expect(scenario.request.context?.['aws:SourceVpce']).toBe(VPCE);
    expect(findingsOf(scenario).decision).toBe('allow');
    expect(regionOfArn(FLOW_ARN)).toBe('us-east-1');
  });
});
