/** `whydenied scan PATH...`: every AccessDenied in local CloudTrail files, grouped, each group explained once. */
import { locatePointer, readDocumentFile } from '../input/document-file.js';
import { renderScanCsv } from '../render/scan-csv.js';
import { renderScanHtml } from '../render/scan-html.js';
import { scanJson, scanJsonLines } from '../render/scan-json.js';
import { athenaQueryOptionsMessage } from '../render/athena-query.js';
import { problemText, renderScanText, wroteReport } from '../render/scan-text.js';
import { renderProblem } from '../render/simulation.js';
import { plain } from '../render/style.js';
import { compileScenario } from '../scenario/compile.js';
import { POLICY_SLOT_FIELDS } from '../scenario/from-policies.js';
import { parseTimeBound } from '../scan/filters.js';
import { scan, type ScanFilters, type ScanReport } from '../scan/index.js';
import { ProgressBar } from '../render/scan-progress.js';
import { athenaReport } from '../scan/athena-scan.js';
import { tryBuildDenialQuery } from '../scan/athena-sql.js';
import { clientOptionsOf } from './aws.js';
import type { CommandInput } from './command.js';
import type { scan as scanCommand } from './commands/scan.js';
import { EXIT, type Step, usageError, type Io } from './io.js';
import { outPathProblem, writeFailure, writeFileAtomically } from './write-file.js';
import { own } from '../own.js';
import { inputProblemLine } from '../render/input-problems.js';


type Values = CommandInput<typeof scanCommand.options>['values'];
type Format = NonNullable<Values['format']>;

/** --json, --jsonl and --csv are short for --format json, jsonl and csv. */
function chooseFormat(io: Io, values: Values): Step<Format> {
  const chosen = [values.json && 'json', values.jsonl && 'jsonl', values.csv && 'csv', values.format].filter((f): f is Format => typeof f === 'string');
  if (new Set(chosen).size > 1) return { ok: false, code: usageError(io, `give one output format, not ${chosen.map((f) => `\`${f}\``).join(' and ')}`) };
  return { ok: true, value: chosen[0] ?? 'text' };
}

function checkFilters(io: Io, values: Values): Step<ScanFilters> {
  const fail = (message: string, hint?: string): Step<ScanFilters> => ({ ok: false, code: usageError(io, message, hint) });
  const { action, service, principal } = values;
  if (action !== undefined && service !== undefined) return fail('give --action or --service, not both');
  if (action !== undefined && !/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(action)) return fail(`\`--action ${action}\` is not SERVICE:ACTION`, 'e.g. --action connect:StartChatContact');
  if (service !== undefined && !/^[A-Za-z0-9-]+$/.test(service)) return fail(`\`--service ${service}\` is not a service prefix`, 'e.g. --service connect');
  if (principal !== undefined && principal.trim() === '') return fail('`--principal` is empty', "e.g. --principal 'arn:aws:iam::111122223333:role/ChatBackend'");
  const bounds: { since?: number; until?: number } = {};
  for (const bound of ['since', 'until'] as const) {
    const text = values[bound];
    if (text === undefined) continue;
    const ms = parseTimeBound(text, bound);
    if (ms === undefined) return fail(`\`--${bound} ${text}\` is not a date`, 'use YYYY-MM-DD (UTC) or an ISO 8601 time such as 2026-11-01T08:00:00Z');
    bounds[bound] = ms;
  }
  if (bounds.since !== undefined && bounds.until !== undefined && bounds.since > bounds.until) return fail(`--since ${values['since']} is after --until ${values['until']}`);
  return {
    ok: true,
    value: { ...(action !== undefined && { action }), ...(service !== undefined && { service }), ...(principal !== undefined && { principal }), ...bounds },
  };
}

/** Any valid request: the scenario's policies are checked before the (long) scan, not after. */
const PROBE_REQUEST = { principal: 'arn:aws:iam::111122223333:user/whydenied-scan', action: 'sts:GetCallerIdentity', resource: '*' };

async function loadScenario(io: Io, path: string): Promise<Step<Record<string, unknown>>> {
  const read = await readDocumentFile(path);
  if (!read.ok) {
    io.err(`whydenied: ${inputProblemLine(read.problem)}\n`);
    return { ok: false, code: EXIT.badInput };
  }
  const value = read.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !POLICY_SLOT_FIELDS.some((f) => own(value as Record<string, unknown>, f) !== undefined)) {
    io.err(`whydenied: ${path}: a scenario for scan must be an object with policies (${POLICY_SLOT_FIELDS.join(', ')})\n`);
    return { ok: false, code: EXIT.badInput };
  }
  const { request: _ignored, ...policies } = value as Record<string, unknown>;
  const compiled = compileScenario({ ...policies, request: PROBE_REQUEST });
  if (!compiled.ok) {
    const errors = compiled.problems.filter((p) => p.severity === 'error');
    io.err(`whydenied: ${path}: ${errors.length === 1 ? 'a problem' : `${errors.length} problems`} in the scenario; nothing was scanned\n`);
    for (const p of errors) io.err(`  ${renderProblem(p, path, await locatePointer(read.text, p.pointer))}\n`);
    return { ok: false, code: EXIT.badInput };
  }
  return { ok: true, value: policies };
}

/** Io, with stderr's terminal facts when the caller has them (the progress bar needs a terminal). */
export type ScanIo = Io & { readonly stderr?: { readonly isTTY?: boolean; readonly columns?: number } };

