/**
 * The minimal policy whydenied needs (src/aws/self-policy.ts), checked with whydenied's own engine: it
 * allows every call the collector makes (taken from the fake server's call log after full collections) and
 * denies every action of IAM, STS, Organizations, Amazon Connect and KMS that is not Read or List.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '../src/aws/clients.js';
import { SELF_CALLS, SELF_POLICY } from '../src/aws/self-policy.js';
import { actionNames, findAction } from '../src/catalog/index.js';
import { simulate } from '../src/index.js';
import { collectScenario } from '../src/live/collect.js';
import { doctorConnect } from '../src/doctor/connect.js';
import { startFakeAws, type FakeAws } from './fixtures/fake-aws/server.js';
import { DEPLOY_ROLE_ARN, FLOW_ARN, FLOW_ID, INSTANCE_ARN, KEY_ARN, PRINCIPALS, SECRET_ACCESS_KEY, SESSION_TOKEN, WORLD } from './fixtures/fake-aws/world.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const READER = 'arn:aws:sts::111122223333:assumed-role/WhydeniedReader/whydenied';
/** KMS keys need their key policy to let IAM policies allow: here the default key policy's account statement. */
const DEFAULT_KEY_POLICY = { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] };
const decide = (action: string, resource: string) =>
  simulate(
    {
      request: { principal: READER, action, resource },
      identityPolicies: [{ name: 'WhydeniedReadOnly', document: SELF_POLICY }],
      ...(resource.includes(':kms:') && resource.includes(':key/') && { resourcePolicy: { name: 'default', document: DEFAULT_KEY_POLICY } }),
    },
    { trace: false },
  ).decision;

let aws: FakeAws;
beforeAll(async () => {
  aws = await startFakeAws(WORLD);
});
afterAll(async () => {
  await aws.close();
});

describe('the minimal policy for whydenied itself', () => {
  it('allows each call the collector makes, on its resource', () => {
    for (const call of SELF_CALLS) expect(`${call.action} on ${call.example}: ${decide(call.action, call.example)}`).toBe(`${call.action} on ${call.example}: allow`);
  });

  it('names only Read and List actions (and sts:GetCallerIdentity), each once', () => {
    const actions = SELF_POLICY.Statement.flatMap((s) => s.Action ?? []);
    expect(new Set(actions).size).toBe(actions.length);
    for (const action of actions) {
      const [service, name] = action.split(':') as [string, string];
      expect(['Read', 'List'], action).toContain(findAction(service, name)?.accessLevel);
      expect(name).toMatch(/^(Get|List|Describe)/);
    }
  });

  it('covers every call that reached the (fake) AWS in full collections and doctor runs', async () => {
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET_ACCESS_KEY, sessionToken: SESSION_TOKEN };
    const clients = await createAwsClients({ endpoint: aws.url, region: 'us-east-1', credentials });
    try {
      for (const principal of Object.values(PRINCIPALS)) await collectScenario({ principal, action: 'connect:StartChatContact', resource: FLOW_ARN }, clients, { accessKeys: true });
      // Actions whose key policy or trust policy must allow: the collector reads those too.
      await collectScenario({ principal: PRINCIPALS.instanceArn, action: 'kms:Decrypt', resource: KEY_ARN }, clients);
      await collectScenario({ principal: PRINCIPALS.worker, action: 'sts:AssumeRole', resource: DEPLOY_ROLE_ARN }, clients);
      await doctorConnect({ instance: INSTANCE_ARN, flow: FLOW_ID, principal: PRINCIPALS.alice }, clients);
    } finally {
      clients.destroy();
    }
    const called = [...new Set(aws.calls.map((c) => c.action))].sort();
    const allowed = new Set(SELF_CALLS.map((c) => c.action));
    expect(called.filter((a) => !allowed.has(a))).toEqual([]);
    // And the policy lists nothing the tool never calls.
    expect([...allowed].filter((a) => !called.includes(a))).toEqual(['connect:DescribeInstanceAttribute']); // only when the list is denied (tested in live-collect)
  });

  it('denies the write actions users worry about', () => {
    const role = 'arn:aws:iam::111122223333:role/ChatStarter';
    for (const [action, resource] of [
      ['iam:PutRolePolicy', role],
      ['iam:AttachRolePolicy', role],
      ['iam:UpdateAssumeRolePolicy', role],
      ['iam:CreateAccessKey', 'arn:aws:iam::111122223333:user/alice'],
      ['iam:CreatePolicyVersion', 'arn:aws:iam::111122223333:policy/chat/StartChat'],
      ['organizations:AttachPolicy', '*'],
      ['organizations:UpdatePolicy', '*'],
      ['connect:StartChatContact', FLOW_ARN],
      ['connect:UpdateInstanceAttribute', INSTANCE_ARN],
      ['sts:AssumeRole', role],
      ['kms:Decrypt', KEY_ARN],
      ['kms:PutKeyPolicy', KEY_ARN],
      ['kms:CreateGrant', KEY_ARN],
    ] as const) {
      expect(`${action}: ${decide(action, resource)}`).toBe(`${action}: implicit-deny`);
    }
  });

  it('denies every action of IAM, STS, Organizations, Amazon Connect and KMS that is not Read or List', () => {
    const resources: Record<string, string[]> = {
      iam: ['arn:aws:iam::111122223333:role/ChatStarter', 'arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:group/chat-devs', 'arn:aws:iam::111122223333:policy/P', '*'],
      sts: ['arn:aws:iam::111122223333:role/ChatStarter', '*'],
      organizations: ['*', 'arn:aws:organizations::111122223333:policy/o-a1b2c3d4e5/service_control_policy/p-denyconnect'],
      connect: [INSTANCE_ARN, FLOW_ARN, '*'],
      kms: [KEY_ARN, '*'],
    };
    let writes = 0;
    for (const [service, list] of Object.entries(resources)) {
      for (const name of actionNames(service)) {
        const level = findAction(service, name)?.accessLevel;
        if (level === 'Read' || level === 'List') continue;
        writes++;
        for (const resource of list) {
          const decision = decide(`${service}:${name}`, resource);
          if (decision !== 'implicit-deny') expect.fail(`${service}:${name} on ${resource} is ${decision}`);
        }
      }
    }
    expect(writes).toBeGreaterThan(300);
  });
});
