/**
 * The denial query for Athena (src/scan/athena-sql.ts): the whole text for the default and a full set of
 * options, the filters each option adds, and injection attempts. "No injection" is checked structurally: the
 * query with a hostile value must have the same skeleton (everything outside string literals) as the query
 * with a harmless one, and the literal must read back as the value given.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { athenaQueryProblemMessage, buildDenialQuery, InvalidAthenaQueryError } from '../src/index.js';
import { DEFAULT_RESOURCE_PARAMETERS, globToLike, sqlString, tryBuildDenialQuery, type AthenaQueryProblemId, type DenialQueryOptions } from '../src/scan/athena-sql.js';

const BASE = { database: 'cloudtrail', table: 'cloudtrail_logs_pp' } as const;

const SERVICE =
  "CASE split_part(eventsource, '.amazonaws.com', 1) WHEN 'monitoring' THEN 'cloudwatch' WHEN 'email' THEN 'ses' WHEN 'tagging' THEN 'tag' " +
  "WHEN 'streams.dynamodb' THEN 'dynamodb' WHEN 'runtime.sagemaker' THEN 'sagemaker' WHEN 'runtime.lex' THEN 'lex' WHEN 'data.iot' THEN 'iot' " +
  "WHEN 'api.pricing' THEN 'pricing' WHEN 'api.mediatailor' THEN 'mediatailor' ELSE split_part(eventsource, '.amazonaws.com', 1) END";

const DENIED =
  "(errorcode IN ('AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Client.UnauthorizedOperation', 'AuthorizationError', " +
  "'AuthorizationErrorException', 'NotAuthorized', 'AccessForbidden', 'InsufficientPermissionsException') OR errorcode LIKE '%AccessDenied%' " +
  "OR errorcode LIKE 'Unauthorized%' OR (errorcode IS NOT NULL AND lower(errormessage) LIKE '%not authorized to perform%'))";

const MINIMAL = `WITH denials AS (
  SELECT
    COALESCE(NULLIF(useridentity.sessioncontext.sessionissuer.arn, ''), NULLIF(useridentity.arn, ''), NULLIF(useridentity.invokedby, '')) AS principal,
    ${SERVICE} AS service,
    eventsource,
    eventname,
    errorcode,
    errormessage,
    eventtime,
    awsregion,
    recipientaccountid,
    requestparameters,
    useridentity.arn AS session_arn,
    useridentity.type AS identity_type,
    useridentity.accountid AS identity_account,
    sourceipaddress,
    vpcendpointid,
    json_extract_scalar(requestparameters, '$.InstanceId') AS rp_instanceid,
    json_extract_scalar(requestparameters, '$.ContactFlowId') AS rp_contactflowid
  FROM "cloudtrail"."cloudtrail_logs_pp"
  WHERE ${DENIED}
)
SELECT
  principal,
  concat(service, ':', eventname) AS action,
  eventsource AS event_source,
  eventname AS event_name,
  errorcode AS error_code,
  awsregion AS aws_region,
  recipientaccountid AS account_id,
  rp_instanceid,
  rp_contactflowid,
  count(*) AS event_count,
  min(eventtime) AS first_seen,
  max(eventtime) AS last_seen,
  max_by(errormessage, eventtime) AS error_message,
  max_by(requestparameters, eventtime) AS request_parameters,
  max_by(session_arn, eventtime) AS session_arn,
  max_by(identity_type, eventtime) AS identity_type,
  max_by(identity_account, eventtime) AS identity_account,
  max_by(sourceipaddress, eventtime) AS source_ip,
  max_by(vpcendpointid, eventtime) AS vpc_endpoint_id
FROM denials
GROUP BY principal, service, eventsource, eventname, errorcode, awsregion, recipientaccountid, rp_instanceid, rp_contactflowid
ORDER BY event_count DESC, last_seen DESC, principal, action
LIMIT 1000`;

/** The scan predicates (inside the CTE) and the group filters (the outer WHERE) of a query. */
function filters(sql: string): { scan: string[]; keep: string[] } {
  const scanText = /\n {2}WHERE ([\s\S]*?)\n\)\n/.exec(sql)?.[1] ?? '';
  const scan = scanText.split('\n    AND ').filter((p) => p !== DENIED);
  const keepText = /\nFROM denials\nWHERE ([\s\S]*?)\nGROUP BY /.exec(sql)?.[1];
  const keep = keepText === undefined ? [] : keepText.split('\n  AND ');
  return { scan, keep };
}