export async function run({ values, args, style }: CommandInput<typeof scanCommand.options>, io: ScanIo): Promise<number> {
  if (values.athena && args.length > 0) return usageError(io, 'give files and folders, or --athena, not both');
  if (!values.athena && args.length === 0) return usageError(io, 'scan needs at least one file or folder (or --athena)', 'e.g. `whydenied scan ./AWSLogs/`');
  const format = chooseFormat(io, values);
  if (!format.ok) return format.code;
  const filters = checkFilters(io, values);
  if (!filters.ok) return filters.code;
  let athenaSql: string | undefined;
  if (values.athena) {
    const built = athenaQuery(io, values);
    if (!built.ok) return built.code;
    athenaSql = built.value;
    if (values['print-sql']) {
      io.out(`${athenaSql}\n`);
      return EXIT.ok;
    }
  }
  const workers = values.jobs;
  const out = values.out;
  if (out !== undefined) {
    const problem = await outPathProblem(out);
    if (problem !== undefined) return usageError(io, `cannot write the report to ${out}: ${problem}`);
  }
  let scenario: Record<string, unknown> | undefined;
  if (values.scenario !== undefined) {
    const loaded = await loadScenario(io, values.scenario);
    if (!loaded.ok) return loaded.code;
    scenario = loaded.value;
  }

  const stderr = io.stderr ?? process.stderr;
  const bar = stderr.isTTY && !values.quiet ? new ProgressBar({ write: (s) => io.err(s), ...(stderr.columns !== undefined && { columns: stderr.columns }) }) : undefined;
  let report: ScanReport;
  if (athenaSql !== undefined) {
    bar?.stop();
    const fromAthena = await runAthena(io, athenaSql, values, scenario);
    if (!fromAthena.ok) return fromAthena.code;
    report = fromAthena.value;
  } else {
    try {
      report = await scan(args, // `-` is standard input: scan() reads it
         { filters: filters.value, ...(scenario && { scenario }), ...(workers !== undefined && { workers }), ...(bar && { listener: bar }) });
    } finally {
      bar?.stop();
    }
  }

  let text: string;
  switch (format.value) {
    case 'json':
      text = `${JSON.stringify(scanJson(report), null, 2)}\n`;
      break;
    case 'jsonl':
      // On stdout, line by line as each is made; a file is written whole.
      if (out === undefined) {
        for (const line of scanJsonLines(report)) io.out(line);
        text = '';
      } else text = [...scanJsonLines(report)].join('');
      break;
    case 'csv':
      text = renderScanCsv(report);
      break;
    case 'html':
      text = renderScanHtml(report);
      break;
    default:
      text = renderScanText(report, out === undefined ? style : plain);
  }
  // Text and JSON carry the unreadable files; JSON lines, CSV and HTML output leave them to stderr.
  if (format.value === 'jsonl' || format.value === 'csv' || format.value === 'html') for (const u of report.unreadable) io.err(`whydenied: ${u.file}: ${problemText(u.problem)}\n`);
  if (out === undefined) {
    if (text !== '') io.out(text);
  }
  else {
    try {
      await writeFileAtomically(out, text);
    } catch (e) {
      io.err(`whydenied: cannot write the report to ${out}: ${writeFailure(e)}\n`);
      return EXIT.badInput;
    }
    if (!values.quiet) io.out(wroteReport(out, report));
  }
  if (report.unreadable.length > 0) return EXIT.unreadable;
  return report.denials > 0 ? EXIT.denied : EXIT.ok;
}

/** The Athena query for the options, or a usage error. */
function athenaQuery(io: Io, values: Values): Step<string> {
  const { database, table, since, until, action, service, principal, limit } = values;
  if (!database || !table) return { ok: false, code: usageError(io, '--athena needs --database and --table', 'e.g. --athena --database default --table cloudtrail_logs') };
  const built = tryBuildDenialQuery({
    database,
    table,
    ...(since !== undefined && { since }),
    ...(until !== undefined && { until }),
    ...(action !== undefined && { actions: [action] }),
    ...(service !== undefined && { services: [service] }),
    ...(principal !== undefined && { principals: [principal] }),
    ...(values['no-partition-pruning'] ? { partitionColumn: null } : values['partition-column'] !== undefined ? { partitionColumn: values['partition-column'] } : {}),
    ...(values['partition-format'] !== undefined && { partitionFormat: values['partition-format'] }),
    ...(limit !== undefined && { limit }),
  });
  return built.ok ? { ok: true, value: built.sql } : { ok: false, code: usageError(io, athenaQueryOptionsMessage(built.problems)) };
}

/** Run the query in Athena (the AWS SDK loads only here) and explain its groups. */
async function runAthena(io: Io, sql: string, values: Values, scenario: Record<string, unknown> | undefined): Promise<Step<ScanReport>> {
  const [{ createAthenaClient, runAthenaQuery, athenaDenialGroups }, { athenaFailureMessage }] = await Promise.all([import('../aws/athena.js'), import('../render/athena-failure.js')]);
  const client = createAthenaClient(clientOptionsOf(values));
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const result = await runAthenaQuery(client, sql, {
      database: values.database!,
      ...(values.workgroup !== undefined && { workgroup: values.workgroup }),
      ...(values['output-location'] !== undefined && { outputLocation: values['output-location'] }),
      ...(values.catalog !== undefined && { catalog: values.catalog }),
      ...(values.timeout !== undefined && { timeoutMs: values.timeout * 1000 }),
      signal: abort.signal,
    });
    if (!result.ok) {
      io.err(`whydenied: ${athenaFailureMessage(result)}\n`);
      return { ok: false, code: EXIT.badInput };
    }
    return { ok: true, value: athenaReport(athenaDenialGroups(result.rows), `athena:${result.queryExecutionId}`, scenario) };
  } finally {
    process.off('SIGINT', onInterrupt);
    client.destroy();
  }
}
