/**
 * Amazon Athena for `whydenied scan --athena`: run one query (start, poll, page through the results) and
 * read the rows of the denial query (src/scan/athena-sql.ts) into denial groups.
 *
 * Failures are data: `runAthenaQuery` never throws for what AWS or the network answers; it returns one
 * message, without a stack trace and with access key IDs redacted. A query that runs out of time, or whose
 * caller aborts, is stopped with StopQueryExecution so that it does not go on scanning (and billing).
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type GetQueryResultsCommandOutput,
  type QueryExecutionState,
} from '@aws-sdk/client-athena';
import { isDenialCode } from '../input/access-denied-message.js';
import type { Denial } from '../input/denial.js';
import { actionOfEvent, denialFromRecord } from '../input/cloudtrail.js';
import { requestFromDenial } from '../request/from-denial.js';
import { DENIAL_QUERY_COLUMNS } from '../scan/athena-sql.js';
import { setOwn } from '../own.js';
import { EXPIRED, INVALID, NETWORK } from './collect/errors.js';
import { REQUEST_TIMEOUTS } from './limits.js';
import { redact } from './redact.js';

// ---------------------------------------------------------------------------------------------------------
// The client.

export interface AthenaClientOptions {
  /** The Region of the workgroup (else AWS_REGION, AWS_DEFAULT_REGION or the profile's region). */
  readonly region?: string;
  /** A named profile of ~/.aws/config and ~/.aws/credentials (else AWS_PROFILE, else `default`). */
  readonly profile?: string;
  /** Else AWS_ENDPOINT_URL(_ATHENA), else AWS's. */
  readonly endpoint?: string;
}

/**
 * An Athena client on the SDK's standard credential and configuration chain: environment, profile
 * (SSO, assume-role, credential_process), container and instance roles. The SDK itself honours
 * `AWS_ENDPOINT_URL_ATHENA` and `AWS_ENDPOINT_URL` (and `endpoint_url` in the profile).
 */
export function createAthenaClient(options: AthenaClientOptions = {}): AthenaClient {
  return new AthenaClient({
    requestHandler: REQUEST_TIMEOUTS,
    ...(options.region !== undefined && options.region !== '' && { region: options.region }),
    ...(options.profile !== undefined && options.profile !== '' && { profile: options.profile }),
    ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
  });
}

// ---------------------------------------------------------------------------------------------------------
// Running a query.

export interface AthenaProgress {
  readonly queryExecutionId: string;
  /** QUEUED, RUNNING, SUCCEEDED while the rows are fetched. */
  readonly state: string;
  /** Since the query was started. */
  readonly elapsedMs: number;
  /** Bytes scanned so far, when Athena tells. */
  readonly dataScannedInBytes?: number;
  /** Rows fetched so far (while paging through the results). */
  readonly rowsFetched?: number;
}

export interface RunAthenaQueryOptions {
  /** The database the query's unqualified names refer to. */
  readonly database: string;
  /** The workgroup; Athena uses `primary` when absent. */
  readonly workgroup?: string;
  /** `s3://bucket/prefix/` for the results; required unless the workgroup has a result location. */
  readonly outputLocation?: string;
  /** The catalog; Athena uses `AwsDataCatalog` when absent. */
  readonly catalog?: string;
  /** Between two GetQueryExecution calls; default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** How long the query may queue and run before it is stopped; default 10 minutes. */
  readonly timeoutMs?: number;
  /** Aborting stops the query and ends with a `cancelled` message. */
  readonly signal?: AbortSignal;
  /** Called after each poll and each results page. */
  readonly onProgress?: (progress: AthenaProgress) => void;
  /** Stop paging after this many rows (the query's LIMIT normally bounds them already). */
  readonly maxRows?: number;
}

export type AthenaQueryResult =
  | {
      readonly ok: true;
      /** One object per result row, keyed by column name; a NULL value leaves its key out. */
      readonly rows: Record<string, string>[];
      readonly columns: readonly string[];
      readonly queryExecutionId: string;
      readonly dataScannedInBytes?: number;
    }
  | {
      readonly ok: false;
      readonly message: string;
      /** The AWS error code (`AccessDeniedException`, `InvalidRequestException`, ...) when AWS answered with one. */
      readonly errorCode?: string;
      /** The Athena API operation that failed, when one did. */
      readonly operation?: string;
      readonly queryExecutionId?: string;
      /** Why the query ended without rows. */
      readonly reason: 'denied' | 'failed' | 'cancelled' | 'timeout' | 'error';
    };

