/** `whydenied scan PATH...`: every AccessDenied in local CloudTrail files, grouped, each group explained once. */
import { randomBytes } from 'node:crypto';
import { lstat, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { locatePointer, readDocumentFile } from '../input/document-file.js';
import { renderScanCsv } from '../render/scan-csv.js';
import { renderScanHtml } from '../render/scan-html.js';
import { scanJson, scanJsonLines } from '../render/scan-json.js';
import { problemText, renderScanText, wroteReport } from '../render/scan-text.js';
import { renderProblem } from '../render/simulation.js';
import { styleFor } from '../render/style.js';
import { compileScenario } from '../scenario/compile.js';
import { parseTimeBound } from '../scan/filters.js';
import { scan, type ScanFilters, type ScanReport } from '../scan/index.js';
import { ProgressBar } from '../scan/progress.js';
import { athenaReport } from '../scan/athena-scan.js';
import { tryBuildDenialQuery, type PartitionFormat } from '../scan/athena-sql.js';
import { argumentMessage, EXIT, type Step, usageError, type Io } from './io.js';
import { own } from '../own.js';

/** Exit codes of scan (documented in SCAN_HELP). */
export const SCAN_EXIT = { none: 0, usage: EXIT.usage, denials: 2, unreadable: 4 } as const;

const FORMATS = ['text', 'json', 'jsonl', 'csv', 'html'] as const;
type Format = (typeof FORMATS)[number];

const OPTIONS = {
  action: { type: 'string' },
  service: { type: 'string' },
  principal: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  scenario: { type: 'string' },
  json: { type: 'boolean' },
  jsonl: { type: 'boolean' },
  csv: { type: 'boolean' },
  format: { type: 'string' },
  out: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  jobs: { type: 'string' },
  athena: { type: 'boolean' },
  database: { type: 'string' },
  table: { type: 'string' },
  workgroup: { type: 'string' },
  'output-location': { type: 'string' },
  catalog: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  'partition-column': { type: 'string' },
  'partition-format': { type: 'string' },
  'no-partition-pruning': { type: 'boolean' },
  limit: { type: 'string' },
  timeout: { type: 'string' },
  'print-sql': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const SCAN_HELP = `Usage:
  whydenied scan PATH... [--action SERVICE:ACTION | --service SERVICE] [--principal ARN-OR-GLOB]
                 [--since DATE] [--until DATE] [--scenario FILE]
                 [--json | --jsonl | --csv | --format text|json|jsonl|csv|html] [--out FILE] [--quiet]

Reads CloudTrail files and folders (any depth, e.g. AWSLogs/ as synced from the trail's S3 bucket):
.json.gz and .json trail files, single records, lookup-events output, JSON lines from Athena or
CloudTrail Lake. Files that hold no CloudTrail are skipped (and counted). Finds every AccessDenied,
groups them by principal (the role, not the session), action, resource and cause, and explains each
group once: from what the logs say, or with --scenario, with those policies.

Options:
  --action A         only this action (wildcards * and ? allowed), e.g. connect:StartChatContact
  --service S        only this service, e.g. connect
  --principal P      only this role or user ARN (or session ARN); wildcards allowed: 'arn:aws:iam::*:role/Chat*'
  --since DATE       only denials at or after DATE: 2026-11-01 (UTC) or 2026-11-01T08:00:00Z
  --until DATE       only denials at or before DATE (a date includes that whole day)
  --scenario FILE    explain with these policies (a scenario file; its request is ignored)
  --json             print { schemaVersion, files, events, denials, unreadable, skipped, groups } as JSON;
                     each group with its explanation, fixes and proof status, event IDs and source files
                     (schema/scan.schema.json in the package)
  --jsonl            print one group per line (JSON lines, each with schemaVersion)
  --csv              print the groups as CSV (RFC 4180)
  --format html      a self-contained HTML report with filters (use with --out)
  --out FILE         write the report to FILE (atomically: never half-written)
  --jobs N           worker threads (default: one per core, at most 4)
  -q, --quiet        no progress bar (it only shows on a terminal)

In Amazon Athena, for organization-scale trails (the selection and grouping run as SQL; whydenied explains
the grouped rows locally):
  whydenied scan --athena --database DB --table TABLE [--workgroup WG] [--output-location s3://BUCKET/PREFIX/]
                 [--since DATE --until DATE] [--action A | --service S] [--principal P] [--region R] [--profile P]
                 [--partition-column timestamp] [--partition-format yyyy/MM/dd] [--no-partition-pruning]
                 [--limit 1000] [--timeout SECONDS] [--print-sql]
  The table is the AWS-documented CloudTrail table; the time range prunes its date partition.
  --print-sql prints the query and stops, without calling AWS. With --athena, "events" counts the
  denials the query returned (Athena does not send the rest).

Exit codes:
  0  no denials found (all input read)
  1  bad usage or input (no paths, a bad date, a bad scenario, the report cannot be written)
  2  denials found (all input read)
  4  some input could not be read (listed under "unreadable"); what was read is reported
`;


function chooseFormat(io: Io, values: { json?: boolean; jsonl?: boolean; csv?: boolean; format?: string }): Step<Format> {
  const chosen = [values.json && 'json', values.jsonl && 'jsonl', values.csv && 'csv', values.format].filter((f): f is string => typeof f === 'string');
  if (new Set(chosen).size > 1) return { ok: false, code: usageError(io, `give one output format, not ${chosen.map((f) => `\`${f}\``).join(' and ')}`) };
  const format = chosen[0] ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) return { ok: false, code: usageError(io, `unknown format \`${format}\``, `use one of ${FORMATS.join(', ')}`) };
  return { ok: true, value: format as Format };
}

