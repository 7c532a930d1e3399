/**
 * `whydenied mcp` end to end: the real binary (dist/, built by the global setup) in a child process, driven
 * by the MCP SDK's own Client over stdio. Each tool's structured result must be exactly what the CLI prints
 * with --json (and match the output schema the server publishes: the SDK client validates it); bad
 * arguments, binary data and over-size calls must be tool errors after which the server still answers.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SELF_CALLS } from '../src/aws/self-policy.js';
import { startFakeAws } from './fixtures/fake-aws/server.js';
import { FLOW_ARN, PRINCIPALS, WORLD } from './fixtures/fake-aws/world.js';
import { CLI, spawnCli, spawnCliSync } from './fixtures/spawn-cli.js';

const root = join(import.meta.dirname, '..');
const cli = process.env['WHYDENIED_CLI'] ?? CLI;
const EXAMPLE = JSON.parse(readFileSync(join(root, 'examples', 'connect-chat.json'), 'utf8')) as Record<string, unknown>;
const INSTANCE = 'arn:aws:connect:us-east-1:111122223333:instance/9f8e7d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const FLOW_ID = '5e6f7a8b-2c3d-4e5f-9a0b-1c2d3e4f5a6b';
const MESSAGE = `User: arn:aws:sts::111122223333:assumed-role/ChatStarter/start-chat-fn is not authorized to perform: connect:StartChatContact on resource: ${INSTANCE}/contact-flow/${FLOW_ID} because no identity-based policy allows the connect:StartChatContact action`;
const env = { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true' };

let client: Client;
let transport: StdioClientTransport;
let stderr = '';
let dir: string;

/** What the CLI prints with --json for the same input. */
function cliJson(args: string[]): unknown {
  const r = spawnCliSync(args, { script: cli, env, clean: true });
  expect(r.stderr).not.toMatch(/internal error/);
  return JSON.parse(r.stdout) as unknown;
}

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: { type: string; text?: string }[] };
const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as Result;
const errorText = (r: Result) => {
  expect(r.isError).toBe(true);
  return r.content.map((c) => c.text ?? '').join('\n');
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'whydenied-mcp-'));
  transport = new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp'], env, stderr: 'pipe' });
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  client = new Client({ name: 'whydenied-test', version: '1.0.0' });
  await client.connect(transport);
}, 30_000);

afterAll(async () => {
  await client?.close();
});