export const DEFAULT_POLL_INTERVAL_MS = 1000;
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const PAGE_SIZE = 1000;
/** Stopping a query is best effort: never wait long for it. */
const STOP_TIMEOUT_MS = 5_000;

/** What the caller needs to run the query; named in every access-denied message. */
export const ATHENA_PERMISSIONS_HINT =
  'running the query needs athena:StartQueryExecution, athena:GetQueryExecution, athena:GetQueryResults and athena:StopQueryExecution on the workgroup; ' +
  'glue:GetDatabase, glue:GetTable and glue:GetPartitions on the table; s3:GetObject and s3:ListBucket on the CloudTrail bucket; ' +
  's3:PutObject, s3:GetObject and s3:GetBucketLocation on the output location (and kms:Decrypt/GenerateDataKey where the buckets use SSE-KMS)';

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** One line, at most 600 characters, with anything shaped like an access key ID redacted. */
export function safeText(text: string): string {
  const line = redact(text)
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > 600 ? `${line.slice(0, 597)}...` : line;
}

interface ErrorFacts {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly status?: number;
  readonly attempts?: number;
  readonly athenaErrorCode?: string;
}

function factsOf(error: unknown): ErrorFacts {
  if (typeof error !== 'object' || error === null) return { name: 'Error', message: String(error) };
  const e = error as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    Code?: unknown;
    AthenaErrorCode?: unknown;
    $metadata?: { httpStatusCode?: unknown; attempts?: unknown };
  };
  const name = typeof e.name === 'string' && e.name !== '' ? e.name : 'Error';
  const code = typeof e.code === 'string' ? e.code : typeof e.Code === 'string' ? e.Code : undefined;
  return {
    name,
    message: typeof e.message === 'string' ? e.message : '',
    ...(code !== undefined && { code }),
    ...(typeof e.$metadata?.httpStatusCode === 'number' && { status: e.$metadata.httpStatusCode }),
    ...(typeof e.$metadata?.attempts === 'number' && { attempts: e.$metadata.attempts }),
    ...(typeof e.AthenaErrorCode === 'string' && { athenaErrorCode: e.AthenaErrorCode }),
  };
}

const REJECTED_CREDENTIALS: ReadonlySet<string> = new Set([...EXPIRED, ...INVALID]);
const THROTTLING = new Set(['ThrottlingException', 'TooManyRequestsException', 'Throttling', 'ThrottledException', 'RequestLimitExceeded', 'SlowDown']);

type Failure = Extract<AthenaQueryResult, { ok: false }>;

/** A failed SDK call as one clear message. */
export function describeAthenaError(error: unknown, operation: string, queryExecutionId?: string): Failure {
  const f = factsOf(error);
  const id = queryExecutionId !== undefined ? { queryExecutionId } : {};
  const detail = safeText(f.message);
  const said = detail !== '' ? `: ${detail}` : '';
  if (f.name === 'AbortError') return { ok: false, reason: 'cancelled', message: `cancelled during ${operation}`, operation, ...id };
  if (REJECTED_CREDENTIALS.has(f.name)) {
    return {
      ok: false,
      reason: 'error',
      errorCode: f.name,
      operation,
      message: `AWS rejected the credentials for ${operation} (${f.name})${said}; refresh them (aws sso login, new session keys) or check the profile`,
      ...id,
    };
  }
  if (isDenialCode(f.name) || f.status === 403) {
    return {
      ok: false,
      reason: 'denied',
      errorCode: f.name,
      operation,
      message: `Athena denied ${operation} (${f.name})${said}. ${ATHENA_PERMISSIONS_HINT}`,
      ...id,
    };
  }
  if (f.name === 'CredentialsProviderError' || /could not load credentials/i.test(f.message)) {
    return {
      ok: false,
      reason: 'error',
      operation,
      message: 'no AWS credentials were found: set AWS_PROFILE (or pass --profile), run `aws sso login`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
      ...id,
    };
  }
  if (/region is missing/i.test(f.message)) {
    return { ok: false, reason: 'error', operation, message: 'no AWS Region: pass --region, or set AWS_REGION, or a region in the profile', ...id };
  }
  if (f.code !== undefined && NETWORK.has(f.code)) {
    return { ok: false, reason: 'error', operation, message: `cannot reach the Athena endpoint for ${operation} (${f.code})${said}`, ...id };
  }
  if (THROTTLING.has(f.name)) {
    const attempts = f.attempts !== undefined ? ` after ${f.attempts} attempts` : '';
    return { ok: false, reason: 'error', errorCode: f.name, operation, message: `Athena throttled ${operation}${attempts} (${f.name})${said}; try again later`, ...id };
  }
  let hint = '';
  if (/output location|OutputLocation/i.test(f.message)) hint = '; pass --output-location s3://BUCKET/PREFIX/ or use a workgroup that has a query result location';
  else if (/workgroup/i.test(f.message) && /not found|does not exist/i.test(f.message)) hint = '; check --workgroup (and --region)';
  const code = f.athenaErrorCode !== undefined ? `${f.name}, ${f.athenaErrorCode}` : f.name;
  return { ok: false, reason: 'error', errorCode: f.name, operation, message: `Athena ${operation} failed (${code})${said}${hint}`, ...id };
}

