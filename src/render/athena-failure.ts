/**
 * The words of a `scan --athena` query that gave no rows (src/aws/athena.ts, AthenaFailureMessages): one
 * template per message id, exhaustive (a missing or unknown id does not compile). One line, no stack trace:
 * the CLI prints it after `whydenied: `.
 */
import type { AthenaFailureId, AthenaFailureMessages, AthenaFailureReason } from '../aws/athena.js';

/** What the caller needs to run the query; named in every access-denied message. */
export const ATHENA_PERMISSIONS_HINT =
  'running the query needs athena:StartQueryExecution, athena:GetQueryExecution, athena:GetQueryResults and athena:StopQueryExecution on the workgroup; ' +
  'glue:GetDatabase, glue:GetTable and glue:GetPartitions on the table; s3:GetObject and s3:ListBucket on the CloudTrail bucket; ' +
  's3:PutObject, s3:GetObject and s3:GetBucketLocation on the output location (and kms:Decrypt/GenerateDataKey where the buckets use SSE-KMS)';

const CALL_HINT: Readonly<Record<NonNullable<AthenaFailureMessages['callFailed']['hint']>, string>> = {
  outputLocation: '; pass --output-location s3://BUCKET/PREFIX/ or use a workgroup that has a query result location',
  workgroup: '; check --workgroup (and --region)',
};

const QUERY_HINT: Readonly<Record<NonNullable<AthenaFailureMessages['queryFailed']['hint']>, string>> = {
  column:
    '; is this the CloudTrail table, and is its date partition column named otherwise (--partition-column, or --no-partition-pruning)? With Lake Formation, the caller also needs SELECT on every column the query reads',
  table: '; check --database and --table (and --region)',
};

/** `: what AWS said`, or nothing when it said nothing. */
const said = (detail: string | undefined) => (detail !== undefined ? `: ${detail}` : '');
/** What became of the query on the way out. */
const stopped = (stopFailure: AthenaFailureReason | undefined) => (stopFailure === undefined ? 'it was stopped' : `stopping it failed: ${athenaFailureMessage(stopFailure)}`);

type Templates = { readonly [K in AthenaFailureId]: (data: AthenaFailureMessages[K]) => string };

const TEMPLATES: Templates = {
  cancelledDuring: (d) => `cancelled during ${d.operation}`,
  credentialsRejected: (d) => `AWS rejected the credentials for ${d.operation} (${d.errorCode})${said(d.detail)}; refresh them (aws sso login, new session keys) or check the profile`,
  callDenied: (d) => `Athena denied ${d.operation} (${d.errorCode})${said(d.detail)}. ${ATHENA_PERMISSIONS_HINT}`,
  noCredentials: () => 'no AWS credentials were found: set AWS_PROFILE (or pass --profile), run `aws sso login`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
  noRegion: () => 'no AWS Region: pass --region, or set AWS_REGION, or a region in the profile',
  unreachable: (d) => `cannot reach the Athena endpoint for ${d.operation} (${d.code})${said(d.detail)}`,
  throttled: (d) => `Athena throttled ${d.operation}${d.attempts !== undefined ? ` after ${d.attempts} attempts` : ''} (${d.errorCode})${said(d.detail)}; try again later`,
  callFailed: (d) =>
    `Athena ${d.operation} failed (${d.athenaErrorCode !== undefined ? `${d.errorCode}, ${d.athenaErrorCode}` : d.errorCode})${said(d.detail)}${d.hint !== undefined ? CALL_HINT[d.hint] : ''}`,
  cancelledBeforeStart: () => 'cancelled before the Athena query started',
  noQueryExecutionId: () => 'Athena started the query but returned no QueryExecutionId',
  startTimedOut: (d) => `Athena did not answer StartQueryExecution within ${d.seconds} s (--timeout)`,
  queryCancelled: (d) => `the Athena query ${d.queryExecutionId} was cancelled${said(d.detail)}`,
  queryDenied: (d) => `the Athena query ${d.queryExecutionId} failed: ${d.detail}. ${ATHENA_PERMISSIONS_HINT}`,
  queryFailed: (d) => `the Athena query ${d.queryExecutionId} failed: ${d.detail ?? 'Athena gave no reason'}${d.hint !== undefined ? QUERY_HINT[d.hint] : ''}`,
  cancelledRunning: (d) => `cancelled: the Athena query ${d.queryExecutionId} was ${d.state}; ${stopped(d.stopFailure)}`,
  queryTimedOut: (d) =>
    `the Athena query ${d.queryExecutionId} did not finish within ${d.seconds} s (still ${d.state}); ${stopped(d.stopFailure)}. Narrow the time range (--since/--until) or allow more time (--timeout)`,
  resultsTimedOut: (d) => `Athena did not return the results of ${d.queryExecutionId} within ${d.seconds} s (--timeout)`,
  cancelledFetching: (d) => `cancelled while fetching the results of the Athena query ${d.queryExecutionId}`,
};

/** Why the query gave no rows, in words. */
export function athenaFailureMessage(failure: AthenaFailureReason): string {
  return (TEMPLATES[failure.messageId] as (data: unknown) => string)(failure.data);
}
