/** `whydenied explain`: an AccessDenied (text, SDK error, CloudTrail) plus optional policies -> cause and fix. */
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { CHECKS } from '../diagnosis/checks/index.js';
import { explain, type ExplainInput } from '../explain.js';
import { parseAccessDeniedText } from '../input/access-denied-message.js';
import { denialFromRecord, isDenialRecord, readCloudTrailFile } from '../input/cloudtrail.js';
import { denialFromPaste } from '../input/pasted.js';
import type { Denial, DenialResult } from '../input/denial.js';
import { locatePointer, readDocumentFile, readTextFile, type ReadResult } from '../input/document-file.js';
import { parseSdkError } from '../input/sdk-error.js';
import { withGivenPolicies, type GivenPolicy } from '../scenario/from-policies.js';
import { renderExplanation } from '../render/explanation.js';
import type { IacFormat } from '../render/iac.js';
import { renderProblem } from '../render/simulation.js';
import { styleFor } from '../render/style.js';
import { EXAMPLE_FILE } from './simulate.js';
import { argumentMessage, EXIT, type Step, timeoutOption, usageError, VERSION, type Io } from './io.js';
import { setOwn } from '../own.js';

const FORMATS: readonly IacFormat[] = ['json', 'cloudformation', 'terraform', 'cdk'];

