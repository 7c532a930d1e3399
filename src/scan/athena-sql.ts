/**
 * The SQL that `whydenied scan --athena` runs: the denials in a CloudTrail table, grouped by who was denied
 * what, with counts, first/last seen and one sample event per group. Pure and deterministic: the same
 * options always give the same text, and nothing here does I/O.
 *
 * The table is the one the Athena documentation creates for CloudTrail logs ("Create the table for
 * CloudTrail logs in Athena using partition projection"): lowercase columns (`eventtime`, `eventsource`,
 * `useridentity.sessioncontext.sessionissuer.arn`, `requestparameters` as a JSON string, ...) and one
 * partition column `timestamp`, a string `yyyy/MM/dd` (the date folder of the log file in S3). Tables
 * partitioned otherwise name their date column with `partitionColumn` (and its `partitionFormat`), or set it
 * to `null` to scan without pruning.
 *
 * Every user value reaches the SQL as a string literal (single quotes doubled) or, for globs, as a LIKE
 * pattern with `!` as the escape character; identifiers are checked against a strict pattern and
 * double-quoted. Options that do not pass are reported all at once, never half-used.
 */
import { DENIAL_ERROR_CODES } from '../input/access-denied-message.js';
import { SERVICE_OF_HOST } from '../input/cloudtrail.js';
import { parseInstant, type Instant } from './filters.js';

/** The date format of the partition column's values. */
export type PartitionFormat = 'yyyy/MM/dd' | 'yyyy-MM-dd' | 'yyyyMMdd';

export interface DenialQueryOptions {
  /** Glue/Athena database of the CloudTrail table. */
  readonly database: string;
  /** The CloudTrail table. */
  readonly table: string;
  /** Events at or after this instant: an ISO 8601 date (`2024-05-01`, UTC midnight) or date-time (UTC when it has no offset), or a Date. */
  readonly since?: string | Date;
  /** Events up to this instant, inclusive: a date includes that whole day (UTC); a date-time includes that second. */
  readonly until?: string | Date;
  /** IAM actions (`connect:StartChatContact`), globs allowed (`connect:Start*`), case-insensitive; any of them. */
  readonly actions?: readonly string[];
  /** IAM service prefixes (`connect`), globs allowed, case-insensitive; any of them. */
  readonly services?: readonly string[];
  /**
   * Principals, any of them: an ARN or an ARN glob (`arn:aws:iam::111122223333:role/Agent*`), case-sensitive.
   * Matched against the grouped principal (the role of a role session) and the session ARN itself
   * (`arn:aws:sts::111122223333:assumed-role/Agent/session`).
   */
  readonly principals?: readonly string[];
  /** The date partition column; default `timestamp` (the documented table). `null`: no partition predicate. */
  readonly partitionColumn?: string | null;
  /** The format of the partition column's values; default `yyyy/MM/dd`. */
  readonly partitionFormat?: PartitionFormat;
  /**
   * requestParameters fields that name the resource, extracted as `rp_<lowercased name>` columns and grouped
   * by, so that denials on different resources are different groups. Default {@link DEFAULT_RESOURCE_PARAMETERS}.
   */
  readonly resourceParameters?: readonly string[];
  /** At most this many groups (the most frequent first); default 1000. */
  readonly limit?: number;
}

/** The documented partition column of the CloudTrail table with partition projection. */
export const DEFAULT_PARTITION_COLUMN = 'timestamp';
export const DEFAULT_PARTITION_FORMAT: PartitionFormat = 'yyyy/MM/dd';
export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 1_000_000;

/**
 * requestParameters fields (JSON names, case-sensitive as CloudTrail logs them) that identify the resource
 * of common denied calls: Amazon Connect first, then S3, Lambda, SNS, SQS, STS, KMS, DynamoDB, Secrets
 * Manager, CloudWatch Logs.
 */
export const DEFAULT_RESOURCE_PARAMETERS: readonly string[] = [
  'InstanceId',
  'ContactFlowId',
  'QueueId',
  'bucketName',
  'functionName',
  'topicArn',
  'queueUrl',
  'roleArn',
  'keyId',
  'tableName',
  'secretId',
  'logGroupName',
];

/** The error codes of a denial: one list, with the parser's isDenialCode. */
export { DENIAL_ERROR_CODES };

