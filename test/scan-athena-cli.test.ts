/**
 * `whydenied scan --athena` end to end: the real CLI, the real AthenaClient, a fake Athena on 127.0.0.1.
 * The SQL the CLI sends is the builder's; the grouped rows come back explained like a local scan's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildDenialQuery, DENIAL_QUERY_COLUMNS as K } from '../src/scan/athena-sql.js';
import { startFakeAthena, type FakeAthena } from './fixtures/fake-athena.js';
import { spawnCli, type CliRun } from './fixtures/spawn-cli.js';

const INSTANCE = '9f8e7d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const FLOW = '5e6f7a8b-2c3d-4e5f-9a0b-1c2d3e4f5a6b';
const ROLE = 'arn:aws:iam::111122223333:role/ChatStarter';
const SESSION = 'arn:aws:sts::111122223333:assumed-role/ChatStarter/fn';
const FLOW_ARN = `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}/contact-flow/${FLOW}`;
const COLUMNS = Object.values(K) as string[];

function row(values: Record<string, string>): (string | null)[] {
  return COLUMNS.map((c) => values[c] ?? null);
}

const denial = row({
  [K.principal]: ROLE,
  [K.action]: 'connect:StartChatContact',
  [K.eventSource]: 'connect.amazonaws.com',
  [K.eventName]: 'StartChatContact',
  [K.errorCode]: 'AccessDeniedException',
  [K.region]: 'us-east-1',
  [K.accountId]: '111122223333',
  [K.count]: '42',
  [K.firstSeen]: '2026-11-01T08:00:00Z',
  [K.lastSeen]: '2026-11-03T17:30:12Z',
  [K.errorMessage]: `User: ${SESSION} is not authorized to perform: connect:StartChatContact on resource: ${FLOW_ARN}`,
  [K.requestParameters]: JSON.stringify({ InstanceId: INSTANCE, ContactFlowId: FLOW }),
  [K.sessionArn]: SESSION,
});

let server: FakeAthena | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Asynchronous: the fake Athena answers from this very process. */
function run(args: string[], endpoint?: string): Promise<CliRun> {
  const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'fake-secret', AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...(endpoint && { AWS_ENDPOINT_URL: endpoint }) };
  return spawnCli(['scan', ...args], { env, clean: true });
}

const BASE = ['--athena', '--database', 'default', '--table', 'cloudtrail_logs', '--output-location', 's3://results/', '--since', '2026-11-01'];

describe('whydenied scan --athena', () => {
  it('--print-sql prints the builder\'s query and calls nothing', async () => {
    const r = await run([...BASE, '--service', 'connect', '--print-sql']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(buildDenialQuery({ database: 'default', table: 'cloudtrail_logs', since: '2026-11-01', services: ['connect'] }));
  });

  it('runs the query in Athena and explains the grouped rows like a local scan', async () => {
    server = await startFakeAthena({ columns: COLUMNS, rows: [denial], states: ['QUEUED', 'RUNNING', 'SUCCEEDED'] });
    const r = await run([...BASE, '--json'], server.endpoint);
    expect(r.stderr).not.toContain('fake-secret');
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout) as { denials: number; groups: { principal: string; action: string; resource: string; count: number; firstSeen: string }[] };
    expect(json.denials).toBe(42);
    expect(json.groups).toEqual([expect.objectContaining({ principal: ROLE, action: 'connect:StartChatContact', resource: FLOW_ARN, count: 42, firstSeen: '2026-11-01T08:00:00Z' })]);
    const started = server.requests.find((q) => q.operation === 'StartQueryExecution');
    expect(started?.body['QueryString']).toBe(buildDenialQuery({ database: 'default', table: 'cloudtrail_logs', since: '2026-11-01' }));
  });

  it('reports a failed query in one line and exits 1', async () => {
    server = await startFakeAthena({ columns: COLUMNS, states: [{ state: 'FAILED', reason: 'TABLE_NOT_FOUND: line 1:8: Table awsdatacatalog.default.cloudtrail_logs does not exist' }] });
    const r = await run(BASE, server.endpoint);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('TABLE_NOT_FOUND');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('needs --database and --table, and no paths beside --athena', async () => {
    expect((await run(['--athena'])).stderr).toContain('--athena needs --database and --table');
    expect((await run(['./AWSLogs', ...BASE])).stderr).toContain('give files and folders, or --athena, not both');
  });
});
