/** `whydenied explain`: an AccessDenied (text, SDK error, CloudTrail) plus optional policies -> cause and fix. */
import { basename, extname } from 'node:path';
import { explain, type ExplainInput, type Explanation } from '../explain/explain.js';
import { denialAmong, readCloudTrailFile } from '../input/cloudtrail.js';
import { parseDecodedAuthorization, withDecoded } from '../input/decoded-authorization.js';
import { denialFromPaste, parseDenialInput } from '../input/pasted.js';
import type { Denial, DenialResult } from '../input/denial.js';
import { locatePointer, readDocumentFile, readTextFile, type ReadResult } from '../input/document-file.js';
import type { InputProblem } from '../input/input-problems.js';
import { parseSdkError } from '../input/sdk-error.js';
import { withGivenPolicies, type GivenPolicy } from '../scenario/from-policies.js';
import { explanationJson, renderExplanation } from '../render/explanation.js';
import { renderFix, type IacFormat } from '../render/iac.js';
import { inputProblemLine } from '../render/input-problems.js';
import { notADenialMessage } from '../render/not-a-denial.js';
import { renderProblem } from '../render/simulation.js';
import { plain } from '../render/style.js';
import { type AwsValues, clientOptionsOf, timeoutMsOf, TOOL } from './aws.js';
import type { CommandInput } from './command.js';
import type { explain as explainCommand } from './commands/explain.js';
import { EXIT, type Io, type Step, usageError } from './io.js';
import { EXAMPLE_FILE } from './simulate.js';

function fail(io: Io, file: string, message: string): { ok: false; code: number } {
  io.err(`whydenied: ${file}: ${message}\n`);
  return { ok: false, code: EXIT.badInput };
}

/** A file that cannot be read: one line naming the file and the place. */
function failRead(io: Io, problem: InputProblem): { ok: false; code: number } {
  io.err(`whydenied: ${inputProblemLine(problem)}\n`);
  return { ok: false, code: EXIT.badInput };
}

function fromRead(io: Io, read: ReadResult): Step<unknown> {
  return read.ok ? { ok: true, value: read.value } : failRead(io, read.problem);
}

async function loadDenial(io: Io, message: string | undefined, event: string | undefined, sdkError: string | undefined): Promise<Step<Denial | undefined>> {
  const toLoaded = (file: string, r: DenialResult): Step<Denial> => (r.ok ? { ok: true, value: r.denial } : fail(io, file, notADenialMessage(r.reason)));
  if (event !== undefined) {
    const read = await readCloudTrailFile(event);
    if (!read.ok) return failRead(io, read.problem);
    return toLoaded(event, denialAmong(read.records));
  }
  if (sdkError !== undefined) {
    const read = await readDocumentFile(sdkError);
    const value = fromRead(io, read);
    return value.ok ? toLoaded(sdkError, parseSdkError(value.value)) : value;
  }
  if (message === undefined) return { ok: true, value: undefined };
  if (message === '-') {
    const read = await readTextFile('-');
    if (!read.ok) return failRead(io, read.problem);
    const pasted = await denialFromPaste(read.text);
    if (pasted.ok) return { ok: true, value: pasted.denial };
    return 'problem' in pasted ? failRead(io, { ...pasted.problem, file: read.file }) : fail(io, read.file, notADenialMessage(pasted.reason));
  }
  return toLoaded('the message', parseDenialInput(message));
}

/** `--decoded FILE`: the decoded authorization message completes (or stands for) the denial. */
async function withDecodedFile(io: Io, denial: Denial | undefined, file: string | undefined): Promise<Step<Denial | undefined>> {
  if (file === undefined) return { ok: true, value: denial };
  const read = fromRead(io, await readDocumentFile(file));
  if (!read.ok) return read;
  const decoded = parseDecodedAuthorization(read.value);
  if (!decoded.ok) return fail(io, file, notADenialMessage(decoded.reason));
  return { ok: true, value: denial ? withDecoded(denial, decoded.denial) : decoded.denial };
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
  for (const [option, single, type] of [
    ['scp-level', 'scp', 'scp'],
    ['rcp-level', 'rcp', 'rcp'],
  ] as const) {
    const raw = values[option] as string[] | undefined;
    if (raw === undefined) continue;
    if (values[single] !== undefined) return { ok: false, code: usageError(io, `give the organization levels with --${single} (one policy each) or --${option} (several each), not both`) };
    for (const [i, list] of raw.entries()) {
      const files = list.split(',');
      if (files.some((f) => f.trim() === '')) return { ok: false, code: usageError(io, `--${option} \`${list}\`: expected FILE or FILE,FILE... (no empty names)`) };
      for (const path of files) {
        const loaded = await loadPolicyFile(io, path);
        if (!loaded.ok) return loaded;
        given.push({ type, ...loaded.value, level: `level ${i + 1} (${files.map((f) => basename(f, extname(f))).join(', ')})` });
      }
    }
  }
  return { ok: true, value: given.length > 0 ? withGivenPolicies(scenario, given) : scenario };
}

