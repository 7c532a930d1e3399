/**
 * Amazon Athena for `whydenied scan --athena`: run one query (start, poll, page through the results) and
 * read the rows of the denial query (src/scan/athena-sql.ts) into denial groups.
 *
 * Failures are data: `runAthenaQuery` never throws for what AWS or the network answers; it returns a message
 * id and its data (the words are in src/render/athena-failure.ts), AWS's own text with access key IDs
 * redacted. A query that runs out of time, or whose caller aborts, is stopped with StopQueryExecution so
 * that it does not go on scanning (and billing).
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

type None = Readonly<Record<never, never>>;

/**
 * Why a query gave no rows: a message id and its data. The words are in src/render/athena-failure.ts, one
 * template per id (the compiler checks both sides). `detail`: what AWS or Athena said, one line, access key
 * IDs redacted (absent when it said nothing).
 */
export interface AthenaFailureMessages {
  // a failed Athena API call (describeAthenaError)
  cancelledDuring: { operation: string };
  credentialsRejected: { operation: string; errorCode: string; detail?: string };
  /** Athena denied the call: the words name the permissions a query needs. */
  callDenied: { operation: string; errorCode: string; detail?: string };
  noCredentials: None;
  noRegion: None;
  /** `code`: the network error code (`ECONNREFUSED`). */
  unreachable: { operation: string; code: string; detail?: string };
  /** `attempts`: how many times the SDK tried, when it says. */
  throttled: { operation: string; errorCode: string; attempts?: number; detail?: string };
  /** `hint`: the usual cause the message points at: no result location, or a workgroup that is not found. */
  callFailed: { operation: string; errorCode: string; athenaErrorCode?: string; detail?: string; hint?: 'outputLocation' | 'workgroup' };
  // a query that ended without rows
  cancelledBeforeStart: None;
  noQueryExecutionId: None;
  /** `seconds`: the --timeout. */
  startTimedOut: { seconds: number };
  /** Athena's StateChangeReason (or its AthenaError message), when it gave one. */
  queryCancelled: { queryExecutionId: string; detail?: string };
  queryDenied: { queryExecutionId: string; detail: string };
  /** `hint`: a column not found (the partition column, Lake Formation), or a table or database not found. */
  queryFailed: { queryExecutionId: string; detail?: string; hint?: 'column' | 'table' };
  /** Cancelled or timed out while `state` (QUEUED, RUNNING): the query was stopped, or stopping it failed (`stopFailure`). */
  cancelledRunning: { queryExecutionId: string; state: string; stopFailure?: AthenaFailureReason };
  queryTimedOut: { queryExecutionId: string; seconds: number; state: string; stopFailure?: AthenaFailureReason };
  resultsTimedOut: { queryExecutionId: string; seconds: number };
  cancelledFetching: { queryExecutionId: string };
}

export type AthenaFailureId = keyof AthenaFailureMessages;

/** A message id and that message's data (a wrong pair does not compile). */
export type AthenaFailureReason = { [K in AthenaFailureId]: { readonly messageId: K; readonly data: AthenaFailureMessages[K] } }[AthenaFailureId];

export type AthenaQueryResult =
  | {
      readonly ok: true;
      /** One object per result row, keyed by column name; a NULL value leaves its key out. */
      readonly rows: Record<string, string>[];
      readonly columns: readonly string[];
      readonly queryExecutionId: string;
      readonly dataScannedInBytes?: number;
    }
  | (AthenaFailureReason & {
      readonly ok: false;
      /** The AWS error code (`AccessDeniedException`, `InvalidRequestException`, ...) when AWS answered with one. */
      readonly errorCode?: string;
      /** The Athena API operation that failed, when one did. */
      readonly operation?: string;
      readonly queryExecutionId?: string;
      /** Why the query ended without rows. */
      readonly reason: 'denied' | 'failed' | 'cancelled' | 'timeout' | 'error';
    });

export const DEFAULT_POLL_INTERVAL_MS = 1000;
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const PAGE_SIZE = 1000;
/** Stopping a query is best effort: never wait long for it. */
const STOP_TIMEOUT_MS = 5_000;

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

/** A failure: why, its message id and data, and the facts beside them. */
function failure<K extends AthenaFailureId>(
  reason: Failure['reason'],
  messageId: K,
  data: AthenaFailureMessages[K],
  facts: { readonly errorCode?: string; readonly operation?: string; readonly queryExecutionId?: string } = {},
): Failure {
  return { ok: false, reason, ...facts, messageId, data } as Failure;
}