interface Token {
  readonly kind: 'string' | 'identifier' | 'other';
  readonly text: string;
}

/**
 * SQL as Trino reads it: string literals ('' is a quote inside), double-quoted identifiers ("" is a quote
 * inside), everything else. Returns undefined for an unterminated literal or identifier.
 */
function tokenize(sql: string): Token[] | undefined {
  const tokens: Token[] = [];
  let other = '';
  for (let i = 0; i < sql.length; ) {
    const quote = sql[i];
    if (quote !== "'" && quote !== '"') {
      other += sql[i++];
      continue;
    }
    if (other) tokens.push({ kind: 'other', text: other });
    other = '';
    let value = '';
    let j = i + 1;
    for (;;) {
      if (j >= sql.length) return undefined;
      if (sql[j] === quote) {
        if (sql[j + 1] === quote) {
          value += quote;
          j += 2;
          continue;
        }
        break;
      }
      value += sql[j++];
    }
    tokens.push({ kind: quote === "'" ? 'string' : 'identifier', text: value });
    i = j + 1;
  }
  if (other) tokens.push({ kind: 'other', text: other });
  return tokens;
}

/** Everything outside string literals, with each literal as `?`. */
function skeleton(sql: string): string {
  const tokens = tokenize(sql);
  expect(tokens, 'every literal and identifier is closed').toBeDefined();
  return tokens!.map((t) => (t.kind === 'string' ? '?' : t.kind === 'identifier' ? `"${t.text}"` : t.text)).join('');
}

function literals(sql: string): string[] {
  return (tokenize(sql) ?? []).filter((t) => t.kind === 'string').map((t) => t.text);
}

/** Reads a LIKE pattern with escape `!` back into a glob. */
function likeToGlob(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '!') out += pattern[++i] ?? '';
    else if (ch === '%') out += '*';
    else if (ch === '_') out += '?';
    else out += ch;
  }
  return out;
}

describe('buildDenialQuery: whole text', () => {
  it('with only the table: denials, grouped, most frequent first', () => {
    expect(buildDenialQuery({ ...BASE, resourceParameters: ['InstanceId', 'ContactFlowId'] })).toBe(MINIMAL);
  });

  it('with every option', () => {
    const sql = buildDenialQuery({
      database: 'security_lake',
      table: 'org_trail',
      since: '2024-05-01',
      until: '2024-05-31',
      actions: ['connect:StartChatContact', 'connect:Describe*'],
      services: ['connect'],
      principals: ['arn:aws:iam::111122223333:role/ChatStarter', 'arn:aws:sts::111122223333:assumed-role/Agent_*'],
      partitionColumn: 'dt',
      partitionFormat: 'yyyy-MM-dd',
      resourceParameters: ['InstanceId'],
      limit: 25,
    });
    const expected = MINIMAL.replace('"cloudtrail"."cloudtrail_logs_pp"', '"security_lake"."org_trail"')
      .replace(
        `  WHERE ${DENIED}`,
        [
          `  WHERE "dt" >= '2024-05-01'`,
          `    AND "dt" <= '2024-06-01'`,
          `    AND eventtime >= '2024-05-01T00:00:00Z'`,
          `    AND eventtime < '2024-06-01T00:00:00Z'`,
          `    AND ${DENIED}`,
        ].join('\n'),
      )
      .replace(",\n    json_extract_scalar(requestparameters, '$.ContactFlowId') AS rp_contactflowid", '')
      .replace('  rp_contactflowid,\n', '')
      .replace(', rp_contactflowid\n', '\n')
      .replace(
        'FROM denials\n',
        [
          'FROM denials',
          "WHERE (lower(concat(service, ':', eventname)) = 'connect:startchatcontact' OR lower(concat(service, ':', eventname)) LIKE 'connect:describe%' ESCAPE '!')",
          "  AND lower(service) = 'connect'",
          "  AND (principal = 'arn:aws:iam::111122223333:role/ChatStarter' OR session_arn = 'arn:aws:iam::111122223333:role/ChatStarter'" +
            " OR principal LIKE 'arn:aws:sts::111122223333:assumed-role/Agent!_%' ESCAPE '!' OR session_arn LIKE 'arn:aws:sts::111122223333:assumed-role/Agent!_%' ESCAPE '!')",
          '',
        ].join('\n'),
      )
      .replace('LIMIT 1000', 'LIMIT 25');
    expect(sql).toBe(expected);
  });

  it('the default resource parameters become rp_ columns, grouped', () => {
    const sql = buildDenialQuery(BASE);
    const groupBy = sql.split('\n').find((line) => line.startsWith('GROUP BY '))!.slice('GROUP BY '.length).split(', ');
    for (const p of DEFAULT_RESOURCE_PARAMETERS) {
      expect(sql).toContain(`json_extract_scalar(requestparameters, '$.${p}') AS rp_${p.toLowerCase()}`);
      expect(groupBy).toContain(`rp_${p.toLowerCase()}`);
    }
  });

  it('is deterministic', () => {
    const options: DenialQueryOptions = { ...BASE, since: '2024-05-01T08:00:00Z', actions: ['s3:GetObject'], principals: ['arn:aws:iam::1:user/a*'] };
    expect(buildDenialQuery(options)).toBe(buildDenialQuery({ ...options }));
    expect(tryBuildDenialQuery(options)).toEqual({ ok: true, sql: buildDenialQuery(options) });
  });
});