const OPTIONS = {
  event: { type: 'string' },
  'sdk-error': { type: 'string' },
  scenario: { type: 'string' },
  policy: { type: 'string', multiple: true },
  boundary: { type: 'string' },
  'session-policy': { type: 'string', multiple: true },
  scp: { type: 'string', multiple: true },
  rcp: { type: 'string', multiple: true },
  'resource-policy': { type: 'string' },
  'vpce-policy': { type: 'string' },
  context: { type: 'string', multiple: true },
  resource: { type: 'string' },
  live: { type: 'boolean' },
  timeout: { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  example: { type: 'boolean' },
  'list-checks': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const EXPLAIN_HELP = `Usage:
  whydenied explain "User: ARN is not authorized to perform: ACTION on resource: ARN ..."
  whydenied explain -                        read the message (or CLI output, SDK error, CloudTrail JSON) from stdin
  whydenied explain --event FILE             a CloudTrail record, {"Records": [...]}, .json.gz, or lookup-events output
  whydenied explain --sdk-error FILE         a serialized AWS SDK v3 error or a raw {"__type", "Message"} body
  whydenied explain [MESSAGE] --scenario FILE           with the policies (the scenario's request wins)
  whydenied explain MESSAGE --policy FILE [--boundary FILE] [--session-policy FILE] [--scp FILE ...]
                    [--rcp FILE ...] [--resource-policy FILE] [--vpce-policy FILE] [--context KEY=VALUE ...]
                    [--resource ARN]       the resource, when the input does not show it (CloudTrail)
  whydenied explain MESSAGE --live [--profile NAME] [--region REGION] [--timeout SECONDS]
                                             read the policies from the account (read-only calls only)
  whydenied explain --example                the built-in Amazon Connect chat example
  whydenied explain --list-checks            the causes whydenied diagnoses

Options:
  --json              print the explanation as JSON
  --format FORMAT     the fix as json (default), cloudformation, terraform or cdk
  --scp FILE          one SCP per level, root first (repeat for each level)

Exit codes:
  0  explained: a cause was found
  1  bad input or usage
  3  could not determine a cause from what was given
`;


function fail(io: Io, file: string, message: string, line?: number, column?: number): { ok: false; code: number } {
  io.err(`whydenied: ${file}${line !== undefined ? `:${line}:${column}` : ''}: ${message}\n`);
  return { ok: false, code: EXIT.badInput };
}

function fromRead(io: Io, read: ReadResult): Step<unknown> {
  if (read.ok) return { ok: true, value: read.value };
  return fail(io, read.problem.file, read.problem.message, read.problem.line, read.problem.column);
}

async function loadDenial(io: Io, message: string | undefined, event: string | undefined, sdkError: string | undefined): Promise<Step<Denial | undefined>> {
  const toLoaded = (file: string, r: DenialResult): Step<Denial> => (r.ok ? { ok: true, value: r.denial } : fail(io, file, r.message));
  if (event !== undefined) {
    const read = await readCloudTrailFile(event);
    if (!read.ok) {
      io.err(`whydenied: ${read.message}\n`); // the message names the file and the place
      return { ok: false, code: EXIT.badInput };
    }
    const denial = read.records.find(isDenialRecord);
    if (denial === undefined) return fail(io, event, `no AccessDenied among its ${read.records.length} CloudTrail record${read.records.length === 1 ? '' : 's'}`);
    return toLoaded(event, denialFromRecord(denial));
  }
  if (sdkError !== undefined) {
    const read = await readDocumentFile(sdkError);
    const value = fromRead(io, read);
    return value.ok ? toLoaded(sdkError, parseSdkError(value.value)) : value;
  }
  if (message === undefined) return { ok: true, value: undefined };
  if (message === '-') {
    const read = await readTextFile('-');
    if (!read.ok) return fail(io, read.problem.file, read.problem.message);
    const pasted = await denialFromPaste(read.text);
    return pasted.ok ? { ok: true, value: pasted.denial } : fail(io, '<stdin>', pasted.message, pasted.line, pasted.column);
  }
  return toLoaded('the message', parseAccessDeniedText(message));
}

async function loadPolicyFile(io: Io, path: string): Promise<Step<{ name: string; document: unknown }>> {
  const read = fromRead(io, await readDocumentFile(path));
  return read.ok ? { ok: true, value: { name: basename(path, extname(path)), document: read.value } } : read;
}

async function loadScenario(io: Io, values: Record<string, unknown>): Promise<Step<Record<string, unknown> | undefined>> {
  let scenario: Record<string, unknown> | undefined;
  if (typeof values['scenario'] === 'string') {
    const read = fromRead(io, await readDocumentFile(values['scenario']));
    if (!read.ok) return read;
    if (typeof read.value !== 'object' || read.value === null || Array.isArray(read.value)) return fail(io, values['scenario'], 'a scenario must be an object with its policies (and optionally a `request`)');
    scenario = { ...(read.value as Record<string, unknown>) };
  }
  const given: GivenPolicy[] = [];
  for (const [option, type] of [
    ['policy', 'identity'],
    ['boundary', 'permissions-boundary'],
    ['session-policy', 'session'],
    ['scp', 'scp'],
    ['rcp', 'rcp'],
    ['resource-policy', 'resource'],
    ['vpce-policy', 'vpc-endpoint'],
  ] as const) {
    const raw = values[option];
    if (raw === undefined) continue;
    for (const path of Array.isArray(raw) ? (raw as string[]) : [raw as string]) {
      const loaded = await loadPolicyFile(io, path);
      if (!loaded.ok) return loaded;
      given.push({ type, ...loaded.value });
    }
  }
  return { ok: true, value: given.length > 0 ? withGivenPolicies(scenario, given) : scenario };
}

function parseContext(io: Io, pairs: readonly string[] | undefined): Step<Record<string, string> | undefined> {
  if (!pairs) return { ok: true, value: undefined };
  const context: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return { ok: false, code: usageError(io, `\`--context ${pair}\` is not KEY=VALUE`, 'e.g. --context aws:SourceVpce=vpce-0a1b2c3d') };
    setOwn(context, pair.slice(0, eq), pair.slice(eq + 1));
  }
  return { ok: true, value: context };
}

export async function explainCommand(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    return usageError(io, argumentMessage(e), 'run `whydenied explain --help` for the options');
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(EXPLAIN_HELP);
    return EXIT.ok;
  }
  if (values['list-checks']) {
    for (const c of CHECKS) io.out(`${c.id.padEnd(28)} ${c.title}  (${c.docs})\n`);
    return EXIT.ok;
  }
  const format = (values.format ?? 'json') as IacFormat;
  if (!FORMATS.includes(format)) return usageError(io, `unknown format \`${values.format}\``, `use one of ${FORMATS.join(', ')}`);
  if (positionals.length > 1) return usageError(io, `explain takes one message, got ${positionals.length} arguments`, 'quote the message: whydenied explain "User: ... is not authorized ..."');
  const sources = [positionals[0], values.event, values['sdk-error']].filter((s) => s !== undefined).length;
  if (sources > 1) return usageError(io, 'give one AccessDenied: a message, --event or --sdk-error');

  let scenarioResult: Step<Record<string, unknown> | undefined>;
  if (values.example) {
    const read = fromRead(io, await readDocumentFile(EXAMPLE_FILE));
    scenarioResult = read.ok ? { ok: true, value: read.value as Record<string, unknown> } : read;
  } else scenarioResult = await loadScenario(io, values);
  if (!scenarioResult.ok) return scenarioResult.code;
  const denial = await loadDenial(io, positionals[0], values.event, values['sdk-error']);
  if (!denial.ok) return denial.code;
  const context = parseContext(io, values.context);
  if (!context.ok) return context.code;
  if (!denial.value && !scenarioResult.value) return usageError(io, 'explain needs an AccessDenied message, --event, --sdk-error, --scenario or --example', 'run `whydenied explain --help`');

  const input: ExplainInput = {
    ...(denial.value && { denial: denial.value }),
    ...(scenarioResult.value && { scenario: scenarioResult.value }),
    ...(values.resource !== undefined && { resource: values.resource }),
    ...(context.value && { context: context.value }),
  };
  let scenario = scenarioResult.value;
  if (values.live) {
    const live = await collectLive(io, input, values);
    if (!live.ok) return live.code;
    scenario = live.value;
  }
  const result = explain({ ...input, ...(scenario && { scenario }) });
  if (!result.ok) {
    const file = values.example ? 'examples/connect-chat.json' : (values.scenario ?? 'the input');
    io.err(`whydenied: ${file}: ${result.problems.filter((p) => p.severity === 'error').length} problem(s); nothing was explained\n`);
    const text = typeof values.scenario === 'string' ? await readDocumentFile(values.scenario) : undefined;
    for (const p of result.problems) io.err(`  ${renderProblem(p, file, text?.ok ? await locatePointer(text.text, p.pointer) : undefined)}\n`);
    return EXIT.badInput;
  }
  const e = result.explanation;
  if (values.json) io.out(`${JSON.stringify(e, null, 2)}\n`);
  else io.out(renderExplanation(e, format, styleFor(io.stdout, io.env)));
  return e.determined ? EXIT.ok : EXIT.undetermined;
}

/** `--live`: collect the policies that decide the request from the account, read-only. */
async function collectLive(io: Io, input: ExplainInput, values: { profile?: string; region?: string; timeout?: string }): Promise<Step<Record<string, unknown>>> {
  const [{ liveScenario }, { quietSdkWarnings, DEFAULT_LIVE_TIMEOUT_MS }, { renderUnreadable }, { plain }] = await Promise.all([
    import('../live/explain-input.js'),
    import('../aws/clients.js'),
    import('../render/collected.js'),
    import('../render/style.js'),
  ]);
  quietSdkWarnings();
  const timeout = timeoutOption(io, values.timeout, DEFAULT_LIVE_TIMEOUT_MS);
  if (!timeout.ok) return timeout;
  const live = await liveScenario(input, {
    ...(values.profile !== undefined && { profile: values.profile }),
    ...(values.region !== undefined && { region: values.region }),
    timeoutMs: timeout.value,
    tool: `whydenied ${VERSION}`,
  });
  if (!live.ok) {
    io.err(`whydenied: ${live.message}\n`);
    return { ok: false, code: EXIT.badInput };
  }
  io.err(renderUnreadable(live.unreadable, plain));
  return { ok: true, value: live.scenario };
}
