/**
 * The words of options that cannot become the `scan --athena` query (src/scan/athena-sql.ts,
 * AthenaQueryProblemMessages): one template per message id, exhaustive (a missing or unknown id does not
 * compile). Lowercase, one clause each: the message joins them after `invalid Athena query options: `.
 */
import type { AthenaQueryProblem, AthenaQueryProblemId, AthenaQueryProblemMessages } from '../scan/athena-sql.js';

type NameOption = AthenaQueryProblemMessages['required']['option'];

const NAME: Readonly<Record<NameOption, string>> = { database: 'the database', table: 'the table', partitionColumn: 'the partition column' };

const NAME_RULE: Readonly<Record<NameOption, string>> = {
  database: 'use letters, digits, _ and - only',
  table: 'use letters, digits, _ and - only',
  partitionColumn: 'use letters, digits and _ only, not starting with a digit',
};

/** A value as given, as JSON (long text cut at 80 characters); what JSON cannot hold (10n, a cycle) as JavaScript shows it. */
function given(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(typeof value === 'string' && value.length > 80 ? `${value.slice(0, 80)}…` : value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

const GLOBS = '(globs * and ? allowed)';

type Templates = { readonly [K in AthenaQueryProblemId]: (data: AthenaQueryProblemMessages[K]) => string };

const TEMPLATES: Templates = {
  required: (d) => `${NAME[d.option]} is required`,
  invalidName: (d) => `${NAME[d.option]} ${given(d.value)} is not a valid name: ${NAME_RULE[d.option]}`,
  invalidPartitionFormat: (d) => `the partition format ${given(d.value)} is not one of ${d.allowed.join(', ')}`,
  invalidInstant: (d) => `${d.option} ${given(d.value instanceof Date ? 'Invalid Date' : d.value)} is not an ISO 8601 date (2024-05-01) or date-time (2024-05-01T12:00:00Z)`,
  emptyTimeRange: (d) => `since (${d.since}) is not before until (${d.until})`,
  notAList: (d) => `${d.option} must be a list of strings`,
  blankItem: (d) => `${d.option}: ${given(d.value)} is not a non-empty string`,
  invalidAction: (d) => `the action ${given(d.value)} is not service:Action ${GLOBS}`,
  invalidService: (d) => `the service ${given(d.value)} is not an IAM service prefix such as connect ${GLOBS}`,
  invalidPrincipal: (d) => `the principal ${given(d.value)} is not an ARN or ARN glob`,
  invalidResourceParameter: (d) => `the request parameter ${given(d.value)} is not a field name (a letter, then letters, digits and _)`,
  duplicateResourceParameter: (d) => `the request parameter ${given(d.value)} is given twice (names are compared case-insensitively)`,
  invalidLimit: (d) => `the limit ${given(d.value)} is not a whole number from 1 to ${d.max}`,
};

/** One problem in words. */
export function athenaQueryProblemMessage(problem: AthenaQueryProblem): string {
  return (TEMPLATES[problem.messageId] as (data: unknown) => string)(problem.data);
}

/** Every problem in one line: `invalid Athena query options: ...; ...` (the CLI prints it after `whydenied: `). */
export function athenaQueryOptionsMessage(problems: readonly AthenaQueryProblem[]): string {
  return `invalid Athena query options: ${problems.map(athenaQueryProblemMessage).join('; ')}`;
}