describe('buildDenialQuery: the filters of each option', () => {
  const ACTION = "lower(concat(service, ':', eventname))";
  const cases: { name: string; options: Partial<DenialQueryOptions>; scan: string[]; keep: string[]; limit?: number }[] = [
    { name: 'no options: every denial', options: {}, scan: [], keep: [] },
    {
      name: 'since (date): UTC midnight; the partition of that day',
      options: { since: '2024-05-01' },
      scan: [`"timestamp" >= '2024/05/01'`, `eventtime >= '2024-05-01T00:00:00Z'`],
      keep: [],
    },
    {
      name: 'until (date): the whole day; the next day partition too (late delivery)',
      options: { until: '2024-05-31' },
      scan: [`"timestamp" <= '2024/06/01'`, `eventtime < '2024-06-01T00:00:00Z'`],
      keep: [],
    },
    {
      name: 'until (date-time): up to that second included',
      options: { until: '2024-05-31T10:15:30Z' },
      scan: [`"timestamp" <= '2024/06/01'`, `eventtime < '2024-05-31T10:15:31Z'`],
      keep: [],
    },
    {
      name: 'until at the last second of a day',
      options: { until: '2024-05-31T23:59:59Z' },
      scan: [`"timestamp" <= '2024/06/01'`, `eventtime < '2024-06-01T00:00:00Z'`],
      keep: [],
    },
    {
      name: 'a date-time with an offset is read in UTC',
      options: { since: '2024-05-01T02:00:00+03:00', until: '2024-05-01T23:30:00-02:00' },
      scan: [`"timestamp" >= '2024/04/30'`, `"timestamp" <= '2024/05/03'`, `eventtime >= '2024-04-30T23:00:00Z'`, `eventtime < '2024-05-02T01:30:01Z'`],
      keep: [],
    },
    {
      name: 'a date-time without an offset is UTC; fractions of a second dropped',
      options: { since: '2024-05-01T08:00:00.750' },
      scan: [`"timestamp" >= '2024/05/01'`, `eventtime >= '2024-05-01T08:00:00Z'`],
      keep: [],
    },
    {
      name: 'a Date',
      options: { since: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 600)) },
      scan: [`"timestamp" >= '2024/01/02'`, `eventtime >= '2024-01-02T03:04:05Z'`],
      keep: [],
    },
    {
      name: 'another partition column and format',
      options: { since: '2024-05-01', until: '2024-05-02', partitionColumn: 'dt', partitionFormat: 'yyyyMMdd' },
      scan: [`"dt" >= '20240501'`, `"dt" <= '20240503'`, `eventtime >= '2024-05-01T00:00:00Z'`, `eventtime < '2024-05-03T00:00:00Z'`],
      keep: [],
    },
    {
      name: 'no partition column: no pruning',
      options: { since: '2024-05-01', until: '2024-05-02', partitionColumn: null },
      scan: [`eventtime >= '2024-05-01T00:00:00Z'`, `eventtime < '2024-05-03T00:00:00Z'`],
      keep: [],
    },
    {
      name: 'one action: case-insensitive equality',
      options: { actions: ['connect:StartChatContact'] },
      scan: [],
      keep: [`${ACTION} = 'connect:startchatcontact'`],
    },
    {
      name: 'an action glob: LIKE, with IAM ? as _',
      options: { actions: ['connect:Start?hat*'] },
      scan: [],
      keep: [`${ACTION} LIKE 'connect:start_hat%' ESCAPE '!'`],
    },
    {
      name: 'several actions: any of them',
      options: { actions: ['s3:GetObject', 'kms:Decrypt'] },
      scan: [],
      keep: [`(${ACTION} = 's3:getobject' OR ${ACTION} = 'kms:decrypt')`],
    },
    { name: 'a service', options: { services: ['Connect'] }, scan: [], keep: [`lower(service) = 'connect'`] },
    { name: 'a service glob', options: { services: ['cloud*'] }, scan: [], keep: [`lower(service) LIKE 'cloud%' ESCAPE '!'`] },
    {
      name: 'a principal ARN: the grouped principal or the session ARN, case kept',
      options: { principals: ['arn:aws:iam::111122223333:role/ChatStarter'] },
      scan: [],
      keep: [`(principal = 'arn:aws:iam::111122223333:role/ChatStarter' OR session_arn = 'arn:aws:iam::111122223333:role/ChatStarter')`],
    },
    {
      name: 'a principal glob: _ and % in the ARN are escaped',
      options: { principals: ['arn:aws:iam::*:role/svc_%*'] },
      scan: [],
      keep: [`(principal LIKE 'arn:aws:iam::%:role/svc!_!%%' ESCAPE '!' OR session_arn LIKE 'arn:aws:iam::%:role/svc!_!%%' ESCAPE '!')`],
    },
    {
      name: 'action, service and principal together: all of them',
      options: { actions: ['connect:*'], services: ['connect'], principals: ['arn:aws:iam::1:user/x'], since: '2024-05-01' },
      scan: [`"timestamp" >= '2024/05/01'`, `eventtime >= '2024-05-01T00:00:00Z'`],
      keep: [`${ACTION} LIKE 'connect:%' ESCAPE '!'`, `lower(service) = 'connect'`, `(principal = 'arn:aws:iam::1:user/x' OR session_arn = 'arn:aws:iam::1:user/x')`],
    },
    { name: 'a limit', options: { limit: 5 }, scan: [], keep: [], limit: 5 },
  ];

  it.each(cases)('$name', ({ options, scan, keep, limit }) => {
    const sql = buildDenialQuery({ ...BASE, ...options });
    expect(filters(sql)).toEqual({ scan, keep });
    expect(sql.endsWith(`\nLIMIT ${limit ?? 1000}`)).toBe(true);
    expect(sql).toContain(DENIED);
  });

  it('custom resource parameters', () => {
    const sql = buildDenialQuery({ ...BASE, resourceParameters: ['UserId', 'routing_profile'] });
    expect(sql).toContain("json_extract_scalar(requestparameters, '$.UserId') AS rp_userid,\n    json_extract_scalar(requestparameters, '$.routing_profile') AS rp_routing_profile\n");
    expect(sql).toContain('GROUP BY principal, service, eventsource, eventname, errorcode, awsregion, recipientaccountid, rp_userid, rp_routing_profile\n');
    expect(buildDenialQuery({ ...BASE, resourceParameters: [] })).toContain('GROUP BY principal, service, eventsource, eventname, errorcode, awsregion, recipientaccountid\n');
  });
});

