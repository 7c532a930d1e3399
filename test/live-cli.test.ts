/**
 * The live commands end to end: the real `whydenied` binary (dist/, built by the global setup) in a child
 * process, its real SDK clients pointed at the fake AWS server by AWS_ENDPOINT_URL, with fake static
 * credentials in its environment. `collect` output re-simulates identically offline, `explain --scenario`
 * on it reaches the same findings as the live path, `doctor connect` checks pass/warn/fail with fixes, only
 * read-only calls reach the server, and no secret appears in any output.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain, explanationJson, simulate, simulationJson } from '../src/index.js';
import { parseAccessDeniedText } from '../src/input/access-denied-message.js';
import { collectForExplain, type CollectedScenario } from '../src/live/collect.js';
import { startFakeAws, type FakeAws } from './fixtures/fake-aws/server.js';
import {
  ALICE_NEW_KEY,
  ALICE_OLD_KEY,
  FLOW_ARN,
  FLOW_ID,
  INSTANCE_ARN,
  PRINCIPALS,
  RESTRICTED_FLOW_ARN,
  RESTRICTED_FLOW_ID,
  RESTRICTED_INSTANCE_ID,
  SECRET_ACCESS_KEY,
  SESSION_TOKEN,
  VPCE,
  WORLD,
} from './fixtures/fake-aws/world.js';
import { CLI, spawnCli, type CliRun } from './fixtures/spawn-cli.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const cli = process.env['WHYDENIED_CLI'] ?? CLI;
let aws: FakeAws;
let dir: string;
/** Every stdout and stderr the binary printed, checked for secrets at the end. */
const printed: string[] = [];

type Run = CliRun;

/** The environment of a user with static credentials, isolated from this machine's ~/.aws and metadata services. */
function envFor(accessKeyId: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  const caller = accessKeyId ? WORLD.callers[accessKeyId] : undefined;
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    NO_COLOR: '1',
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: aws.url,
    ...(accessKeyId && { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: caller?.secretAccessKey ?? SECRET_ACCESS_KEY }),
    ...(caller?.sessionToken !== undefined && { AWS_SESSION_TOKEN: caller.sessionToken }),
    ...extra,
  };
}

/** Asynchronous: the fake server answers from this very process. */
async function run(args: string[], env: Record<string, string>): Promise<Run> {
  const r = await spawnCli(args, { script: cli, env, clean: true });
  printed.push(r.stdout, r.stderr);
  return r;
}

const collectArgs = (principal: string, resource = FLOW_ARN) => ['collect', '--principal', principal, '--action', 'connect:StartChatContact', '--resource', resource];
const deniedMessage = (principal: string, resource = FLOW_ARN) => `User: ${principal} is not authorized to perform: connect:StartChatContact on resource: ${resource}`;
const noStack = (r: Run) => expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);

/** What the live path concludes, in-process: collectForExplain() then explain({ denial, scenario }). */
async function liveExplanation(principal: string, resource: string, accessKeyId: string) {
  const caller = WORLD.callers[accessKeyId]!;
  const denial = parseAccessDeniedText(deniedMessage(principal, resource));
  if (!denial.ok) throw new Error(denial.message);
  const { scenario } = await collectForExplain(
    { principal, action: 'connect:StartChatContact', resource },
    { endpoint: aws.url, credentials: { accessKeyId, secretAccessKey: caller.secretAccessKey, ...(caller.sessionToken !== undefined && { sessionToken: caller.sessionToken }) } },
  );
  const result = explain({ denial: denial.denial, scenario: scenario as unknown as Record<string, unknown> });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return explanationJson(result.explanation);
}

beforeAll(async () => {
  aws = await startFakeAws(WORLD);
  dir = mkdtempSync(join(tmpdir(), 'whydenied-live-'));
});
afterAll(async () => {
  await aws.close();
});