export async function run({ values, args, style }: CommandInput<typeof explainCommand.options>, io: Io): Promise<number> {
  if (values['list-checks']) {
    const { CHECKS } = await import('../diagnosis/checks/index.js');
    for (const { meta } of CHECKS) io.out(`${meta.id.padEnd(28)} ${meta.title}  (${meta.docs})\n`);
    return EXIT.ok;
  }
  const sources = [args[0], values.event, values['sdk-error']].filter((s) => s !== undefined).length;
  if (sources > 1) return usageError(io, 'give one AccessDenied: a message, --event or --sdk-error');

  if (values.out !== undefined) {
    const { outPathProblem } = await import('./write-file.js');
    const problem = await outPathProblem(values.out);
    if (problem !== undefined) return usageError(io, `cannot write the fix to ${values.out}: ${problem}`);
  }

  let scenarioResult: Step<Record<string, unknown> | undefined>;
  if (values.example) {
    const read = fromRead(io, await readDocumentFile(EXAMPLE_FILE));
    scenarioResult = read.ok ? { ok: true, value: read.value as Record<string, unknown> } : read;
  } else scenarioResult = await loadScenario(io, values);
  if (!scenarioResult.ok) return scenarioResult.code;
  const loaded = await loadDenial(io, args[0], values.event, values['sdk-error']);
  if (!loaded.ok) return loaded.code;
  const denial = await withDecodedFile(io, loaded.value, values.decoded);
  if (!denial.ok) return denial.code;
  if (!denial.value && !scenarioResult.value) return usageError(io, 'explain needs an AccessDenied message, --event, --sdk-error, --decoded, --scenario or --example', 'run `whydenied explain --help`');

  const input: ExplainInput = {
    ...(denial.value && { denial: denial.value }),
    ...(scenarioResult.value && { scenario: scenarioResult.value }),
    ...(values.resource !== undefined && { resource: values.resource }),
    ...(values.context && { context: values.context }),
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
  const apply = { ...(values.out !== undefined && { out: values.out }) };
  if (values.json) io.out(`${JSON.stringify(explanationJson(e, values.format, apply), null, 2)}\n`);
  else io.out(renderExplanation(e, values.format, style, apply));
  if (values.out !== undefined) {
    const written = await writeFix(io, e, values.format, values.out);
    if (!written) return EXIT.badInput;
  }
  return e.determined ? EXIT.ok : EXIT.undetermined;
}

/** `--out FILE`: the first fix, whole, in the chosen format; never one proven to allow more than the request. */
async function writeFix(io: Io, e: Explanation, format: IacFormat, out: string): Promise<boolean> {
  const fix = e.fixes[0];
  if (fix === undefined) {
    io.err(`whydenied: nothing written to ${out}: there is no fix to write\n`);
    return false;
  }
  if (fix.proof === 'refuted') {
    io.err(`whydenied: nothing written to ${out}: the fix allows more than the request (see its proof above)\n`);
    return false;
  }
  const { writeFailure, writeFileAtomically } = await import('./write-file.js');
  try {
    await writeFileAtomically(out, renderFix(fix.document, format, fix.holder));
  } catch (error) {
    io.err(`whydenied: cannot write the fix to ${out}: ${writeFailure(error)}\n`);
    return false;
  }
  io.err(`whydenied: wrote the ${fix.verified ? 'verified' : 'NOT verified'} ${fix.kind} (${fix.change === 'replace' ? 'the whole new document' : 'the new policy'}) to ${out}\n`);
  return true;
}

/** `--live`: collect the policies that decide the request from the account, read-only. */
async function collectLive(io: Io, input: ExplainInput, values: AwsValues & { readonly timeout?: number }): Promise<Step<Record<string, unknown>>> {
  const [{ liveScenario }, { quietSdkWarnings }, { renderUnreadable, liveScenarioFailureMessage }] = await Promise.all([import('../explain/live.js'), import('../aws/clients.js'), import('../render/collected.js')]);
  quietSdkWarnings();
  const live = await liveScenario(input, { ...clientOptionsOf(values), timeoutMs: timeoutMsOf(values), tool: TOOL });
  if (!live.ok) {
    io.err(`whydenied: ${liveScenarioFailureMessage(live)}\n`);
    return { ok: false, code: EXIT.badInput };
  }
  io.err(renderUnreadable(live.unreadable, plain));
  return { ok: true, value: live.scenario };
}