describe('buildDenialQuery: bad options are reported, all at once', () => {
  const bad: { name: string; id: AthenaQueryProblemId; options: Record<string, unknown>; problem: string }[] = [
    { name: 'no database', id: 'required', options: { table: 't' }, problem: 'the database is required' },
    { name: 'no table', id: 'required', options: { database: 'd', table: '' }, problem: 'the table is required' },
    { name: 'a quote in the database', id: 'invalidName', options: { database: 'cloudtrail"; DROP TABLE x; --', table: 't' }, problem: 'the database "cloudtrail\\"; DROP TABLE x; --" is not a valid name: use letters, digits, _ and - only' },
    { name: 'a dot in the table', id: 'invalidName', options: { database: 'd', table: 'other.t' }, problem: 'the table "other.t" is not a valid name' },
    { name: 'a space in the partition column', id: 'invalidName', options: { ...BASE, partitionColumn: 'timestamp" OR 1=1 --' }, problem: 'the partition column "timestamp\\" OR 1=1 --" is not a valid name' },
    { name: 'a partition column starting with a digit', id: 'invalidName', options: { ...BASE, partitionColumn: '1dt' }, problem: 'the partition column "1dt" is not a valid name' },
    { name: 'an unknown partition format', id: 'invalidPartitionFormat', options: { ...BASE, partitionFormat: 'dd/MM/yyyy' }, problem: 'the partition format "dd/MM/yyyy" is not one of yyyy/MM/dd, yyyy-MM-dd, yyyyMMdd' },
    { name: 'a since that is not a date', id: 'invalidInstant', options: { ...BASE, since: "2024-05-01' OR '1'='1" }, problem: 'since "2024-05-01\' OR \'1\'=\'1" is not an ISO 8601 date' },
    { name: 'a day that does not exist', id: 'invalidInstant', options: { ...BASE, until: '2023-02-29' }, problem: 'until "2023-02-29" is not an ISO 8601 date' },
    { name: 'an invalid Date', id: 'invalidInstant', options: { ...BASE, since: new Date(Number.NaN) }, problem: 'since "Invalid Date" is not an ISO 8601 date' },
    { name: 'since after until', id: 'emptyTimeRange', options: { ...BASE, since: '2024-06-01', until: '2024-05-01' }, problem: 'since (2024-06-01T00:00:00Z) is not before until (2024-05-01T23:59:59Z)' },
    { name: 'an action without a service', id: 'invalidAction', options: { ...BASE, actions: ['StartChatContact'] }, problem: 'the action "StartChatContact" is not service:Action' },
    { name: 'an action with a quote', id: 'invalidAction', options: { ...BASE, actions: ["connect:Start'; DROP TABLE x; --"] }, problem: 'is not service:Action' },
    { name: 'a service with a quote', id: 'invalidService', options: { ...BASE, services: ["connect' OR 1=1 --"] }, problem: 'is not an IAM service prefix' },
    { name: 'actions not a list', id: 'notAList', options: { ...BASE, actions: 'connect:StartChatContact' }, problem: 'actions must be a list of strings' },
    { name: 'an empty principal', id: 'blankItem', options: { ...BASE, principals: [' '] }, problem: 'principals: " " is not a non-empty string' },
    { name: 'a principal with a line break', id: 'invalidPrincipal', options: { ...BASE, principals: ['arn:aws:iam::1:user/a\n--'] }, problem: 'is not an ARN or ARN glob' },
    { name: 'a resource parameter that is not a field name', id: 'invalidResourceParameter', options: { ...BASE, resourceParameters: ["InstanceId') OR 1=1 --"] }, problem: 'is not a field name' },
    { name: 'a resource parameter twice', id: 'duplicateResourceParameter', options: { ...BASE, resourceParameters: ['InstanceId', 'instanceid'] }, problem: 'the request parameter "instanceid" is given twice' },
    { name: 'a limit of 0', id: 'invalidLimit', options: { ...BASE, limit: 0 }, problem: 'the limit 0 is not a whole number from 1 to 1000000' },
    { name: 'a fractional limit', id: 'invalidLimit', options: { ...BASE, limit: 1.5 }, problem: 'the limit 1.5 is not a whole number' },
    { name: 'a limit as text', id: 'invalidLimit', options: { ...BASE, limit: '10; DROP' }, problem: 'the limit "10; DROP" is not a whole number' },
  ];

  it.each(bad)('$name', ({ id, options, problem }) => {
    const result = tryBuildDenialQuery(options as unknown as DenialQueryOptions);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const words = result.problems.map(athenaQueryProblemMessage);
    expect(words.some((w) => w.includes(problem)), words.join('\n')).toBe(true);
    expect(result.problems.map((p) => p.messageId)).toContain(id);
    expect(() => buildDenialQuery(options as unknown as DenialQueryOptions)).toThrow(problem);
    expect(() => buildDenialQuery(options as unknown as DenialQueryOptions)).toThrow(InvalidAthenaQueryError);
  });

  it('the table has a case for every message id', () => {
    // A new id does not compile until it is listed here, and fails until the table has a case for it.
    const ids: Record<AthenaQueryProblemId, true> = {
      required: true, invalidName: true, invalidPartitionFormat: true, invalidInstant: true, emptyTimeRange: true, notAList: true, blankItem: true,
      invalidAction: true, invalidService: true, invalidPrincipal: true, invalidResourceParameter: true, duplicateResourceParameter: true, invalidLimit: true,
    };
    expect(new Set(bad.map((b) => b.id))).toEqual(new Set(Object.keys(ids)));
  });

  it('every problem in one message', () => {
    let thrown: unknown;
    try {
      buildDenialQuery({ database: 'a b', table: 't;', since: 'yesterday', limit: -1 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InvalidAthenaQueryError);
    const error = thrown as InvalidAthenaQueryError;
    expect(error.problems).toEqual([
      { messageId: 'invalidName', data: { option: 'database', value: 'a b' } },
      { messageId: 'invalidName', data: { option: 'table', value: 't;' } },
      { messageId: 'invalidInstant', data: { option: 'since', value: 'yesterday' } },
      { messageId: 'invalidLimit', data: { value: -1, max: 1_000_000 } },
    ]);
    expect(error.message).toBe(
      'invalid Athena query options: the database "a b" is not a valid name: use letters, digits, _ and - only; the table "t;" is not a valid name: use letters, digits, _ and - only; ' +
        'since "yesterday" is not an ISO 8601 date (2024-05-01) or date-time (2024-05-01T12:00:00Z); the limit -1 is not a whole number from 1 to 1000000',
    );
  });

  it('values JSON cannot hold are shown, not thrown over', () => {
    expect(() => buildDenialQuery({ ...BASE, limit: 10n } as unknown as DenialQueryOptions)).toThrow('invalid Athena query options: the limit 10n is not a whole number from 1 to 1000000');
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(() => buildDenialQuery({ ...BASE, since: cycle } as unknown as DenialQueryOptions)).toThrow('invalid Athena query options: since [object Object] is not an ISO 8601 date');
  });

  it('hyphenated Glue database names are allowed (double-quoted)', () => {
    expect(buildDenialQuery({ database: 'aws-cloudtrail-logs', table: 'trail_2024' })).toContain('FROM "aws-cloudtrail-logs"."trail_2024"\n');
  });
});

describe('buildDenialQuery: injection', () => {
  const harmless = 'arn:aws:iam::111122223333:role/Harmless';
  const shapeOf = (principal: string) => skeleton(buildDenialQuery({ ...BASE, principals: [principal] }));

  const hostile = [
    "arn:aws:iam::1:role/x' OR '1'='1",
    "x'; DROP TABLE cloudtrail_logs_pp; --",
    "x'' OR ''='",
    "arn:aws:iam::1:role/x\\' OR 1=1 --",
    'arn:aws:iam::1:role/x" OR "1"="1',
    "x' /* comment",
    "x') UNION SELECT * FROM secrets --",
    'arn:aws:iam::1:role/\u2019 OR 1=1',
  ];

  it.each(hostile.filter((v) => !v.includes('*')))('a principal %j stays one literal', (value) => {
    const sql = buildDenialQuery({ ...BASE, principals: [value] });
    expect(skeleton(sql)).toBe(shapeOf(harmless));
    expect(literals(sql)).toContain(value);
  });

  it.each(hostile.map((v) => `${v}*`))('a principal glob %j stays one LIKE pattern', (value) => {
    const sql = buildDenialQuery({ ...BASE, principals: [value] });
    expect(skeleton(sql)).toBe(shapeOf(`${harmless}*`));
    expect(literals(sql).filter((l) => l !== '!').map(likeToGlob)).toContain(value);
  });

  it('sqlString doubles single quotes only', () => {
    expect(sqlString("it's")).toBe("'it''s'");
    expect(sqlString("''")).toBe("''''''");
    expect(sqlString('back\\slash "quoted"')).toBe(`'back\\slash "quoted"'`);
  });

  it('globToLike escapes LIKE metacharacters and the escape character', () => {
    expect(globToLike('a*b?c%d_e!f\\g')).toBe('a%b_c!%d!_e!!f\\g');
    expect(likeToGlob(globToLike('a*b?c%d_e!f'))).toBe('a*b?c%d_e!f');
  });

  it('any principal text: the skeleton does not change and the value reads back (property)', () => {
    const glob = `${harmless}*`;
    const plainShape = shapeOf(harmless);
    const globShape = shapeOf(glob);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("'", '"', '\\', '%', '_', '!', '*', '?', ';', '-', '/', ' ', 'a', 'Z', '1', ':', '\u2019', '\u00e9') }), (tail) => {
        const value = `arn:aws:iam::1:role/${tail}`.trim();
        const result = tryBuildDenialQuery({ ...BASE, principals: [value] });
        if (!result.ok) return;
        const isGlob = value.includes('*') || value.includes('?');
        expect(skeleton(result.sql)).toBe(isGlob ? globShape : plainShape);
        const values = literals(result.sql).filter((l) => l !== '!');
        expect(isGlob ? values.map(likeToGlob) : values).toContain(value);
      }),
      { numRuns: 500 },
    );
  });
});