/** Why a finished query did not succeed, with a hint for the usual causes. */
function describeQueryFailure(id: string, state: string, reason: string | undefined, athenaMessage: string | undefined): Failure {
  const text = safeText(reason ?? athenaMessage ?? '');
  if (state === 'CANCELLED') {
    return { ok: false, reason: 'cancelled', queryExecutionId: id, message: `the Athena query ${id} was cancelled${text ? `: ${text}` : ''}` };
  }
  // Athena says "Column 'x' cannot be resolved or requester is not authorized to access requested
  // resources" for a missing column: read the error type before any "not authorized".
  let hint = '';
  if (/COLUMN_NOT_FOUND|cannot be resolved/i.test(text)) {
    hint = '; is this the CloudTrail table, and is its date partition column named otherwise (--partition-column, or --no-partition-pruning)? With Lake Formation, the caller also needs SELECT on every column the query reads';
  } else if (/TABLE_NOT_FOUND|SCHEMA_NOT_FOUND|does not exist/i.test(text)) {
    hint = '; check --database and --table (and --region)';
  } else if (/access denied|permission denied|not authorized|AccessDenied/i.test(text)) {
    return { ok: false, reason: 'denied', queryExecutionId: id, message: `the Athena query ${id} failed: ${text}. ${ATHENA_PERMISSIONS_HINT}` };
  }
  return { ok: false, reason: 'failed', queryExecutionId: id, message: `the Athena query ${id} failed: ${text || 'Athena gave no reason'}${hint}` };
}

/** The column names of a result set. */
function columnNames(page: GetQueryResultsCommandOutput): string[] {
  return (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c, i) => c.Name ?? c.Label ?? `_col${i}`);
}

/**
 * Run one SQL statement in Athena and return its rows keyed by column name: StartQueryExecution, then
 * GetQueryExecution every `pollIntervalMs` until SUCCEEDED, FAILED or CANCELLED, then GetQueryResults page
 * by page (NextToken), the first page's header row left out.
 */
