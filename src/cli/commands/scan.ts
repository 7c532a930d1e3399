import { awsOptions } from '../aws.js';
import { defineCommand } from '../command.js';
import { EXIT } from '../io.js';

const ATHENA = 'In Amazon Athena';

export const scan = defineCommand({
  name: 'scan',
  synopsis: 'PATH ... | - | --athena',
  summary: 'find and explain every AccessDenied in CloudTrail',
  usage: [
    'PATH... [--action SERVICE:ACTION | --service SERVICE] [--principal ARN-OR-GLOB] [--since DATE] [--until DATE] [--scenario FILE] [--json | --jsonl | --csv | --format text|json|jsonl|csv|html] [--out FILE] [--quiet]',
    ['- < events.jsonl', 'a CloudTrail document or JSON lines on standard input'],
    '--athena --database DB --table TABLE [--workgroup WG] [--output-location s3://BUCKET/PREFIX/] [--since DATE --until DATE] [--action A | --service S] [--principal P] [--print-sql]',
  ],
  description: `Reads CloudTrail files and folders (any depth, e.g. AWSLogs/ as synced from the trail's S3 bucket):
.json.gz and .json trail files, single records, lookup-events output, JSON lines from Athena or
CloudTrail Lake; - reads standard input. Files that hold no CloudTrail are skipped (and counted). Finds
every AccessDenied, groups them by principal (the role, not the session), action, resource and cause,
and explains each group once: from what the logs say, or with --scenario, with those policies.`,
  args: { name: 'PATH', noun: 'file or folder', many: true },
  options: {
    action: { type: 'string', value: 'A', description: 'only this action (wildcards * and ? allowed), e.g. connect:StartChatContact' },
    service: { type: 'string', value: 'S', description: 'only this service, e.g. connect' },
    principal: { type: 'string', value: 'P', description: "only this role or user ARN (or session ARN); wildcards allowed: 'arn:aws:iam::*:role/Chat*'" },
    since: { type: 'string', value: 'DATE', description: 'only denials at or after DATE: 2026-11-01 (UTC) or 2026-11-01T08:00:00Z' },
    until: { type: 'string', value: 'DATE', description: 'only denials at or before DATE (a date includes that whole day)' },
    scenario: { type: 'string', value: 'FILE', description: 'explain with these policies (a scenario file; its request is ignored)' },
    json: {
      type: 'boolean',
      description: 'print { schemaVersion, files, events, denials, unreadable, skipped, groups } as JSON; each group with its explanation, fixes and proof status, event IDs and source files (schema/scan.schema.json in the package)',
    },
    jsonl: { type: 'boolean', description: 'print one group per line (JSON lines, each with schemaVersion)' },
    csv: { type: 'boolean', description: 'print the groups as CSV (RFC 4180)' },
    format: { type: 'string', choices: ['text', 'json', 'jsonl', 'csv', 'html'], description: 'the report format; html is a self-contained page with filters (use with --out)' },
    out: { type: 'string', value: 'FILE', description: 'write the report to FILE (atomically: never half-written)' },
    jobs: { type: 'integer', value: 'N', min: 1, max: 256, what: 'a number of threads (1 to 256)', description: 'worker threads (default: one per core, at most 4)' },
    quiet: { type: 'boolean', short: 'q', description: 'no progress bar (it only shows on a terminal)' },
    athena: { type: 'boolean', section: ATHENA, description: 'run the selection and grouping as SQL in Athena' },
    database: { type: 'string', value: 'DB', section: ATHENA, description: "the CloudTrail table's database" },
    table: { type: 'string', value: 'TABLE', section: ATHENA, description: 'the AWS-documented CloudTrail table' },
    workgroup: { type: 'string', value: 'WG', section: ATHENA, description: 'the Athena workgroup' },
    'output-location': { type: 'string', value: 's3://BUCKET/PREFIX/', section: ATHENA, description: "where Athena writes the results (default: the workgroup's)" },
    catalog: { type: 'string', value: 'CATALOG', section: ATHENA, description: 'the data catalog' },
    ...awsOptions(ATHENA),
    'partition-column': { type: 'string', value: 'COLUMN', section: ATHENA, description: 'the date partition column (default: timestamp)' },
    'partition-format': { type: 'string', choices: ['yyyy/MM/dd', 'yyyy-MM-dd', 'yyyyMMdd'], section: ATHENA, description: "the partition column's date format (default: yyyy/MM/dd)" },
    'no-partition-pruning': { type: 'boolean', section: ATHENA, description: 'the table has no date partition' },
    limit: { type: 'integer', value: 'N', what: 'a number', section: ATHENA, description: 'at most N grouped rows (default: 1000)' },
    timeout: { type: 'integer', value: 'SECONDS', what: 'a number of seconds', section: ATHENA, description: 'give up on the query after this long' },
    'print-sql': { type: 'boolean', section: ATHENA, description: 'print the query and stop, without calling AWS' },
  },
  sections: {
    [ATHENA]: `For organization-scale trails: the selection and grouping run as SQL; whydenied explains the
grouped rows locally. The time range prunes the table's date partition. With --athena, "events" counts
the denials the query returned (Athena does not send the rest).`,
  },
  exits: [
    { code: EXIT.ok, meaning: 'no denials found (all input read)' },
    { code: EXIT.badInput, meaning: 'bad usage or input (no paths, a bad date, a bad scenario, the report cannot be written)' },
    { code: EXIT.denied, meaning: 'denials found (all input read)' },
    { code: EXIT.unreadable, meaning: 'some input could not be read (listed under "unreadable"); what was read is reported' },
  ],
});
