/**
 * `whydenied scan --athena` end to end: the real CLI, the real AthenaClient, a fake Athena on 127.0.0.1.
 * The SQL the CLI sends is the builder's; the grouped rows come back explained like a local scan's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildDenialQuery } from '../src/index.js';
import { DENIAL_QUERY_COLUMNS as K } from '../src/scan/athena-sql.js';
import { denialRow, FLOW_ARN, ROLE } from './fixtures/athena-rows.js';
import { startFakeAthena, type FakeAthena } from './fixtures/fake-athena.js';
import { spawnCli, type CliRun } from './fixtures/spawn-cli.js';

/** The columns of the query without --service (no resource parameters). */
const COLUMNS = Object.values(K) as string[];
const denial = denialRow(COLUMNS, { [K.firstSeen]: '2026-11-01T08:00:00Z', [K.lastSeen]: '2026-11-03T17:30:12Z' });

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