function checkFilters(io: Io, values: Record<string, string | boolean | undefined>): Step<ScanFilters> {
  const fail = (message: string, hint?: string): Step<ScanFilters> => ({ ok: false, code: usageError(io, message, hint) });
  const action = values['action'] as string | undefined;
  const service = values['service'] as string | undefined;
  const principal = values['principal'] as string | undefined;
  if (action !== undefined && service !== undefined) return fail('give --action or --service, not both');
  if (action !== undefined && !/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(action)) return fail(`\`--action ${action}\` is not SERVICE:ACTION`, 'e.g. --action connect:StartChatContact');
  if (service !== undefined && !/^[A-Za-z0-9-]+$/.test(service)) return fail(`\`--service ${service}\` is not a service prefix`, 'e.g. --service connect');
  if (principal !== undefined && principal.trim() === '') return fail('`--principal` is empty', "e.g. --principal 'arn:aws:iam::111122223333:role/ChatBackend'");
  const bounds: { since?: number; until?: number } = {};
  for (const bound of ['since', 'until'] as const) {
    const text = values[bound] as string | undefined;
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

const POLICY_FIELDS = ['identityPolicies', 'permissionsBoundary', 'sessionPolicies', 'serviceControlPolicies', 'resourceControlPolicies', 'resourcePolicy', 'vpcEndpointPolicy'];
/** Any valid request: the scenario's policies are checked before the (long) scan, not after. */
const PROBE_REQUEST = { principal: 'arn:aws:iam::111122223333:user/whydenied-scan', action: 'sts:GetCallerIdentity', resource: '*' };

async function loadScenario(io: Io, path: string): Promise<Step<Record<string, unknown>>> {
  const read = await readDocumentFile(path);
  if (!read.ok) {
    const p = read.problem;
    io.err(`whydenied: ${p.file}${p.line !== undefined ? `:${p.line}:${p.column}` : ''}: ${p.message}\n`);
    return { ok: false, code: EXIT.badInput };
  }
  const value = read.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !POLICY_FIELDS.some((f) => own(value as Record<string, unknown>, f) !== undefined)) {
    io.err(`whydenied: ${path}: a scenario for scan must be an object with policies (${POLICY_FIELDS.join(', ')})\n`);
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

/**
 * Write a file whole or not at all: a temporary file in the same folder, flushed, then renamed over. An
 * existing file keeps its mode (a 0600 report stays 0600); a new one is 0600, since reports name
 * principals and resources. A symlink is refused: renaming over it would not write where it points.
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const existing = await lstat(path).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)));
  if (existing?.isSymbolicLink()) throw Object.assign(new Error('is a symbolic link; give the real path'), { code: 'ELOOP' });
  const mode = existing ? existing.mode & 0o777 : 0o600;
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.chmod(mode); // open's mode is masked by the umask; the existing file's is not
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Io, with stderr's terminal facts when the caller has them (the progress bar needs a terminal). */
export type ScanIo = Io & { readonly stderr?: { readonly isTTY?: boolean; readonly columns?: number } };

export async function scanCommand(args: string[], io: ScanIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    return usageError(io, argumentMessage(e), 'run `whydenied scan --help` for the options');
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(SCAN_HELP);
    return EXIT.ok;
  }
  if (values.athena && positionals.length > 0) return usageError(io, 'give files and folders, or --athena, not both');
  if (!values.athena && positionals.length === 0) return usageError(io, 'scan needs at least one file or folder (or --athena)', 'e.g. `whydenied scan ./AWSLogs/`');
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
  let workers: number | undefined;
  if (values.jobs !== undefined) {
    workers = Number(values.jobs);
    if (!/^\d+$/.test(values.jobs) || workers < 1 || workers > 256) return usageError(io, `\`--jobs ${values.jobs}\` is not a number of threads (1 to 256)`);
  }
  const out = values.out;
  if (out !== undefined) {
    const folder = await stat(dirname(out)).catch(() => undefined);
    if (!folder?.isDirectory()) return usageError(io, `cannot write the report to ${out}: no such folder`);
    const existing = await stat(out).catch(() => undefined);
    if (existing?.isDirectory()) return usageError(io, `cannot write the report to ${out}: it is a folder`);
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
      report = await scan(positionals, { filters: filters.value, ...(scenario && { scenario }), ...(workers !== undefined && { workers }), ...(bar && { listener: bar }) });
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
      text = renderScanText(report, out === undefined ? styleFor(io.stdout, io.env) : styleFor({}, io.env));
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
      io.err(`whydenied: cannot write the report to ${out}: ${(e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (e as Error).message}\n`);
      return EXIT.badInput;
    }
    if (!values.quiet) io.out(wroteReport(out, report));
  }
  if (report.unreadable.length > 0) return SCAN_EXIT.unreadable;
  return report.denials > 0 ? SCAN_EXIT.denials : SCAN_EXIT.none;
}

type ScanValues = Record<string, string | boolean | undefined>;

/** The Athena query for the options, or a usage error. */
function athenaQuery(io: Io, values: ScanValues): Step<string> {
  const str = (k: string) => { const v = own(values, k); return typeof v === 'string' ? v : undefined; };
  if (!str('database') || !str('table')) return { ok: false, code: usageError(io, '--athena needs --database and --table', 'e.g. --athena --database default --table cloudtrail_logs') };
  const limit = str('limit');
  if (limit !== undefined && !/^\d+$/.test(limit)) return { ok: false, code: usageError(io, `\`--limit ${limit}\` is not a number`) };
  const format = str('partition-format');
  if (format !== undefined && !['yyyy/MM/dd', 'yyyy-MM-dd', 'yyyyMMdd'].includes(format)) return { ok: false, code: usageError(io, `unknown partition format \`${format}\``, 'use yyyy/MM/dd, yyyy-MM-dd or yyyyMMdd') };
  const built = tryBuildDenialQuery({
    database: str('database')!,
    table: str('table')!,
    ...(str('since') !== undefined && { since: str('since')! }),
    ...(str('until') !== undefined && { until: str('until')! }),
    ...(str('action') !== undefined && { actions: [str('action')!] }),
    ...(str('service') !== undefined && { services: [str('service')!] }),
    ...(str('principal') !== undefined && { principals: [str('principal')!] }),
    ...(values['no-partition-pruning'] ? { partitionColumn: null } : str('partition-column') !== undefined ? { partitionColumn: str('partition-column')! } : {}),
    ...(format !== undefined && { partitionFormat: format as PartitionFormat }),
    ...(limit !== undefined && { limit: Number(limit) }),
  });
  return built.ok ? { ok: true, value: built.sql } : { ok: false, code: usageError(io, built.message) };
}

/** Run the query in Athena (the AWS SDK loads only here) and explain its groups. */
async function runAthena(io: Io, sql: string, values: ScanValues, scenario: Record<string, unknown> | undefined): Promise<Step<ScanReport>> {
  const str = (k: string) => { const v = own(values, k); return typeof v === 'string' ? v : undefined; };
  const timeout = str('timeout');
  if (timeout !== undefined && !/^\d+$/.test(timeout)) return { ok: false, code: usageError(io, `\`--timeout ${timeout}\` is not a number of seconds`) };
  const { createAthenaClient, runAthenaQuery, athenaDenialGroups } = await import('../aws/athena.js');
  const client = createAthenaClient({ ...(str('region') !== undefined && { region: str('region')! }), ...(str('profile') !== undefined && { profile: str('profile')! }) });
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const result = await runAthenaQuery(client, sql, {
      database: str('database')!,
      ...(str('workgroup') !== undefined && { workgroup: str('workgroup')! }),
      ...(str('output-location') !== undefined && { outputLocation: str('output-location')! }),
      ...(str('catalog') !== undefined && { catalog: str('catalog')! }),
      ...(timeout !== undefined && { timeoutMs: Number(timeout) * 1000 }),
      signal: abort.signal,
    });
    if (!result.ok) {
      io.err(`whydenied: ${result.message}\n`);
      return { ok: false, code: EXIT.badInput };
    }
    return { ok: true, value: athenaReport(athenaDenialGroups(result.rows), `athena:${result.queryExecutionId}`, scenario) };
  } finally {
    process.off('SIGINT', onInterrupt);
    client.destroy();
  }
}