/** CloudTrail eventSource hosts whose IAM service prefix differs: the same table the local reader uses. */
export const EVENT_SOURCE_SERVICES: Readonly<Record<string, string>> = SERVICE_OF_HOST;

/** The result columns, in order (then one `rp_<name>` column per resource parameter, after `account_id`). */
export const DENIAL_QUERY_COLUMNS = {
  principal: 'principal',
  action: 'action',
  eventSource: 'event_source',
  eventName: 'event_name',
  errorCode: 'error_code',
  region: 'aws_region',
  accountId: 'account_id',
  count: 'event_count',
  firstSeen: 'first_seen',
  lastSeen: 'last_seen',
  errorMessage: 'error_message',
  requestParameters: 'request_parameters',
  sessionArn: 'session_arn',
  identityType: 'identity_type',
  identityAccount: 'identity_account',
  sourceIp: 'source_ip',
  vpcEndpointId: 'vpc_endpoint_id',
} as const;

type NameOption = 'database' | 'table' | 'partitionColumn';
type ListOption = 'actions' | 'services' | 'principals' | 'resourceParameters';

/**
 * Why options cannot become SQL: a message id and its data, per option (named as in
 * {@link DenialQueryOptions}). The words are in src/render/athena-query.ts, one template per id (the compiler
 * checks both sides). `value`: the value as given, of any type (the words show it as JSON).
 */
export interface AthenaQueryProblemMessages {
  /** Missing, or the empty string. */
  required: { option: NameOption };
  /** Not a name the SQL can quote: `value` is given but does not match the option's name pattern. */
  invalidName: { option: NameOption; value: unknown };
  invalidPartitionFormat: { value: unknown; allowed: readonly PartitionFormat[] };
  /** Neither an ISO 8601 date or date-time, nor a valid Date. */
  invalidInstant: { option: 'since' | 'until'; value: unknown };
  /** The range holds no second: since, and the last second until includes, in CloudTrail's eventTime spelling. */
  emptyTimeRange: { since: string; until: string };
  notAList: { option: ListOption };
  /** An item that is not a string, or only blanks. */
  blankItem: { option: ListOption; value: unknown };
  invalidAction: { value: string };
  invalidService: { value: string };
  invalidPrincipal: { value: string };
  invalidResourceParameter: { value: string };
  /** `value`: lowercased (the columns are `rp_<lowercased name>`). */
  duplicateResourceParameter: { value: string };
  invalidLimit: { value: unknown; max: number };
}

export type AthenaQueryProblemId = keyof AthenaQueryProblemMessages;

/** A message id and that message's data (a wrong pair does not compile). */
export type AthenaQueryProblem = { [K in AthenaQueryProblemId]: { readonly messageId: K; readonly data: AthenaQueryProblemMessages[K] } }[AthenaQueryProblemId];

function problem<K extends AthenaQueryProblemId>(messageId: K, data: AthenaQueryProblemMessages[K]): AthenaQueryProblem {
  return { messageId, data } as AthenaQueryProblem;
}

/** The SQL, or every reason the options cannot make it (as data: `athenaQueryOptionsMessage` words them). */
export type DenialQueryResult = { readonly ok: true; readonly sql: string } | { readonly ok: false; readonly problems: readonly AthenaQueryProblem[] };

// ---------------------------------------------------------------------------------------------------------
// Literals and identifiers.

/** A SQL string literal: single quotes doubled. Trino string literals give backslashes no meaning. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * The escape character of LIKE patterns: `!`, which no SQL dialect gives a meaning inside a string literal
 * (a backslash would be read as an escape by MySQL-like parsers and tools).
 */
export const LIKE_ESCAPE = '!';

/** A glob (`*` any run, `?` one character) as a LIKE pattern whose escape character is {@link LIKE_ESCAPE}. */
export function globToLike(glob: string): string {
  let out = '';
  for (const ch of glob) {
    if (ch === '*') out += '%';
    else if (ch === '?') out += '_';
    else if (ch === '%' || ch === '_' || ch === LIKE_ESCAPE) out += `${LIKE_ESCAPE}${ch}`;
    else out += ch;
  }
  return out;
}