describe('whydenied mcp', () => {
  it('initializes as whydenied and lists five read-only tools with JSON Schemas', async () => {
    expect(client.getServerVersion()?.name).toBe('whydenied');
    expect(client.getInstructions()).toMatch(/Nothing is ever applied/);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['explain', 'simulate', 'policy', 'lint', 'diff']);
    for (const t of tools) {
      expect(t.inputSchema.type).toBe('object');
      expect(t.outputSchema?.type).toBe('object');
      expect(t.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, openWorldHint: false });
    }
  });

  it('explain with a scenario returns what `explain --json` prints, the fix with its proof status', async () => {
    const r = await call('explain', { scenario: EXAMPLE });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toEqual(cliJson(['explain', '--example', '--json']));
    expect(JSON.parse(r.content[0]!.text!)).toEqual(r.structuredContent);
    const fix = (r.structuredContent!['fixes'] as { kind: string; verified: boolean; document: { Statement: { Resource: unknown }[] } }[])[0]!;
    expect(fix).toMatchObject({ kind: 'fix', verified: true });
    expect(JSON.stringify(fix.document)).toContain('/contact-flow/');
  });

  it('explain with only the message says what it proves, as the CLI does', async () => {
    const r = await call('explain', { message: MESSAGE });
    expect(r.structuredContent).toEqual(cliJson(['explain', MESSAGE, '--json']));
    expect(r.structuredContent!['messageOnly']).toBeDefined();
  });

  it('explain with loose policies evaluates them like --policy/--boundary files', async () => {
    const identity = (EXAMPLE['identityPolicies'] as { document: unknown }[])[0]!.document;
    const boundary = (EXAMPLE['permissionsBoundary'] as { document: unknown }).document;
    writeFileSync(join(dir, 'StartChat.json'), JSON.stringify(identity));
    writeFileSync(join(dir, 'Boundary.json'), JSON.stringify(boundary));
    const r = await call('explain', { message: MESSAGE, policies: [{ type: 'identity', name: 'StartChat', document: identity }, { type: 'permissions-boundary', name: 'Boundary', document: boundary }] });
    expect(r.structuredContent).toEqual(cliJson(['explain', MESSAGE, '--policy', join(dir, 'StartChat.json'), '--boundary', join(dir, 'Boundary.json'), '--json']));
    expect(r.structuredContent!['decision']).toBe('implicit-deny');
  });

  it('explain reads CloudTrail events and SDK errors given as objects', async () => {
    const event = {
      eventVersion: '1.09',
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/ChatStarter/start-chat-fn', accountId: '111122223333', sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/ChatStarter' } } },
      eventTime: '2026-11-02T10:00:00Z',
      eventSource: 'connect.amazonaws.com',
      eventName: 'StartChatContact',
      awsRegion: 'us-east-1',
      errorCode: 'AccessDenied',
      errorMessage: MESSAGE,
      eventID: 'e-1',
    };
    const fromEvent = await call('explain', { event: { Records: [event] } });
    expect(fromEvent.isError).toBeFalsy();
    expect((fromEvent.structuredContent!['source'] as { kind: string }).kind).toBe('cloudtrail');
    const fromSdk = await call('explain', { sdkError: { name: 'AccessDeniedException', message: MESSAGE, $metadata: { httpStatusCode: 400 } } });
    expect((fromSdk.structuredContent!['source'] as { kind: string }).kind).toBe('sdk-error');
    const notDenied = await call('explain', { event: { Records: [{ ...event, errorCode: undefined, errorMessage: undefined }] } });
    expect(errorText(notDenied)).toBe('explain: event: no AccessDenied among its 1 CloudTrail record');
  });

  it('simulate returns what `simulate --json` prints', async () => {
    const r = await call('simulate', { scenario: EXAMPLE });
    expect(r.structuredContent).toEqual(cliJson(['simulate', '--example', '--json']));
    expect(r.structuredContent!['decision']).toBe('implicit-deny');
  });

  it('policy writes the least-privilege policy from the instance ARN, as `policy --json` does', async () => {
    const r = await call('policy', { actions: ['connect:StartChatContact'], resources: [INSTANCE], ids: { ContactFlowId: FLOW_ID } });
    expect(r.structuredContent).toEqual(cliJson(['policy', 'connect:StartChatContact', '--instance', INSTANCE, '--flow', FLOW_ID, '--json']));
    expect(JSON.stringify(r.structuredContent!['document'])).toContain(`${INSTANCE}/contact-flow/${FLOW_ID}`);
    const flowOnly = await call('policy', { actions: ['connect:StartChatContact'], resources: [`${INSTANCE}/contact-flow/${FLOW_ID}`] });
    expect(flowOnly.structuredContent!['document']).toEqual(r.structuredContent!['document']);
    expect(errorText(await call('policy', { actions: ['connect:StartChatContact'], resources: ['arn:aws:s3:::reports'] }))).toBe('policy: `arn:aws:s3:::reports` is a resource of `s3`, not of `connect`');
  });

  it('lint finds what `lint --json` finds, with the policy type given', async () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'connect:StartChatContact', Resource: INSTANCE }] };
    writeFileSync(join(dir, 'document.json'), JSON.stringify(doc, null, 2));
    const r = await call('lint', { document: doc, action: 'connect:StartChatContact' });
    const expected = cliJson(['lint', join(dir, 'document.json'), '--action', 'connect:StartChatContact', '--json']) as { findings: { rule: string; messageId: string; location: { line?: number } }[] };
    const got = r.structuredContent!['findings'] as { rule: string; messageId: string; location: { line?: number } }[];
    expect(got.map((f) => [f.rule, f.messageId, f.location.line])).toEqual(expected.findings.map((f) => [f.rule, f.messageId, f.location.line]));
    expect(got.map((f) => f.rule)).toContain('resource-type-mismatch');
    const asScp = await call('lint', { document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }, policyType: 'scp', name: 'DenyAll' });
    expect((asScp.structuredContent!['files'] as unknown[]).length).toBe(1);
    const yaml = await call('lint', { document: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: connect:StartChatContat\n    Resource: "*"\n' });
    expect((yaml.structuredContent!['findings'] as { rule: string; location: { line: number } }[]).find((f) => f.rule === 'unknown-action')?.location.line).toBe(4);
  });

  it('diff proves what `diff --json` proves: policies, scope, scenarios, bad input', async () => {
    const doc = (resource: string) => ({ Version: '2012-10-17', Statement: [{ Sid: 'Chat', Effect: 'Allow', Action: 'connect:StartChatContact', Resource: resource }] });
    const [narrow, wide] = [doc(`${INSTANCE}/contact-flow/${FLOW_ID}`), doc(`${INSTANCE}/contact-flow/*`)];
    writeFileSync(join(dir, 'old.json'), JSON.stringify(narrow));
    writeFileSync(join(dir, 'new.json'), JSON.stringify(wide));
    const r = await call('diff', { old: narrow, new: JSON.stringify(wide) });
    expect(r.structuredContent).toEqual(cliJson(['diff', join(dir, 'old.json'), join(dir, 'new.json'), '--json']));
    expect(r.structuredContent).toMatchObject({ broader: true, narrower: false, undecided: [] });
    const gained = (r.structuredContent!['newlyAllowed'] as { action: string; resource: string; because: { statement: string; element: string } }[])[0]!;
    expect(gained).toMatchObject({ action: 'connect:StartChatContact', because: { statement: 'Chat', element: 'Resource' } });
    expect(gained.resource.startsWith(`${INSTANCE}/contact-flow/`) && gained.resource !== `${INSTANCE}/contact-flow/${FLOW_ID}`).toBe(true);
    // The other way round grants nothing more; a scope that leaves the change out sees none.
    expect((await call('diff', { old: wide, new: narrow })).structuredContent).toMatchObject({ broader: false, narrower: true });
    expect((await call('diff', { old: narrow, new: wide, actions: ['s3:*'] })).structuredContent).toMatchObject({ broader: false, narrower: false });
    // Two scenarios: the whole decision for the principal.
    const withPolicy = (document: unknown) => ({ ...EXAMPLE, identityPolicies: [{ name: 'Chat', document }] });
    expect((await call('diff', { old: withPolicy(narrow), new: withPolicy(wide) })).structuredContent).toMatchObject({ policyType: 'scenario', broader: true });
    expect(errorText(await call('diff', { old: narrow, new: withPolicy(wide) }))).toBe('diff: old is a policy and new a scenario: compare two policy documents or two scenarios');
    expect(errorText(await call('diff', { old: narrow, new: { Statement: [{ Effect: 'Allow', Action: 'connect:StartChatContact' }] } }))).toMatch(/^diff: new: a problem; nothing was compared\n/);
    expect(errorText(await call('diff', { old: narrow, new: '{"Statement": [' }))).toBe('diff: new: is neither a policy document (with `Statement`) nor a scenario (with `request`)');
  });

  it('answers bad arguments with tool errors in the CLI words, and goes on', async () => {
    expect(errorText(await call('explain', { mesage: MESSAGE }))).toMatch(/^explain: unknown argument `mesage` \(did you mean `message`\?\); explain takes `message`, /);
    expect(errorText(await call('simulate', {}))).toBe('simulate: missing argument `scenario`');
    expect(errorText(await call('simulate', { scenario: 'not an object' }))).toBe('simulate: `scenario` must be an object');
    expect(errorText(await call('explain', { message: MESSAGE, policies: [{ type: 'identiy', document: {} }] }))).toMatch(/^explain: `policies\[0\]\.type` must be one of `scp`, /);
    expect(errorText(await call('explain', { message: 'it did not work' }))).toMatch(/^explain: message: /);
    expect(errorText(await call('explain', { message: MESSAGE, sdkError: {} }))).toBe('explain: give one AccessDenied: `message`, `sdkError` or `event`, not `message` and `sdkError`');
    expect(errorText(await call('explain', { message: MESSAGE, live: true }))).toMatch(/^explain: `live` reads policies from AWS, and this server was started without it/);
    expect(errorText(await call('lint', { document: '{"Statement": [' }))).toMatch(/^lint: document \(line 1, column \d+\): is not valid JSON/);
    expect(errorText(await call('lint', { document: {}, action: 'connect:StartChatContat' }))).toMatch(/^lint: action: `connect:StartChatContat` is not an action of `connect` \(did you mean `connect:StartChatContact`\?\)/);
    expect(errorText(await call('lint', { document: {}, action: 'connect:*' }))).toBe('lint: action: `connect:*` is not one action (write service:Action, e.g. connect:StartChatContact)');
    expect(errorText(await call('policy', { actions: ['connect:StartChatContat'] }))).toBe('policy: `connect:StartChatContat` is not an AWS action (did you mean `connect:StartChatContact`?)');
    expect(errorText(await call('policy', { actions: ['connect:StartChatContact'], resources: ['arn:aws:s3:::reports'] }))).toBe('policy: `arn:aws:s3:::reports` is a resource of `s3`, not of `connect`');
    const invalid = errorText(await call('simulate', { scenario: { ...EXAMPLE, request: { ...(EXAMPLE['request'] as object), action: 'connect:StartChatContat' } } }));
    expect(invalid).toMatch(/^simulate: scenario: a problem; nothing was evaluated\n {2}error: `connect:StartChatContat` is not an action of `connect` at \/request\/action \(did you mean `connect:StartChatContact`\?\)/);
    await expect(client.callTool({ name: 'explian', arguments: {} })).rejects.toThrow(/unknown tool `explian` \(did you mean `explain`\?\)/);
    expect((await call('simulate', { scenario: EXAMPLE })).isError).toBeFalsy();
  });

  it('answers binary data and over-size calls with tool errors, and goes on', async () => {
    expect(errorText(await call('explain', { message: '\u0000\u0001\u0002PK\u0003\u0004\u0000\u0000' }))).toBe('explain: `message` is binary data, not text');
    expect(errorText(await call('lint', { document: '\ufffd\ufffd\u0007\ufffd\ufffd\u0001ELF' }))).toBe('lint: `document` is binary data, not text');
    expect(errorText(await call('explain', { message: `${MESSAGE} ${'x'.repeat(5 * 1024 * 1024)}` }))).toMatch(/^explain: the arguments are 5\.0 MiB; the limit is 4 MiB/);
    // Over the SDK transport's default 10 MiB line buffer: still a tool error, not a dropped connection.
    expect(errorText(await call('lint', { document: 'x'.repeat(12 * 1024 * 1024) }))).toMatch(/^lint: the arguments are 12\.0 MiB; the limit is 4 MiB/);
    expect((await call('explain', { message: MESSAGE })).isError).toBeFalsy();
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
  }, 30_000);
});