describe('whydenied collect > scenario.json, then offline', () => {
  const cases = [
    { name: 'instance ARN instead of flow ARN', principal: PRINCIPALS.instanceArn, resource: FLOW_ARN, key: 'AKIDEXAMPLE', code: 0, check: 'resource-not-matched' },
    { name: 'SCP deny on connect:*', principal: PRINCIPALS.scp, resource: RESTRICTED_FLOW_ARN, key: 'AKIDRESTRICTED', code: 0, check: 'explicit-deny' },
    { name: 'boundary without connect', principal: PRINCIPALS.bounded, resource: FLOW_ARN, key: 'AKIDEXAMPLE', code: 0, check: 'action-not-allowed' },
    { name: 'Cognito session (its session policy cannot be read: exit 3)', principal: PRINCIPALS.cognito, resource: FLOW_ARN, key: 'AKIDEXAMPLE', code: 3, check: 'session-policy-scope-down' },
  ];

  for (const c of cases) {
    describe(c.name, () => {
      let collected: Run;
      let file: string;
      beforeAll(async () => {
        collected = await run(collectArgs(c.principal, c.resource), envFor(c.key));
        file = join(dir, `${c.name.replace(/\W+/g, '-')}.json`);
        writeFileSync(file, collected.stdout);
      });

      it(`collect exits ${c.code} and prints the scenario to stdout, the summary to stderr`, () => {
        expect(collected.code, collected.stderr).toBe(c.code);
        const scenario = JSON.parse(collected.stdout) as CollectedScenario;
        expect(scenario.request).toMatchObject({ principal: c.principal, action: 'connect:StartChatContact', resource: c.resource });
        expect(scenario.collected.tool).toMatch(/^whydenied \d+\.\d+\.\d+/);
        expect(collected.stderr).toContain('Collected ');
        expect(collected.stderr).toMatch(/read-only calls/);
        if (c.code === 3) expect(collected.stderr).toContain('! matters');
        noStack(collected);
      });

      it('simulate on the file (offline) decides exactly as the library does on the collected scenario', async () => {
        const offline = await run(['simulate', file, '--json'], envFor(undefined, { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' }));
        const expected = simulate(JSON.parse(collected.stdout));
        expect(JSON.parse(offline.stdout)).toEqual(JSON.parse(JSON.stringify(simulationJson(expected))));
        expect(offline.code).toBe(expected.decision === 'allow' ? 0 : 2);
      });

      it('explain MESSAGE --scenario FILE reaches the same findings and fixes as the live path', async () => {
        const fromFile = await run(['explain', deniedMessage(c.principal, c.resource), '--scenario', file, '--json'], envFor(undefined));
        const live = await liveExplanation(c.principal, c.resource, c.key);
        const offline = JSON.parse(fromFile.stdout) as typeof live;
        expect(offline.findings).toEqual(live.findings);
        expect(offline.fixes).toEqual(JSON.parse(JSON.stringify(live.fixes)));
        expect(offline.decision).toBe(live.decision);
        expect(offline.findings.map((f) => f.check)).toContain(c.check);
      });

      it('explain MESSAGE --live reaches the same findings as explain --scenario on the collected file', async () => {
        const live = await run(['explain', deniedMessage(c.principal, c.resource), '--live', '--json'], envFor(c.key));
        const fromFile = await run(['explain', deniedMessage(c.principal, c.resource), '--scenario', file, '--json'], envFor(undefined));
        const a = JSON.parse(live.stdout) as { findings: unknown; fixes: unknown; decision: string };
        const b = JSON.parse(fromFile.stdout) as typeof a;
        expect(a.findings).toEqual(b.findings);
        expect(a.fixes).toEqual(b.fixes);
        expect(a.decision).toBe(b.decision);
        expect(live.code).toBe(fromFile.code);
      });
    });
  }

  it('explain --live with expired credentials: one clear message, exit 1', async () => {
    const r = await run(['explain', deniedMessage(PRINCIPALS.instanceArn), '--live'], envFor('AKIDEXPIRED'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^whydenied: the AWS credentials have expired \(ExpiredToken\)/);
    noStack(r);
  });

  it('missing Organizations permissions: exit 3 when the SCPs could change the decision, and says what and why', async () => {
    const r = await run(collectArgs(PRINCIPALS.worker), envFor('AKIDMEMBER'));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Could not read');
    expect(r.stderr).toContain('organizations:ListParents: AccessDeniedException');
    expect(JSON.parse(r.stdout).collected).toMatchObject({ uncertain: true, unreadable: [{ call: 'organizations:ListParents', mattered: true }] });
  });

  it('--json: the same scenario, no summary on stderr', async () => {
    const r = await run([...collectArgs(PRINCIPALS.worker), '--json'], envFor('AKIDEXAMPLE'));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).identityPolicies[0].name).toBe('ChatStartFlow');
  });

  it('service-specific endpoints (AWS_ENDPOINT_URL_<SERVICE>) win over AWS_ENDPOINT_URL', async () => {
    const services = { AWS_ENDPOINT_URL_STS: aws.url, AWS_ENDPOINT_URL_IAM: aws.url, AWS_ENDPOINT_URL_ORGANIZATIONS: aws.url, AWS_ENDPOINT_URL_CONNECT: aws.url };
    const r = await run(collectArgs(PRINCIPALS.worker), envFor('AKIDEXAMPLE', { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', ...services }));
    expect(r.code, r.stderr).toBe(0);
  });

  it('--endpoint-url wins over AWS_ENDPOINT_URL (collect, doctor and explain --live share it)', async () => {
    const env = envFor('AKIDEXAMPLE', { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_MAX_ATTEMPTS: '1' });
    const r = await run([...collectArgs(PRINCIPALS.worker), '--endpoint-url', aws.url], env);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as CollectedScenario).request.principal).toBe(PRINCIPALS.worker);
    const unreachable = await run(collectArgs(PRINCIPALS.worker), env);
    expect(unreachable.stderr).toMatch(/cannot reach AWS/);
  });
});

describe('credentials and input problems: one clear message, exit 1, no stack trace', () => {
  const expectOneLine = (r: Run, text: string | RegExp) => {
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(text);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    noStack(r);
  };

  it('an expired token', async () => expectOneLine(await run(collectArgs(PRINCIPALS.worker), envFor('AKIDEXPIRED')), /^whydenied: the AWS credentials have expired \(ExpiredToken\)/));
  it('no credentials at all', async () => expectOneLine(await run(collectArgs(PRINCIPALS.worker), envFor(undefined)), /^whydenied: no AWS credentials found: give --profile NAME/));
  it('an unknown profile', async () => expectOneLine(await run([...collectArgs(PRINCIPALS.worker), '--profile', 'nope'], envFor(undefined)), /^whydenied: the AWS profile `nope` was not found/));
  it('a profile that gives no credentials', async () => {
    const config = join(dir, 'config-empty-profile');
    writeFileSync(config, '[profile empty]\nregion = us-east-1\n');
    expectOneLine(await run([...collectArgs(PRINCIPALS.worker), '--profile', 'empty'], envFor(undefined, { AWS_CONFIG_FILE: config })), /^whydenied: the AWS profile `empty` gives no credentials/);
  });
  it('a profile with credentials: it is used', async () => {
    const credentials = join(dir, 'credentials-auditor');
    writeFileSync(credentials, `[auditor]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = ${SECRET_ACCESS_KEY}\naws_session_token = ${SESSION_TOKEN}\n`);
    const r = await run([...collectArgs(PRINCIPALS.worker), '--profile', 'auditor'], envFor(undefined, { AWS_SHARED_CREDENTIALS_FILE: credentials }));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).collected.caller).toBe(WORLD.callers['AKIDEXAMPLE']!.arn);
  });
  it('an unreachable endpoint', async () => expectOneLine(await run([...collectArgs(PRINCIPALS.worker)], envFor('AKIDEXAMPLE', { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_MAX_ATTEMPTS: '1' })), /^whydenied: cannot reach AWS \(ECONNREFUSED\)/));
  it('a missing option', async () => expectOneLine(await run(['collect', '--principal', PRINCIPALS.worker], envFor('AKIDEXAMPLE')), /collect needs --action, --resource/));
  it('a principal that is not one', async () => expectOneLine(await run(collectArgs('arn:aws:s3:::bucket'), envFor('AKIDEXAMPLE')), /^whydenied: `arn:aws:s3:::bucket` has no 12-digit account ID/));
  it('doctor without a topic', async () => expectOneLine(await run(['doctor', '--instance', INSTANCE_ARN], envFor('AKIDEXAMPLE')), /doctor needs a topic/));
  it('doctor with a bad instance', async () => expectOneLine(await run(['doctor', 'connect', '--instance', 'chat-prod'], envFor('AKIDEXAMPLE')), /`chat-prod` is not an Amazon Connect instance ID \(a UUID\) or ARN/));
  it('doctor with expired credentials', async () => expectOneLine(await run(['doctor', 'connect', '--instance', INSTANCE_ARN, '--flow', FLOW_ID], envFor('AKIDEXPIRED')), /credentials have expired/));
});

describe('whydenied doctor connect', () => {
  type Check = { id: string; status: string; messageId: string; data: Record<string, unknown>; message: string; fix?: string };
  type Report = { checks: Check[]; principalFrom: string; explanation?: { findings: { check: string; messageId: string }[] } };
  const report = (r: Run) => JSON.parse(r.stdout) as Report;
  const statuses = (r: Run) => Object.fromEntries(report(r).checks.map((c) => [c.id, c.status]));
  /** Each check's status and message id: what the report says, without its words. */
  const outcomes = (r: Run) => Object.fromEntries(report(r).checks.map((c) => [c.id, `${c.status} ${c.messageId}`]));
  const check = (r: Run, id: string) => report(r).checks.find((c) => c.id === id)!;
  const doctor = (key: string, ...args: string[]) => run(['doctor', 'connect', ...args], envFor(key));

  it('a healthy backend role scoped to the flow and its VPC endpoint: every check passes (exit 0)', async () => {
    const r = await doctor('AKIDEXAMPLE', '--instance', INSTANCE_ARN, '--flow', FLOW_ID, '--principal', PRINCIPALS.backend, '--context', `aws:SourceVpce=${VPCE}`, '--json');
    expect(outcomes(r)).toEqual({
      'instance-and-flow': 'pass found',
      'start-chat-contact': 'pass allowed',
      'chat-resource-star': 'pass scoped',
      'network-condition': 'pass bound',
      'flow-logs': 'pass on',
      'access-keys': 'pass role',
    });
    expect(check(r, 'network-condition').data).toEqual({ keys: ['aws:sourcevpce'] });
    expect(r.code).toBe(0);
  });

  it('the same role without the backend\'s network in the request: a warning that names the keys to give', async () => {
    const r = await doctor('AKIDEXAMPLE', '--instance', INSTANCE_ARN, '--flow', FLOW_ID, '--principal', PRINCIPALS.backend, '--json');
    expect(r.code).toBe(0);
    expect(check(r, 'start-chat-contact')).toMatchObject({ status: 'warn', messageId: 'needsNetwork', data: { keys: ['aws:sourcevpce'] } });
  });

  it('an IAM user with Resource "*" and a 200-day-old key: fails with the fixes, key ids never printed whole', async () => {
    const r = await doctor('AKIDEXAMPLE', '--instance', INSTANCE_ARN, '--flow', FLOW_ID, '--principal', PRINCIPALS.alice);
    expect(r.code).toBe(2);
    // The one test of the doctor's words (the others assert message ids and data).
    expect(r.stdout).toMatch(/FAIL {2}No Resource "\*" on the chat statement\n.*`ChatAnywhere › ChatEverywhere`/);
    expect(r.stdout).toMatch(/FAIL {2}No old IAM-user access keys\n.*…0001 \(200 days\)/);
    expect(r.stdout).toMatch(/WARN {2}Calls tied to the backend's network/);
    expect(r.stdout).toContain('Fix: Rotate them now');
    expect(r.stdout).not.toContain(ALICE_OLD_KEY);
    expect(r.stdout).not.toContain(ALICE_NEW_KEY);
    const json = await doctor('AKIDEXAMPLE', '--instance', INSTANCE_ARN, '--flow', FLOW_ID, '--principal', PRINCIPALS.alice, '--json');
    expect(check(json, 'chat-resource-star')).toMatchObject({ status: 'fail', messageId: 'star', data: { policies: ['ChatAnywhere'], sids: ['ChatEverywhere'] } });
    expect(check(json, 'access-keys')).toMatchObject({ status: 'fail', messageId: 'old', data: { maxDays: 90 } });
    expect(json.stdout).not.toContain(ALICE_OLD_KEY);
  });

  it('the instance ARN instead of the flow: StartChatContact fails, with the explanation and the verified fix', async () => {
    const r = await doctor('AKIDEXAMPLE', '--instance', INSTANCE_ARN, '--flow', FLOW_ID, '--principal', PRINCIPALS.instanceArn);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/FAIL {2}StartChatContact is allowed\n.*Denied \(no allow\) by `identity`/);
    expect(r.stdout).toContain('StartChatContact, explained');
    expect(r.stdout).toMatch(/Fix \(verified\)/);
    const json = await doctor('AKIDEXAMPLE', '--instance', INSTANCE_ARN, '--flow', FLOW_ID, '--principal', PRINCIPALS.instanceArn, '--json');
    expect(check(json, 'start-chat-contact')).toMatchObject({ status: 'fail', messageId: 'implicitDeny', data: { deniedBy: ['identity'], uncertain: false } });
  });

  it('an instance ID with --region, in the restricted account: the SCP denies, flow logs are off', async () => {
    const r = await run(['doctor', 'connect', '--instance', RESTRICTED_INSTANCE_ID, '--flow', RESTRICTED_FLOW_ID, '--region', 'us-east-1', '--principal', PRINCIPALS.scp, '--json'], envFor('AKIDRESTRICTED'));
    expect(outcomes(r)).toMatchObject({ 'instance-and-flow': 'pass found', 'start-chat-contact': 'fail explicitDeny', 'flow-logs': 'warn off' });
    expect(report(r).explanation?.findings[0]).toMatchObject({ check: 'explicit-deny', messageId: 'denyAction' });
    expect(r.code).toBe(2);
  });

  it('a flow that does not exist', async () => {
    const r = await doctor('AKIDEXAMPLE', '--instance', INSTANCE_ARN, '--flow', '00000000-0000-4000-8000-000000000000', '--principal', PRINCIPALS.worker, '--json');
    expect(check(r, 'instance-and-flow')).toMatchObject({ status: 'fail', messageId: 'flowNotFound', data: { flow: '00000000-0000-4000-8000-000000000000' } });
    expect(statuses(r)['start-chat-contact']).toBeDefined();
  });

  it('without --principal the caller is checked, and said so', async () => {
    const r = await doctor('AKIDEXAMPLE', '--instance', INSTANCE_ARN, '--flow', FLOW_ID, '--json');
    expect(report(r).principalFrom).toBe('caller');
    const text = await doctor('AKIDEXAMPLE', '--instance', INSTANCE_ARN, '--flow', FLOW_ID);
    expect(text.stdout).toContain("(the caller; give --principal for the backend's role)");
  });
});

describe('read-only, and nothing secret printed', () => {
  it('only Get, List and Describe calls and sts:GetCallerIdentity reached the server, all signed with the fixture keys', () => {
    expect(aws.calls.length).toBeGreaterThan(100);
    for (const c of aws.calls) {
      expect(c.action).toMatch(/^(iam|organizations|connect):(Get|List|Describe)[A-Za-z]+$|^sts:GetCallerIdentity$/);
      expect(Object.keys(WORLD.callers)).toContain(c.accessKeyId);
    }
  });

  it('no access key, secret key or session token appears in any output', () => {
    const all = printed.join('\n');
    for (const secret of [SECRET_ACCESS_KEY, SESSION_TOKEN, ALICE_OLD_KEY, ALICE_NEW_KEY, ...Object.keys(WORLD.callers)]) expect(all).not.toContain(secret);
    expect(printed.length).toBeGreaterThan(40);
  });
});