function isGlob(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

/** `column = 'value'`, or `column LIKE 'pattern' ESCAPE '!'` for a glob. */
function matchPredicate(column: string, value: string): string {
  return isGlob(value) ? `${column} LIKE ${sqlString(globToLike(value))} ESCAPE ${sqlString(LIKE_ESCAPE)}` : `${column} = ${sqlString(value)}`;
}

/** Database and table names: letters, digits, `_` and `-` (Glue allows hyphens; the name is double-quoted). */
const TABLE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,254}$/;
/** Column names: a letter or `_`, then letters, digits and `_`. */
const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
/** requestParameters field names usable in a `$.name` JSON path. */
const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** IAM service prefixes, globs allowed. */
const SERVICE_GLOB = /^[A-Za-z0-9*?][A-Za-z0-9*?-]{0,63}$/;
/** `service:Action`, globs allowed on either side. */
const ACTION_GLOB = /^[A-Za-z0-9*?][A-Za-z0-9*?-]{0,63}:[A-Za-z0-9*?_.-]{1,128}$/;

function quoteIdentifier(name: string): string {
  return `"${name}"`;
}

// ---------------------------------------------------------------------------------------------------------
// Time.

/** An ISO 8601 date or date-time (or a Date) as whole seconds; undefined when it is not one. */
function instantOf(value: string | Date): Instant | undefined {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isFinite(ms) ? { ms: Math.floor(ms / 1000) * 1000, dateOnly: false } : undefined;
  }
  const instant = parseInstant(value);
  return instant && { ms: Math.floor(instant.ms / 1000) * 1000, dateOnly: instant.dateOnly };
}

const DAY_MS = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** CloudTrail's eventTime spelling: `2024-05-01T12:00:00Z` (compares correctly as a string). */
function eventTimeText(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}

function partitionText(ms: number, format: PartitionFormat): string {
  const d = new Date(ms);
  const [y, m, day] = [pad(d.getUTCFullYear(), 4), pad(d.getUTCMonth() + 1), pad(d.getUTCDate())];
  switch (format) {
    case 'yyyy/MM/dd':
      return `${y}/${m}/${day}`;
    case 'yyyy-MM-dd':
      return `${y}-${m}-${day}`;
    case 'yyyyMMdd':
      return `${y}${m}${day}`;
  }
}

const PARTITION_FORMATS: readonly PartitionFormat[] = ['yyyy/MM/dd', 'yyyy-MM-dd', 'yyyyMMdd'];

// ---------------------------------------------------------------------------------------------------------
// The query.

const ISSUER_ARN = 'useridentity.sessioncontext.sessionissuer.arn';
const HOST = "split_part(eventsource, '.amazonaws.com', 1)";
/** The IAM action of an event, over the `denials` columns. */
const ACTION = "concat(service, ':', eventname)";

function serviceExpression(): string {
  const cases = Object.entries(EVENT_SOURCE_SERVICES).map(([host, service]) => `WHEN ${sqlString(host)} THEN ${sqlString(service)}`);
  return `CASE ${HOST} ${cases.join(' ')} ELSE ${HOST} END`;
}

function denialPredicate(): string {
  const codes = DENIAL_ERROR_CODES.map(sqlString).join(', ');
  return (
    `(errorcode IN (${codes})` +
    ` OR errorcode LIKE '%AccessDenied%'` +
    ` OR errorcode LIKE 'Unauthorized%'` +
    ` OR (errorcode IS NOT NULL AND lower(errormessage) LIKE '%not authorized to perform%'))`
  );
}

function anyOf(predicates: readonly string[]): string {
  return predicates.length === 1 ? predicates[0]! : `(${predicates.join(' OR ')})`;
}

interface Checked {
  readonly database: string;
  readonly table: string;
  readonly since?: Instant;
  readonly until?: Instant;
  readonly actions: readonly string[];
  readonly services: readonly string[];
  readonly principals: readonly string[];
  readonly partitionColumn: string | null;
  readonly partitionFormat: PartitionFormat;
  readonly resourceParameters: readonly string[];
  readonly limit: number;
}

function nonEmptyList(option: ListOption, value: unknown, problems: AthenaQueryProblem[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(problem('notAList', { option }));
    return [];
  }
  const out: string[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'string' || item.trim() === '') problems.push(problem('blankItem', { option, value: item }));
    else out.push(item.trim());
  }
  return out;
}