export async function runAthenaQuery(client: AthenaClient, sql: string, options: RunAthenaQueryOptions): Promise<AthenaQueryResult> {
  const pollIntervalMs = Math.max(1, options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
  const timeoutMs = Math.max(1, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const { signal, onProgress } = options;
  // The deadline bounds every call too: an endpoint that never answers must not outlast --timeout.
  const deadline = AbortSignal.timeout(timeoutMs);
  const send = { abortSignal: signal ? AbortSignal.any([signal, deadline]) : deadline };
  const late = (): boolean => deadline.aborted && !signal?.aborted;
  const seconds = Math.round(timeoutMs / 100) / 10;
  if (signal?.aborted) return { ok: false, reason: 'cancelled', message: 'cancelled before the Athena query started' };

  const started = Date.now();
  let id: string;
  try {
    const output = await client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        QueryExecutionContext: { Database: options.database, ...(options.catalog !== undefined && { Catalog: options.catalog }) },
        ...(options.workgroup !== undefined && { WorkGroup: options.workgroup }),
        ...(options.outputLocation !== undefined && { ResultConfiguration: { OutputLocation: options.outputLocation } }),
      }),
      send,
    );
    if (!output.QueryExecutionId) return { ok: false, reason: 'error', operation: 'StartQueryExecution', message: 'Athena started the query but returned no QueryExecutionId' };
    id = output.QueryExecutionId;
  } catch (e) {
    if (late()) return { ok: false, reason: 'timeout', operation: 'StartQueryExecution', message: `Athena did not answer StartQueryExecution within ${seconds} s (--timeout)` };
    return describeAthenaError(e, 'StartQueryExecution');
  }

  /** Stop the query (best effort) and say why. */
  const stop = async (why: 'timeout' | 'cancelled', state: string): Promise<Failure> => {
    let stopped = 'it was stopped';
    try {
      await client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }), { abortSignal: AbortSignal.timeout(STOP_TIMEOUT_MS) });
    } catch (e) {
      stopped = `stopping it failed: ${describeAthenaError(e, 'StopQueryExecution', id).message}`;
    }
    if (why === 'cancelled') return { ok: false, reason: 'cancelled', queryExecutionId: id, message: `cancelled: the Athena query ${id} was ${state}; ${stopped}` };
    return {
      ok: false,
      reason: 'timeout',
      queryExecutionId: id,
      message: `the Athena query ${id} did not finish within ${seconds} s (still ${state}); ${stopped}. Narrow the time range (--since/--until) or allow more time (--timeout)`,
    };
  };

  let state: QueryExecutionState | string = 'QUEUED';
  let scanned: number | undefined;
  for (;;) {
    if (signal?.aborted) return stop('cancelled', state);
    try {
      const output = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }), send);
      const status = output.QueryExecution?.Status;
      state = status?.State ?? 'UNKNOWN';
      scanned = output.QueryExecution?.Statistics?.DataScannedInBytes ?? scanned;
      onProgress?.({ queryExecutionId: id, state, elapsedMs: Date.now() - started, ...(scanned !== undefined && { dataScannedInBytes: scanned }) });
      if (state === 'SUCCEEDED') break;
      if (state === 'FAILED' || state === 'CANCELLED') return describeQueryFailure(id, state, status?.StateChangeReason, status?.AthenaError?.ErrorMessage);
    } catch (e) {
      if (signal?.aborted) return stop('cancelled', state);
      if (late()) return stop('timeout', state);
      return describeAthenaError(e, 'GetQueryExecution', id);
    }
    const left = timeoutMs - (Date.now() - started);
    if (left <= 0) return stop('timeout', state);
    await sleep(Math.min(pollIntervalMs, left), send.abortSignal);
  }

  const rows: Record<string, string>[] = [];
  let columns: string[] = [];
  let token: string | undefined;
  let first = true;
  do {
    let page: GetQueryResultsCommandOutput;
    try {
      page = await client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: PAGE_SIZE, ...(token !== undefined && { NextToken: token }) }), send);
    } catch (e) {
      if (late()) return { ok: false, reason: 'timeout', queryExecutionId: id, operation: 'GetQueryResults', message: `Athena did not return the results of ${id} within ${seconds} s (--timeout)` };
      return describeAthenaError(e, 'GetQueryResults', id);
    }
    if (first) columns = columnNames(page);
    const pageRows = page.ResultSet?.Rows ?? [];
    // A SELECT's first page starts with the column names as a row.
    for (const row of first ? pageRows.slice(1) : pageRows) {
      const record: Record<string, string> = {};
      (row.Data ?? []).forEach((datum, i) => {
        const value = datum.VarCharValue;
        if (value !== undefined && value !== null) setOwn(record, columns[i] ?? `_col${i}`, value);
      });
      rows.push(record);
      if (options.maxRows !== undefined && rows.length >= options.maxRows) break;
    }
    first = false;
    token = page.NextToken ?? undefined;
    onProgress?.({ queryExecutionId: id, state, elapsedMs: Date.now() - started, rowsFetched: rows.length, ...(scanned !== undefined && { dataScannedInBytes: scanned }) });
    if (options.maxRows !== undefined && rows.length >= options.maxRows) break;
    if (signal?.aborted) return { ok: false, reason: 'cancelled', queryExecutionId: id, message: `cancelled while fetching the results of the Athena query ${id}` };
  } while (token);

  return { ok: true, rows, columns, queryExecutionId: id, ...(scanned !== undefined && { dataScannedInBytes: scanned }) };
}

// ---------------------------------------------------------------------------------------------------------
// Rows of the denial query -> denial groups.

