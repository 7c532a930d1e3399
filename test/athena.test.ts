/**
 * The Athena backend with the real `@aws-sdk/client-athena` client against a local server that plays Athena
 * (test/fixtures/fake-athena.ts): no AWS, fake static credentials, a short poll interval. Start, poll,
 * paginate; failures, timeout and cancel (each stops the query); access denied; throttling (retried by the
 * SDK); the client's profile and endpoint chain; result rows -> denial groups -> explain.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AthenaClient } from '@aws-sdk/client-athena';
import { afterEach, describe, expect, it } from 'vitest';
import { athenaDenialGroups, createAthenaClient, runAthenaQuery, safeText, type AthenaFailureId, type AthenaFailureMessages, type AthenaFailureReason, type AthenaProgress } from '../src/aws/athena.js';
import { athenaFailureMessage } from '../src/render/athena-failure.js';
import { explain } from '../src/explain/explain.js';
import { buildDenialQuery } from '../src/index.js';
import { DENIAL_QUERY_COLUMNS as K } from '../src/scan/athena-sql.js';
import { denialRow as athenaDenialRow, FLOW_ARN, FLOW_ID, INSTANCE_ID, ROLE, SESSION } from './fixtures/athena-rows.js';
import { startFakeAthena, type FakeAthena, type FakeAthenaOptions } from './fixtures/fake-athena.js';

// The SDK warns once that its 2027 releases will need Node 22; keep the test output quiet.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const ACCESS_KEY_ID = 'AKIAFAKEFAKEFAKE1234';
const SECRET = 'fake/secret/key/that/must/never/be/printed';
const QUERY = { database: 'cloudtrail', workgroup: 'security', outputLocation: 's3://results-111122223333/whydenied/', pollIntervalMs: 5 } as const;

let server: FakeAthena | undefined;
let client: AthenaClient | undefined;

afterEach(async () => {
  client?.destroy();
  client = undefined;
  await server?.close();
  server = undefined;
});

async function setUp(options: FakeAthenaOptions, maxAttempts = 3): Promise<{ server: FakeAthena; client: AthenaClient }> {
  server = await startFakeAthena(options);
  client = new AthenaClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET },
    maxAttempts,
  });
  return { server, client };
}

/** A message fit for a terminal: one line, no stack frame, no secret. */
function expectCleanMessage(message: string): void {
  expect(message).not.toMatch(/\n|\s+at .+\(|\.ts:\d+/);
  expect(message).not.toContain(SECRET);
  expect(message).not.toContain(ACCESS_KEY_ID);
}

/** Result columns of the denial query with two resource parameters, and rows Athena would return. */
const COLUMNS = [
  K.principal,
  K.action,
  K.eventSource,
  K.eventName,
  K.errorCode,
  K.region,
  K.accountId,
  'rp_instanceid',
  'rp_contactflowid',
  K.count,
  K.firstSeen,
  K.lastSeen,
  K.errorMessage,
  K.requestParameters,
  K.sessionArn,
  K.identityType,
  K.identityAccount,
  K.sourceIp,
  K.vpcEndpointId,
];

const denialRow = (overrides: Partial<Record<string, string | null>> = {}) => athenaDenialRow(COLUMNS, overrides);

describe('runAthenaQuery', () => {
  it('starts the query, polls until SUCCEEDED, pages through the results and maps columns by name', async () => {
    const rows = [
      denialRow(),
      denialRow({ [K.count]: '7', rp_contactflowid: 'f2', [K.errorMessage]: null }),
      denialRow({ [K.count]: '3', [K.principal]: 'arn:aws:iam::111122223333:user/alice', [K.sessionArn]: 'arn:aws:iam::111122223333:user/alice', [K.identityType]: 'IAMUser' }),
      denialRow({ [K.count]: '2' }),
      denialRow({ [K.count]: '1' }),
    ];
    const { server, client } = await setUp({ states: ['QUEUED', 'RUNNING', 'RUNNING', 'SUCCEEDED'], columns: COLUMNS, rows, pageSize: 2, dataScannedInBytes: 123456 });
    const sql = buildDenialQuery({ database: 'cloudtrail', table: 'cloudtrail_logs_pp', since: '2024-05-01', until: '2024-05-03', actions: ['connect:StartChatContact'] });
    const progress: AthenaProgress[] = [];
    const result = await runAthenaQuery(client, sql, { ...QUERY, onProgress: (p) => progress.push(p) });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // The server ran the SQL the builder produced, in the database, workgroup and output location given.
    expect(server.executions).toHaveLength(1);
    const execution = server.executions[0]!;
    expect(execution).toMatchObject({ sql, database: 'cloudtrail', workgroup: 'security', outputLocation: QUERY.outputLocation });
    expect(result.queryExecutionId).toBe(execution.id);
    expect(result.dataScannedInBytes).toBe(123456);
    // Four polls; pages of 2 rows, the first one with the header: [header, r1], [r2, r3], [r4, r5].
    expect(server.count('GetQueryExecution')).toBe(4);
    expect(server.requests.filter((r) => r.operation === 'GetQueryResults').map((r) => r.body['NextToken'] ?? null)).toEqual([
      null,
      `page-${execution.id}-1`,
      `page-${execution.id}-3`,
    ]);
    expect(result.columns).toEqual(COLUMNS);
    expect(result.rows).toHaveLength(5);
    expect(result.rows.map((r) => r[K.count])).toEqual(['42', '7', '3', '2', '1']);
    expect(result.rows[0]).toMatchObject({ principal: ROLE, event_name: 'StartChatContact', rp_instanceid: INSTANCE_ID, session_arn: SESSION });
    // SQL NULL: the key is left out.
    expect(K.vpcEndpointId in result.rows[0]!).toBe(false);
    expect(K.errorMessage in result.rows[1]!).toBe(false);
    expect(progress.filter((p) => p.rowsFetched === undefined).map((p) => p.state)).toEqual(['QUEUED', 'RUNNING', 'RUNNING', 'SUCCEEDED']);
    expect(progress.filter((p) => p.rowsFetched !== undefined).map((p) => p.rowsFetched)).toEqual([1, 3, 5]);
    // Every request is AWS JSON 1.1, signed with SigV4 by the SDK.
    for (const request of server.requests) {
      expect(request.contentType).toBe('application/x-amz-json-1.1');
      expect(request.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKE1234\/\d{8}\/us-east-1\/athena\/aws4_request/);
    }
    expect(server.requests.every((r) => !JSON.stringify(r.body).includes(SECRET))).toBe(true);
  });

  it('an empty result: the header row only', async () => {
    const { client } = await setUp({ columns: COLUMNS, rows: [] });
    const result = await runAthenaQuery(client, 'SELECT 1', QUERY);
    expect(result).toMatchObject({ ok: true, rows: [], columns: COLUMNS });
  });

  it('maxRows stops paging early', async () => {
    const { server, client } = await setUp({ columns: ['n'], rows: Array.from({ length: 10 }, (_, i) => [String(i)]), pageSize: 3 });
    const result = await runAthenaQuery(client, 'SELECT n', { ...QUERY, maxRows: 4 });
    expect(result.ok && result.rows.map((r) => r['n'])).toEqual(['0', '1', '2', '3']);
    expect(server.count('GetQueryResults')).toBe(2);
  });

  it('FAILED: the state change reason; a missing column points at --partition-column', async () => {
    // Athena's own wording: a missing column reads as "... or requester is not authorized ...".
    const reason = "COLUMN_NOT_FOUND: line 24:9: Column 'timestamp' cannot be resolved or requester is not authorized to access requested resources";
    const { server, client } = await setUp({ states: ['RUNNING', { state: 'FAILED', reason }] });
    const result = await runAthenaQuery(client, 'SELECT 1', QUERY);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const id = server.executions[0]!.id;
    expect(result).toMatchObject({ reason: 'failed', queryExecutionId: id, messageId: 'queryFailed', data: { queryExecutionId: id, detail: reason, hint: 'column' } });
    expectCleanMessage(athenaFailureMessage(result));
    expect(server.count('GetQueryResults')).toBe(0);
  });

  it('FAILED: a missing table says which options to check', async () => {
    const reason = "TABLE_NOT_FOUND: line 20:8: Table 'awsdatacatalog.cloudtrail.nope' does not exist";
    const { client } = await setUp({ states: [{ state: 'FAILED', reason }] });
    const result = await runAthenaQuery(client, 'SELECT 1', QUERY);
    expect(result).toMatchObject({ ok: false, reason: 'failed', messageId: 'queryFailed', data: { detail: reason, hint: 'table' } });
  });

  it('FAILED with S3 access denied: a denied result naming the permissions needed', async () => {
    const reason = 'Access denied when writing output to url: s3://results-111122223333/whydenied/x.csv . Please ensure you are allowed to access the S3 bucket.';
    const { client } = await setUp({ states: [{ state: 'FAILED', reason }] });
    const result = await runAthenaQuery(client, 'SELECT 1', QUERY);
    expect(result).toMatchObject({ ok: false, reason: 'denied', messageId: 'queryDenied', data: { detail: reason } });
  });

  it('FAILED without a reason: the AthenaError message', async () => {
    const { client } = await setUp({ states: [{ state: 'FAILED', errorMessage: 'Query exhausted resources at this scale factor' }] });
    const result = await runAthenaQuery(client, 'SELECT 1', QUERY);
    expect(result).toMatchObject({ ok: false, reason: 'failed', messageId: 'queryFailed', data: { detail: 'Query exhausted resources at this scale factor' } });
    expect(!result.ok && 'hint' in result.data).toBe(false);
  });

  it('CANCELLED by someone else', async () => {
    const { client } = await setUp({ states: ['RUNNING', { state: 'CANCELLED', reason: 'Query cancelled by user' }] });
    const result = await runAthenaQuery(client, 'SELECT 1', QUERY);
    expect(result).toMatchObject({ ok: false, reason: 'cancelled', messageId: 'queryCancelled', data: { detail: 'Query cancelled by user' } });
  });

  it('a query that never finishes: stopped at the timeout, with a clear message', async () => {
    const { server, client } = await setUp({ neverFinish: true });
    const result = await runAthenaQuery(client, 'SELECT 1', { ...QUERY, pollIntervalMs: 20, timeoutMs: 250 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const execution = server.executions[0]!;
    expect(result).toMatchObject({ reason: 'timeout', queryExecutionId: execution.id, messageId: 'queryTimedOut', data: { queryExecutionId: execution.id, seconds: 0.3, state: 'RUNNING' } });
    expect('stopFailure' in result.data).toBe(false);
    expect(server.count('StopQueryExecution')).toBe(1);
    expect(server.requests.find((r) => r.operation === 'StopQueryExecution')!.body).toEqual({ QueryExecutionId: execution.id });
    expect(execution.stopped).toBe(true);
    expect(server.count('GetQueryExecution')).toBeGreaterThan(2);
  });

  it('the timeout message says when stopping failed too', async () => {
    const { client } = await setUp({ neverFinish: true, errors: [{ operation: 'StopQueryExecution', type: 'AccessDeniedException', message: 'User: x is not authorized to perform: athena:StopQueryExecution' }] });
    const result = await runAthenaQuery(client, 'SELECT 1', { ...QUERY, timeoutMs: 50 });
    expect(result).toMatchObject({
      ok: false,
      reason: 'timeout',
      messageId: 'queryTimedOut',
      data: { stopFailure: { messageId: 'callDenied', data: { operation: 'StopQueryExecution', errorCode: 'AccessDeniedException', detail: 'User: x is not authorized to perform: athena:StopQueryExecution' } } },
    });
  });

  it('an aborted signal stops the query', async () => {
    const { server, client } = await setUp({ neverFinish: true });
    const controller = new AbortController();
    const result = runAthenaQuery(client, 'SELECT 1', {
      ...QUERY,
      pollIntervalMs: 10_000,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(await result).toMatchObject({ ok: false, reason: 'cancelled', messageId: 'cancelledRunning', data: { state: 'QUEUED' } });
    expect(server.count('StopQueryExecution')).toBe(1);
    expect(server.executions[0]!.stopped).toBe(true);
  });

  it('a signal aborted before the start: nothing is sent', async () => {
    const { server, client } = await setUp({});
    const result = await runAthenaQuery(client, 'SELECT 1', { ...QUERY, signal: AbortSignal.abort() });
    expect(result).toEqual({ ok: false, reason: 'cancelled', messageId: 'cancelledBeforeStart', data: {} });
    expect(server.requests).toHaveLength(0);
  });

  it('AccessDeniedException: the message AWS gave, the permissions needed, no stack trace or credentials', async () => {
    const denied = `User: ${SESSION} is not authorized to perform: athena:StartQueryExecution on resource: arn:aws:athena:us-east-1:111122223333:workgroup/security because no identity-based policy allows the athena:StartQueryExecution action`;
    const { server, client } = await setUp({ errors: [{ operation: 'StartQueryExecution', type: 'AccessDeniedException', message: denied }] });
    const result = await runAthenaQuery(client, 'SELECT 1', QUERY);
    expect(result).toMatchObject({ ok: false, reason: 'denied', errorCode: 'AccessDeniedException', operation: 'StartQueryExecution', messageId: 'callDenied', data: { operation: 'StartQueryExecution', errorCode: 'AccessDeniedException', detail: denied } });
    if (result.ok) return;
    expectCleanMessage(athenaFailureMessage(result));
    // Not retried: a denial is not transient.
    expect(server.count('StartQueryExecution')).toBe(1);
    expect(server.executions).toHaveLength(0);
  });

  it('AccessDeniedException on GetQueryResults carries the query id', async () => {
    const { server, client } = await setUp({ columns: ['n'], rows: [['1']], errors: [{ operation: 'GetQueryResults', type: 'AccessDeniedException', message: 'not authorized to perform: athena:GetQueryResults' }] });
    const result = await runAthenaQuery(client, 'SELECT 1', QUERY);
    expect(result).toMatchObject({ ok: false, reason: 'denied', operation: 'GetQueryResults', queryExecutionId: server.executions[0]!.id, messageId: 'callDenied', data: { operation: 'GetQueryResults' } });
  });

  it('ThrottlingException once: the SDK retries and the query succeeds', async () => {
    const { server, client } = await setUp({
      columns: ['n'],
      rows: [['1']],
      errors: [
        { operation: 'StartQueryExecution', type: 'ThrottlingException', message: 'Rate exceeded', times: 1 },
        { operation: 'GetQueryExecution', type: 'TooManyRequestsException', message: 'Rate exceeded', times: 1, fields: { Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED' } },
      ],
    });
    const result = await runAthenaQuery(client, 'SELECT n', QUERY);
    expect(result).toMatchObject({ ok: true, rows: [{ n: '1' }] });
    expect(server.count('StartQueryExecution')).toBe(2);
    expect(server.count('GetQueryExecution')).toBe(2);
    expect(server.executions).toHaveLength(1);
  });

  it('throttled on every attempt: one message after the SDK gives up', async () => {
    const { server, client } = await setUp({ errors: [{ operation: 'StartQueryExecution', type: 'ThrottlingException', message: 'Rate exceeded' }] }, 2);
    const result = await runAthenaQuery(client, 'SELECT 1', QUERY);
    expect(result).toMatchObject({ ok: false, reason: 'error', errorCode: 'ThrottlingException', messageId: 'throttled', data: { operation: 'StartQueryExecution', errorCode: 'ThrottlingException', attempts: 2, detail: 'Rate exceeded' } });
    expect(server.count('StartQueryExecution')).toBe(2);
  });

  it('no output location: InvalidRequestException with the hint', async () => {
    const { client } = await setUp({ workgroupOutputLocation: null });
    const { outputLocation: _none, ...withoutOutput } = QUERY;
    const result = await runAthenaQuery(client, 'SELECT 1', withoutOutput);
    expect(result).toMatchObject({
      ok: false,
      reason: 'error',
      errorCode: 'InvalidRequestException',
      messageId: 'callFailed',
      data: {
        operation: 'StartQueryExecution',
        errorCode: 'InvalidRequestException',
        athenaErrorCode: 'INVALID_INPUT',
        detail: 'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.',
        hint: 'outputLocation',
      },
    });
  });

  it('credentials AWS rejects: a message about the credentials', async () => {
    const { client } = await setUp({ errors: [{ type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }] });
    const result = await runAthenaQuery(client, 'SELECT 1', QUERY);
    expect(result).toMatchObject({
      ok: false,
      reason: 'error',
      messageId: 'credentialsRejected',
      data: { operation: 'StartQueryExecution', errorCode: 'UnrecognizedClientException', detail: 'The security token included in the request is invalid.' },
    });
  });

  it('an endpoint that does not answer: cannot reach', async () => {
    const { server, client } = await setUp({}, 1);
    await server.close();
    const result = await runAthenaQuery(client, 'SELECT 1', QUERY);
    expect(result).toMatchObject({ ok: false, reason: 'error', operation: 'StartQueryExecution', messageId: 'unreachable', data: { operation: 'StartQueryExecution', code: 'ECONNREFUSED' } });
    expectCleanMessage(!result.ok ? athenaFailureMessage(result) : '');
  });

  it('safeText redacts access key IDs and flattens lines', () => {
    expect(safeText('key AKIAIOSFODNN7EXAMPLE and ASIAXXXXXXXXXXXXXXXX\n  at thing')).toBe('key AKIA**************** and ASIA**************** at thing');
    expect(safeText('x'.repeat(700))).toHaveLength(600);
  });
});

describe('athenaFailureMessage', () => {
  const NEEDS =
    'running the query needs athena:StartQueryExecution, athena:GetQueryExecution, athena:GetQueryResults and athena:StopQueryExecution on the workgroup; ' +
    'glue:GetDatabase, glue:GetTable and glue:GetPartitions on the table; s3:GetObject and s3:ListBucket on the CloudTrail bucket; ' +
    's3:PutObject, s3:GetObject and s3:GetBucketLocation on the output location (and kms:Decrypt/GenerateDataKey where the buckets use SSE-KMS)';
  const Q = 'q-1';
  const op = 'StartQueryExecution';
  // Every message id with its data and its words: a missing id does not compile.
  const WORDS: { readonly [K in AthenaFailureId]: readonly [AthenaFailureMessages[K], string] } = {
    cancelledDuring: [{ operation: op }, 'cancelled during StartQueryExecution'],
    credentialsRejected: [
      { operation: op, errorCode: 'ExpiredTokenException', detail: 'expired' },
      'AWS rejected the credentials for StartQueryExecution (ExpiredTokenException): expired; refresh them (aws sso login, new session keys) or check the profile',
    ],
    callDenied: [{ operation: op, errorCode: 'AccessDeniedException' }, `Athena denied StartQueryExecution (AccessDeniedException). ${NEEDS}`],
    noCredentials: [{}, 'no AWS credentials were found: set AWS_PROFILE (or pass --profile), run `aws sso login`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY'],
    noRegion: [{}, 'no AWS Region: pass --region, or set AWS_REGION, or a region in the profile'],
    unreachable: [{ operation: op, code: 'ECONNREFUSED', detail: 'connect ECONNREFUSED 127.0.0.1:9' }, 'cannot reach the Athena endpoint for StartQueryExecution (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:9'],
    throttled: [{ operation: op, errorCode: 'ThrottlingException', attempts: 2, detail: 'Rate exceeded' }, 'Athena throttled StartQueryExecution after 2 attempts (ThrottlingException): Rate exceeded; try again later'],
    callFailed: [
      { operation: op, errorCode: 'InvalidRequestException', athenaErrorCode: 'INVALID_INPUT', detail: 'No output location provided.', hint: 'outputLocation' },
      'Athena StartQueryExecution failed (InvalidRequestException, INVALID_INPUT): No output location provided.; pass --output-location s3://BUCKET/PREFIX/ or use a workgroup that has a query result location',
    ],
    cancelledBeforeStart: [{}, 'cancelled before the Athena query started'],
    noQueryExecutionId: [{}, 'Athena started the query but returned no QueryExecutionId'],
    startTimedOut: [{ seconds: 2.5 }, 'Athena did not answer StartQueryExecution within 2.5 s (--timeout)'],
    queryCancelled: [{ queryExecutionId: Q }, 'the Athena query q-1 was cancelled'],
    queryDenied: [{ queryExecutionId: Q, detail: 'Access denied when writing output' }, `the Athena query q-1 failed: Access denied when writing output. ${NEEDS}`],
    queryFailed: [
      { queryExecutionId: Q, detail: "COLUMN_NOT_FOUND: Column 'timestamp' cannot be resolved", hint: 'column' },
      "the Athena query q-1 failed: COLUMN_NOT_FOUND: Column 'timestamp' cannot be resolved; is this the CloudTrail table, and is its date partition column named otherwise (--partition-column, or --no-partition-pruning)? With Lake Formation, the caller also needs SELECT on every column the query reads",
    ],
    cancelledRunning: [{ queryExecutionId: Q, state: 'RUNNING' }, 'cancelled: the Athena query q-1 was RUNNING; it was stopped'],
    queryTimedOut: [
      { queryExecutionId: Q, seconds: 0.3, state: 'QUEUED', stopFailure: { messageId: 'throttled', data: { operation: 'StopQueryExecution', errorCode: 'ThrottlingException', detail: 'Rate' } } },
      'the Athena query q-1 did not finish within 0.3 s (still QUEUED); stopping it failed: Athena throttled StopQueryExecution (ThrottlingException): Rate; try again later. Narrow the time range (--since/--until) or allow more time (--timeout)',
    ],
    resultsTimedOut: [{ queryExecutionId: Q, seconds: 600 }, 'Athena did not return the results of q-1 within 600 s (--timeout)'],
    cancelledFetching: [{ queryExecutionId: Q }, 'cancelled while fetching the results of the Athena query q-1'],
  };

  it.each(Object.entries(WORDS))('%s', (messageId, [data, words]) => {
    expect(athenaFailureMessage({ messageId, data } as AthenaFailureReason)).toBe(words);
  });

  it('the hints of a failed call and a failed query, and a failure without a reason', () => {
    expect(athenaFailureMessage({ messageId: 'callFailed', data: { operation: 'GetQueryExecution', errorCode: 'InvalidRequestException', detail: 'WorkGroup x is not found', hint: 'workgroup' } })).toBe(
      'Athena GetQueryExecution failed (InvalidRequestException): WorkGroup x is not found; check --workgroup (and --region)',
    );
    expect(athenaFailureMessage({ messageId: 'queryFailed', data: { queryExecutionId: Q, detail: "TABLE_NOT_FOUND: Table 'x' does not exist", hint: 'table' } })).toBe(
      "the Athena query q-1 failed: TABLE_NOT_FOUND: Table 'x' does not exist; check --database and --table (and --region)",
    );
    expect(athenaFailureMessage({ messageId: 'queryFailed', data: { queryExecutionId: Q } })).toBe('the Athena query q-1 failed: Athena gave no reason');
  });
});

describe('createAthenaClient', () => {
  const saved: Record<string, string | undefined> = {};
  const setEnv = (name: string, value: string | undefined) => {
    if (!(name in saved)) saved[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  let dir: string | undefined;
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
      delete saved[name];
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('uses the named profile (credentials and region) and AWS_ENDPOINT_URL_ATHENA', async () => {
    server = await startFakeAthena({ columns: ['n'], rows: [['1']] });
    dir = mkdtempSync(join(tmpdir(), 'whydenied-athena-'));
    writeFileSync(join(dir, 'config'), '[profile whydenied-test]\nregion = eu-west-3\n');
    writeFileSync(join(dir, 'credentials'), '[whydenied-test]\naws_access_key_id = AKIAPROFILEPROFILE01\naws_secret_access_key = profile-secret\n');
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL']) setEnv(name, undefined);
    setEnv('AWS_CONFIG_FILE', join(dir, 'config'));
    setEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'credentials'));
    setEnv('AWS_ENDPOINT_URL_ATHENA', server.endpoint);
    client = createAthenaClient({ profile: 'whydenied-test' });
    const result = await runAthenaQuery(client, 'SELECT n', QUERY);
    expect(result).toMatchObject({ ok: true, rows: [{ n: '1' }] });
    expect(server.requests[0]!.authorization).toContain('Credential=AKIAPROFILEPROFILE01/');
    expect(server.requests[0]!.authorization).toContain('/eu-west-3/athena/aws4_request');
  });

  it('an explicit region wins over the profile; AWS_ENDPOINT_URL serves every service', async () => {
    server = await startFakeAthena({ columns: ['n'], rows: [] });
    for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL_ATHENA', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) setEnv(name, undefined);
    setEnv('AWS_ACCESS_KEY_ID', 'AKIAENVIRONMENT00001');
    setEnv('AWS_SECRET_ACCESS_KEY', 'env-secret');
    setEnv('AWS_REGION', 'us-west-2');
    setEnv('AWS_ENDPOINT_URL', server.endpoint);
    client = createAthenaClient({ region: 'ap-south-1' });
    const result = await runAthenaQuery(client, 'SELECT n', QUERY);
    expect(result).toMatchObject({ ok: true, rows: [] });
    expect(server.requests[0]!.authorization).toContain('Credential=AKIAENVIRONMENT00001/');
    expect(server.requests[0]!.authorization).toContain('/ap-south-1/athena/aws4_request');
  });

  it('no credentials anywhere: one message that says how to provide them', async () => {
    server = await startFakeAthena({});
    dir = mkdtempSync(join(tmpdir(), 'whydenied-athena-'));
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_ENDPOINT_URL']) {
      setEnv(name, undefined);
    }
    setEnv('AWS_EC2_METADATA_DISABLED', 'true');
    setEnv('AWS_CONFIG_FILE', join(dir, 'none'));
    setEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'none'));
    setEnv('AWS_ENDPOINT_URL_ATHENA', server.endpoint);
    client = createAthenaClient({ region: 'us-east-1' });
    const result = await runAthenaQuery(client, 'SELECT 1', QUERY);
    expect(result).toMatchObject({ ok: false, reason: 'error', messageId: 'noCredentials', data: {} });
    expect(server.requests).toHaveLength(0);
  });
});

describe('athenaDenialGroups', () => {
  const row = (values: (string | null)[]) => Object.fromEntries(COLUMNS.flatMap((c, i) => (values[i] === null || values[i] === undefined ? [] : [[c, values[i]!]])));

  it('a role session denied StartChatContact: the role, the catalog action, the contact flow ARN, a denial for explain()', () => {
    const [group] = athenaDenialGroups([row(denialRow())]);
    expect(group).toMatchObject({
      principal: ROLE,
      action: 'connect:StartChatContact',
      resource: FLOW_ARN,
      errorCode: 'AccessDeniedException',
      count: 42,
      firstSeen: '2024-05-01T08:00:00Z',
      lastSeen: '2024-05-03T17:30:12Z',
      requestParameters: { InstanceId: INSTANCE_ID, ContactFlowId: FLOW_ID },
      eventSource: 'connect.amazonaws.com',
      eventName: 'StartChatContact',
      region: 'us-east-1',
      accountId: '111122223333',
      sessionArn: SESSION,
    });
    expect(group!.denial).toMatchObject({ source: 'cloudtrail', principal: SESSION, roleArn: ROLE, action: 'connect:StartChatContact', resource: FLOW_ARN, region: 'us-east-1', sourceIp: '203.0.113.7' });
    const explained = explain({ denial: group!.denial });
    expect(explained.ok).toBe(true);
    expect(explained.ok && explained.explanation.request).toMatchObject({ principal: SESSION, action: 'connect:StartChatContact', resource: FLOW_ARN });
  });

  it('without a printed resource: built from the sample requestParameters', () => {
    const [group] = athenaDenialGroups([row(denialRow({ [K.errorMessage]: 'User is not authorized to access this resource' }))]);
    expect(group!.resource).toBe(FLOW_ARN);
    expect(group!.action).toBe('connect:StartChatContact');
  });

  it('an IAM user: principal and session ARN are the user; the action is spelled as the catalog does', () => {
    const user = 'arn:aws:iam::111122223333:user/alice';
    const [group] = athenaDenialGroups([
      row(denialRow({ [K.principal]: user, [K.sessionArn]: user, [K.identityType]: 'IAMUser', [K.eventSource]: 's3.amazonaws.com', [K.eventName]: 'ListObjects', [K.errorCode]: 'AccessDenied', [K.errorMessage]: 'Access Denied', [K.requestParameters]: '{"bucketName":"logs-bucket"}' })),
    ]);
    expect(group).toMatchObject({ principal: user, action: 's3:ListBucket', resource: 'arn:aws:s3:::logs-bucket', errorCode: 'AccessDenied' });
    expect(group!.denial.roleArn).toBeUndefined();
  });

  it('unknown resource: null; requestParameters that are not JSON: left out; rows of another query: skipped', () => {
    const groups = athenaDenialGroups([
      row(denialRow({ [K.errorMessage]: 'Access denied', [K.requestParameters]: 'HIDDEN_DUE_TO_SECURITY_REASONS', rp_instanceid: null, rp_contactflowid: null })),
      { n: '1' },
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.resource).toBeNull();
    expect(groups[0]!.requestParameters).toBeUndefined();
  });

  it('an anonymous caller', () => {
    const [group] = athenaDenialGroups([
      row(denialRow({ [K.principal]: null, [K.sessionArn]: null, [K.identityType]: 'AWSAccount', [K.identityAccount]: 'ANONYMOUS_PRINCIPAL', [K.eventSource]: 's3.amazonaws.com', [K.eventName]: 'GetObject', [K.errorCode]: 'AccessDenied', [K.errorMessage]: 'Access Denied' })),
    ]);
    expect(group!.principal).toBe('anonymous');
    expect(group!.denial.principal).toBe('anonymous');
  });

  it('the whole path: builder SQL -> fake Athena -> rows -> groups', async () => {
    const { server, client } = await setUp({ states: ['RUNNING', 'SUCCEEDED'], columns: COLUMNS, rows: [denialRow(), denialRow({ [K.count]: '5', rp_contactflowid: 'other-flow', [K.requestParameters]: JSON.stringify({ InstanceId: INSTANCE_ID, ContactFlowId: 'other-flow' }), [K.errorMessage]: 'Access denied' })] });
    const sql = buildDenialQuery({ database: 'cloudtrail', table: 'cloudtrail_logs_pp', since: '2024-05-01', principals: ['arn:aws:iam::111122223333:role/*ChatStarter'] });
    const result = await runAthenaQuery(client, sql, QUERY);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(server.executions[0]!.sql).toBe(sql);
    const groups = athenaDenialGroups(result.rows);
    expect(groups.map((g) => [g.count, g.resource])).toEqual([
      [42, FLOW_ARN],
      [5, `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE_ID}/contact-flow/other-flow`],
    ]);
  });
});