function check(options: DenialQueryOptions): { ok: true; value: Checked } | { ok: false; problems: AthenaQueryProblem[] } {
  const problems: AthenaQueryProblem[] = [];
  const o = (typeof options === 'object' && options !== null ? options : {}) as Partial<Record<keyof DenialQueryOptions, unknown>>;

  const name = (option: NameOption, pattern: RegExp): string => {
    const value = o[option];
    if (typeof value !== 'string' || !pattern.test(value)) {
      problems.push(value === undefined || value === '' ? problem('required', { option }) : problem('invalidName', { option, value }));
      return '';
    }
    return value;
  };
  const database = name('database', TABLE_NAME);
  const table = name('table', TABLE_NAME);

  let partitionColumn: string | null = DEFAULT_PARTITION_COLUMN;
  if (o.partitionColumn === null) partitionColumn = null;
  else if (o.partitionColumn !== undefined) partitionColumn = name('partitionColumn', COLUMN_NAME);

  let partitionFormat = DEFAULT_PARTITION_FORMAT;
  if (o.partitionFormat !== undefined) {
    if (PARTITION_FORMATS.includes(o.partitionFormat as PartitionFormat)) partitionFormat = o.partitionFormat as PartitionFormat;
    else problems.push(problem('invalidPartitionFormat', { value: o.partitionFormat, allowed: PARTITION_FORMATS }));
  }

  const instant = (option: 'since' | 'until'): Instant | undefined => {
    const value = o[option];
    if (value === undefined) return undefined;
    const parsed = typeof value === 'string' || value instanceof Date ? instantOf(value) : undefined;
    if (parsed === undefined) problems.push(problem('invalidInstant', { option, value }));
    return parsed;
  };
  const since = instant('since');
  const until = instant('until');
  if (since && until && untilExclusive(until) <= since.ms) problems.push(problem('emptyTimeRange', { since: eventTimeText(since.ms), until: eventTimeText(untilExclusive(until) - 1000) }));

  const actions = nonEmptyList('actions', o.actions, problems).filter((a) => {
    if (ACTION_GLOB.test(a)) return true;
    problems.push(problem('invalidAction', { value: a }));
    return false;
  });
  const services = nonEmptyList('services', o.services, problems).filter((s) => {
    if (SERVICE_GLOB.test(s)) return true;
    problems.push(problem('invalidService', { value: s }));
    return false;
  });
  const principals = nonEmptyList('principals', o.principals, problems).filter((p) => {
    if (p.length <= 2048 && !p.includes('\n') && !p.includes('\r') && !p.includes('\0')) return true;
    problems.push(problem('invalidPrincipal', { value: p }));
    return false;
  });

  let resourceParameters: readonly string[] = DEFAULT_RESOURCE_PARAMETERS;
  if (o.resourceParameters !== undefined) {
    const given = nonEmptyList('resourceParameters', o.resourceParameters, problems);
    resourceParameters = given.filter((p) => {
      if (PARAMETER_NAME.test(p)) return true;
      problems.push(problem('invalidResourceParameter', { value: p }));
      return false;
    });
    const lowered = resourceParameters.map((p) => p.toLowerCase());
    const twice = lowered.find((p, i) => lowered.indexOf(p) !== i);
    if (twice !== undefined) problems.push(problem('duplicateResourceParameter', { value: twice }));
  }

  let limit = DEFAULT_LIMIT;
  if (o.limit !== undefined) {
    if (typeof o.limit === 'number' && Number.isInteger(o.limit) && o.limit >= 1 && o.limit <= MAX_LIMIT) limit = o.limit;
    else problems.push(problem('invalidLimit', { value: o.limit, max: MAX_LIMIT }));
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      database,
      table,
      ...(since && { since }),
      ...(until && { until }),
      actions,
      services,
      principals,
      partitionColumn,
      partitionFormat,
      resourceParameters,
      limit,
    },
  };
}

/** The first instant after `until`: the next day for a date, the next second for a date-time. */
function untilExclusive(until: Instant): number {
  return until.ms + (until.dateOnly ? DAY_MS : 1000);
}