export interface AthenaDenialGroup {
  /** The role of a role session (session issuer), else the caller's ARN; null when CloudTrail names none. */
  readonly principal: string | null;
  /** The IAM action in catalog spelling (`connect:StartChatContact`). */
  readonly action: string;
  /** The resource ARN, printed in the message or built from the sample requestParameters; null when unknown. */
  readonly resource: string | null;
  readonly errorCode: string;
  /** The latest event's errorMessage. */
  readonly errorMessage: string;
  /** Events in the group. */
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** The latest event's requestParameters, when they are a JSON object. */
  readonly requestParameters?: Readonly<Record<string, unknown>>;
  readonly eventSource: string;
  readonly eventName: string;
  readonly region?: string;
  readonly accountId?: string;
  /** The latest event's caller ARN (an assumed-role session ARN for roles). */
  readonly sessionArn?: string;
  /** The latest event read as a CloudTrail denial: pass it to `explain({ denial })`. */
  readonly denial: Denial;
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A CloudTrail record (as CloudTrail spells it) for a group's latest event. */
function sampleRecord(row: Readonly<Record<string, string>>): Record<string, unknown> {
  const K = DENIAL_QUERY_COLUMNS;
  const sessionArn = row[K.sessionArn];
  const principal = row[K.principal];
  const issuer = principal !== undefined && principal !== sessionArn && principal.startsWith('arn:') ? principal : undefined;
  const identity: Record<string, unknown> = {
    ...(row[K.identityType] !== undefined && { type: row[K.identityType] }),
    ...(sessionArn !== undefined ? { arn: sessionArn } : principal !== undefined && { invokedBy: principal }),
    ...(row[K.identityAccount] !== undefined && { accountId: row[K.identityAccount] }),
    ...(issuer !== undefined && { sessionContext: { sessionIssuer: { arn: issuer, ...(issuer.includes(':role/') && { type: 'Role' }) } } }),
  };
  const fields: Record<string, string | undefined> = {
    eventSource: row[K.eventSource],
    eventName: row[K.eventName],
    errorCode: row[K.errorCode],
    errorMessage: row[K.errorMessage],
    awsRegion: row[K.region],
    recipientAccountId: row[K.accountId],
    eventTime: row[K.lastSeen],
    sourceIPAddress: row[K.sourceIp],
    vpcEndpointId: row[K.vpcEndpointId],
    requestParameters: row[K.requestParameters],
  };
  const record: Record<string, unknown> = { userIdentity: identity };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined && value !== '') setOwn(record, key, value);
  return record;
}

/**
 * The rows of the denial query as groups, in the query's order. Rows that are not denial-query rows (no
 * event source, event name or error code) are left out.
 */
export function athenaDenialGroups(rows: readonly Readonly<Record<string, string>>[]): AthenaDenialGroup[] {
  const K = DENIAL_QUERY_COLUMNS;
  const groups: AthenaDenialGroup[] = [];
  for (const row of rows) {
    const eventSource = row[K.eventSource];
    const eventName = row[K.eventName];
    const errorCode = row[K.errorCode];
    if (!eventSource || !eventName || !errorCode) continue;
    const record = sampleRecord(row);
    const read = denialFromRecord(record);
    // A row selected by the query is a denial; should the local reading disagree, keep the row's facts.
    const denial: Denial = read.ok ? read.denial : { source: 'cloudtrail', message: row[K.errorMessage] ?? errorCode, errorCode, operation: eventName, eventSource };
    const built = requestFromDenial(denial);
    const count = Number(row[K.count] ?? '0');
    const requestParameters = parseObject(row[K.requestParameters]);
    const principal = row[K.principal] ?? (row[K.identityAccount] === 'ANONYMOUS_PRINCIPAL' || row[K.identityType] === 'AnonymousUser' ? 'anonymous' : null);
    groups.push({
      principal,
      action: built.request?.action ?? denial.action ?? actionOfEvent(eventSource, eventName),
      resource: built.request?.resource ?? null,
      errorCode,
      errorMessage: row[K.errorMessage] ?? '',
      count: Number.isFinite(count) ? count : 0,
      firstSeen: row[K.firstSeen] ?? '',
      lastSeen: row[K.lastSeen] ?? '',
      ...(requestParameters && { requestParameters }),
      eventSource,
      eventName,
      ...(row[K.region] !== undefined && { region: row[K.region] }),
      ...(row[K.accountId] !== undefined && { accountId: row[K.accountId] }),
      ...(row[K.sessionArn] !== undefined && { sessionArn: row[K.sessionArn] }),
      denial,
    });
  }
  return groups;
}