describe('whydenied mcp on the wire', () => {
  it('skips a line that is not JSON and answers the next request', async () => {
    const notJson = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x0a]);
    const initialize = `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } })}\n`;
    const { code, stdout: out, stderr: err } = await spawnCli(['mcp'], { script: cli, env, clean: true, input: Buffer.concat([notJson, Buffer.from(initialize)]) });
    expect(code).toBe(0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { id: number; result?: { serverInfo: { name: string } } });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.result?.serverInfo.name).toBe('whydenied');
    expect(err).toMatch(/^whydenied mcp: .*not valid JSON/);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('refuses --profile without --live', () => {
    const r = spawnCliSync(['mcp', '--profile', 'p'], { script: cli, env, clean: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('whydenied: --profile and --region choose the account for --live\n  add --live, or leave them out\n');
  });
});

describe('whydenied mcp --live', () => {
  it('explain with `live` reads the policies read-only and concludes as `explain --live`', async () => {
    const aws = await startFakeAws(WORLD);
    const home = mkdtempSync(join(tmpdir(), 'whydenied-mcp-live-'));
    const caller = WORLD.callers['AKIDEXAMPLE']!;
    const liveEnv = {
      ...env,
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
      AWS_ENDPOINT_URL: aws.url,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: caller.secretAccessKey,
      ...(caller.sessionToken !== undefined && { AWS_SESSION_TOKEN: caller.sessionToken }),
    };
    const message = `User: ${PRINCIPALS.instanceArn} is not authorized to perform: connect:StartChatContact on resource: ${FLOW_ARN}`;
    const liveClient = new Client({ name: 'whydenied-test', version: '1.0.0' });
    try {
      await liveClient.connect(new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', '--live'], env: liveEnv, stderr: 'pipe' }));
      const { tools } = await liveClient.listTools();
      expect(tools.find((t) => t.name === 'explain')?.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: true });
      const r = (await liveClient.callTool({ name: 'explain', arguments: { message, live: true } })) as Result;
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      // Asynchronously: the fake AWS server answers from this very process.
      const cliOut = await spawnCli(['explain', message, '--live', '--json'], { script: cli, env: liveEnv, clean: true });
      const expected = JSON.parse(cliOut.stdout) as Record<string, unknown>;
      const { unreadable, ...explanation } = r.structuredContent!;
      expect(explanation).toEqual(expected);
      expect(Array.isArray(unreadable)).toBe(true);
      expect((r.structuredContent!['findings'] as { check: string }[])[0]?.check).toBe('resource-not-matched');
      // Only the read-only calls whydenied documents reached the account.
      const allowed = new Set(SELF_CALLS.map((c) => c.action.toLowerCase()));
      expect(aws.calls.length).toBeGreaterThan(0);
      for (const c of aws.calls) expect(allowed.has(c.action.toLowerCase()), c.action).toBe(true);
    } finally {
      await liveClient.close();
      await aws.close();
    }
  }, 30_000);
});