function render(c: Checked): string {
  const service = serviceExpression();
  const parameters = c.resourceParameters.map((p) => ({ json: p, column: `rp_${p.toLowerCase()}` }));

  // The rows scanned: the partitions of the time range, the time range itself, the denials.
  const scan: string[] = [];
  if (c.partitionColumn !== null) {
    const column = quoteIdentifier(c.partitionColumn);
    // A log file lands in the date folder of its delivery, minutes after its last event: an event late on
    // day D can sit in D+1's folder (never in an earlier one), so the upper bound is one day later.
    if (c.since) scan.push(`${column} >= ${sqlString(partitionText(c.since.ms, c.partitionFormat))}`);
    if (c.until) scan.push(`${column} <= ${sqlString(partitionText(untilExclusive(c.until) - 1000 + DAY_MS, c.partitionFormat))}`);
  }
  if (c.since) scan.push(`eventtime >= ${sqlString(eventTimeText(c.since.ms))}`);
  if (c.until) scan.push(`eventtime < ${sqlString(eventTimeText(untilExclusive(c.until)))}`);
  scan.push(denialPredicate());

  // The groups kept: action, service and principal filters on the derived columns.
  const keep: string[] = [];
  if (c.actions.length > 0) keep.push(anyOf(c.actions.map((a) => matchPredicate(`lower(${ACTION})`, a.toLowerCase()))));
  if (c.services.length > 0) keep.push(anyOf(c.services.map((s) => matchPredicate('lower(service)', s.toLowerCase()))));
  if (c.principals.length > 0) keep.push(anyOf(c.principals.flatMap((p) => [matchPredicate('principal', p), matchPredicate('session_arn', p)])));

  const K = DENIAL_QUERY_COLUMNS;
  const inner = [
    `COALESCE(NULLIF(${ISSUER_ARN}, ''), NULLIF(useridentity.arn, ''), NULLIF(useridentity.invokedby, '')) AS principal`,
    `${service} AS service`,
    'eventsource',
    'eventname',
    'errorcode',
    'errormessage',
    'eventtime',
    'awsregion',
    'recipientaccountid',
    'requestparameters',
    'useridentity.arn AS session_arn',
    'useridentity.type AS identity_type',
    'useridentity.accountid AS identity_account',
    'sourceipaddress',
    'vpcendpointid',
    ...parameters.map((p) => `json_extract_scalar(requestparameters, ${sqlString(`$.${p.json}`)}) AS ${p.column}`),
  ];
  const groupBy = ['principal', 'service', 'eventsource', 'eventname', 'errorcode', 'awsregion', 'recipientaccountid', ...parameters.map((p) => p.column)];
  const outer = [
    'principal',
    `${ACTION} AS action`,
    `eventsource AS ${K.eventSource}`,
    `eventname AS ${K.eventName}`,
    `errorcode AS ${K.errorCode}`,
    `awsregion AS ${K.region}`,
    `recipientaccountid AS ${K.accountId}`,
    ...parameters.map((p) => p.column),
    `count(*) AS ${K.count}`,
    `min(eventtime) AS ${K.firstSeen}`,
    `max(eventtime) AS ${K.lastSeen}`,
    // One sample event per group, the latest: its fields come from the same record.
    `max_by(errormessage, eventtime) AS ${K.errorMessage}`,
    `max_by(requestparameters, eventtime) AS ${K.requestParameters}`,
    `max_by(session_arn, eventtime) AS ${K.sessionArn}`,
    `max_by(identity_type, eventtime) AS ${K.identityType}`,
    `max_by(identity_account, eventtime) AS ${K.identityAccount}`,
    `max_by(sourceipaddress, eventtime) AS ${K.sourceIp}`,
    `max_by(vpcendpointid, eventtime) AS ${K.vpcEndpointId}`,
  ];

  const lines = [
    'WITH denials AS (',
    '  SELECT',
    inner.map((s) => `    ${s}`).join(',\n'),
    `  FROM ${quoteIdentifier(c.database)}.${quoteIdentifier(c.table)}`,
    `  WHERE ${scan.join('\n    AND ')}`,
    ')',
    'SELECT',
    outer.map((s) => `  ${s}`).join(',\n'),
    'FROM denials',
    ...(keep.length > 0 ? [`WHERE ${keep.join('\n  AND ')}`] : []),
    `GROUP BY ${groupBy.join(', ')}`,
    `ORDER BY ${K.count} DESC, ${K.lastSeen} DESC, principal, action`,
    `LIMIT ${c.limit}`,
  ];
  return lines.join('\n');
}

/**
 * The denial query (Trino/Presto SQL for Athena engine v3), or every reason the options cannot make one.
 * The library's `buildDenialQuery` (src/index.ts) throws them instead, worded.
 */
export function tryBuildDenialQuery(options: DenialQueryOptions): DenialQueryResult {
  const checked = check(options);
  return checked.ok ? { ok: true, sql: render(checked.value) } : { ok: false, problems: checked.problems };
}