/** A failed SDK call as one message id and its data. */
export function describeAthenaError(error: unknown, operation: string, queryExecutionId?: string): Failure {
  const f = factsOf(error);
  const id = queryExecutionId !== undefined ? { queryExecutionId } : {};
  const text = safeText(f.message);
  const detail = text !== '' ? { detail: text } : {};
  if (f.name === 'AbortError') return failure('cancelled', 'cancelledDuring', { operation }, { operation, ...id });
  const facts = { errorCode: f.name, operation, ...id };
  if (REJECTED_CREDENTIALS.has(f.name)) return failure('error', 'credentialsRejected', { operation, errorCode: f.name, ...detail }, facts);
  if (isDenialCode(f.name) || f.status === 403) return failure('denied', 'callDenied', { operation, errorCode: f.name, ...detail }, facts);
  if (f.name === 'CredentialsProviderError' || /could not load credentials/i.test(f.message)) return failure('error', 'noCredentials', {}, { operation, ...id });
  if (/region is missing/i.test(f.message)) return failure('error', 'noRegion', {}, { operation, ...id });
  if (f.code !== undefined && NETWORK.has(f.code)) return failure('error', 'unreachable', { operation, code: f.code, ...detail }, { operation, ...id });
  if (THROTTLING.has(f.name)) return failure('error', 'throttled', { operation, errorCode: f.name, ...(f.attempts !== undefined && { attempts: f.attempts }), ...detail }, facts);
  const hint =
    /output location|OutputLocation/i.test(f.message) ? 'outputLocation' : /workgroup/i.test(f.message) && /not found|does not exist/i.test(f.message) ? 'workgroup' : undefined;
  return failure(
    'error',
    'callFailed',
    { operation, errorCode: f.name, ...(f.athenaErrorCode !== undefined && { athenaErrorCode: f.athenaErrorCode }), ...detail, ...(hint !== undefined && { hint }) },
    facts,
  );
}

/** Why a finished query did not succeed, with a hint for the usual causes. */
function describeQueryFailure(queryExecutionId: string, state: string, reason: string | undefined, athenaMessage: string | undefined): Failure {
  const text = safeText(reason ?? athenaMessage ?? '');
  const detail = text !== '' ? { detail: text } : {};
  const id = { queryExecutionId };
  if (state === 'CANCELLED') return failure('cancelled', 'queryCancelled', { queryExecutionId, ...detail }, id);
  // Athena says "Column 'x' cannot be resolved or requester is not authorized to access requested
  // resources" for a missing column: read the error type before any "not authorized".
  let hint: 'column' | 'table' | undefined;
  if (/COLUMN_NOT_FOUND|cannot be resolved/i.test(text)) hint = 'column';
  else if (/TABLE_NOT_FOUND|SCHEMA_NOT_FOUND|does not exist/i.test(text)) hint = 'table';
  else if (/access denied|permission denied|not authorized|AccessDenied/i.test(text)) return failure('denied', 'queryDenied', { queryExecutionId, detail: text }, id);
  return failure('failed', 'queryFailed', { queryExecutionId, ...detail, ...(hint !== undefined && { hint }) }, id);
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
  if (signal?.aborted) return failure('cancelled', 'cancelledBeforeStart', {});

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
    if (!output.QueryExecutionId) return failure('error', 'noQueryExecutionId', {}, { operation: 'StartQueryExecution' });
    id = output.QueryExecutionId;
  } catch (e) {
    if (late()) return failure('timeout', 'startTimedOut', { seconds }, { operation: 'StartQueryExecution' });
    return describeAthenaError(e, 'StartQueryExecution');
  }

  /** Stop the query (best effort) and say why. */
  const stop = async (why: 'timeout' | 'cancelled', state: string): Promise<Failure> => {
    let stopFailure: AthenaFailureReason | undefined;
    try {
      await client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }), { abortSignal: AbortSignal.timeout(STOP_TIMEOUT_MS) });
    } catch (e) {
      const { messageId, data } = describeAthenaError(e, 'StopQueryExecution', id);
      stopFailure = { messageId, data } as AthenaFailureReason;
    }
    const stopped = stopFailure !== undefined ? { stopFailure } : {};
    if (why === 'cancelled') return failure('cancelled', 'cancelledRunning', { queryExecutionId: id, state, ...stopped }, { queryExecutionId: id });
    return failure('timeout', 'queryTimedOut', { queryExecutionId: id, seconds, state, ...stopped }, { queryExecutionId: id });
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
      if (late()) return failure('timeout', 'resultsTimedOut', { queryExecutionId: id, seconds }, { queryExecutionId: id, operation: 'GetQueryResults' });
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
    if (signal?.aborted) return failure('cancelled', 'cancelledFetching', { queryExecutionId: id }, { queryExecutionId: id });
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
