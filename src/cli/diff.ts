/** `whydenied diff OLD NEW`: does NEW allow any request that OLD does not? (src/proof/ decides.) */
import { locatePointer, readDocumentFile } from '../input/document-file.js';
import type { PolicyType } from '../engine/types.js';
import { parsePolicy } from '../policy/parse.js';
import { Problems, type Problem } from '../policy/problems.js';
import { diffPolicies, diffScenarios, type Because, type DiffResult, type DiffScope } from '../proof/diff.js';
import { becauseWords, diffJson, renderDiff, undecidedLine } from '../render/proof.js';
import { renderProblem } from '../render/simulation.js';
import { compileScenario } from '../scenario/compile.js';
import type { Scenario } from '../scenario/types.js';
import type { CommandInput } from './command.js';
import { contextOption } from './context-option.js';
import type { diff } from './commands/diff.js';
import { EXIT, usageError, VERSION, type Io } from './io.js';
import { inputProblemLine } from '../render/input-problems.js';

interface Input {
  readonly file: string;
  readonly text: string;
  readonly value: unknown;
  readonly kind: 'scenario' | 'policy';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function reportProblems(io: Io, input: Input, problems: readonly Problem[], what: string): Promise<number> {
  const errors = problems.filter((p) => p.severity === 'error');
  io.err(`whydenied: ${input.file}: ${errors.length === 1 ? 'a problem' : `${errors.length} problems`} in the ${what}; nothing was compared\n`);
  for (const p of errors) io.err(`  ${renderProblem(p, input.file, await locatePointer(input.text, p.pointer))}\n`);
  return EXIT.badInput;
}

async function read(io: Io, path: string): Promise<Input | number> {
  const r = await readDocumentFile(path);
  if (!r.ok) {
    io.err(`whydenied: ${inputProblemLine(r.problem)}\n`);
    return EXIT.badInput;
  }
  if (!isObject(r.value) || (r.value['request'] === undefined && r.value['Statement'] === undefined)) {
    io.err(`whydenied: ${r.file}: is neither a policy document (with \`Statement\`) nor a scenario (with \`request\`)\n`);
    return EXIT.badInput;
  }
  return { file: r.file, text: r.text, value: r.value, kind: r.value['request'] !== undefined ? 'scenario' : 'policy' };
}

/** Where a statement is: its file and JSON pointer there (a policy document sits at `.../document` in the scenario the proof builds). */
function place(b: Because, inputs: { old: Input; new: Input }): { file: string; text: string; pointer: string } {
  const input = b.side === 'old' ? inputs.old : inputs.new;
  const pointer = input.kind === 'policy' ? (b.pointer ?? '').replace(/^.*\/document(?=\/|$)/, '') : (b.pointer ?? '');
  return { file: input.file, text: input.text, pointer };
}

type Located = (b: Because) => { file: string; line?: number; column?: number };

function sarif(result: DiffResult, where: Located, artifactUri: (file: string, root: string) => string): Record<string, unknown> {
  const rules = [
    { id: 'newly-allowed', name: 'NewlyAllowed', shortDescription: { text: 'NEW allows a request that OLD does not' }, defaultConfiguration: { level: 'error' } },
    { id: 'future-action', name: 'FutureAction', shortDescription: { text: 'NEW allows actions AWS may add later that OLD does not' }, defaultConfiguration: { level: 'warning' } },
    { id: 'undecided', name: 'Undecided', shortDescription: { text: 'A case the proof could not decide exactly' }, defaultConfiguration: { level: 'warning' } },
  ];
  const root = process.cwd();
  const result1 = (ruleIndex: number, text: string, b?: Because) => {
    const loc = b ? where(b) : undefined;
    return {
      ruleId: rules[ruleIndex]!.id,
      ruleIndex,
      level: rules[ruleIndex]!.defaultConfiguration.level,
      message: { text },
      ...(loc && {
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifactUri(loc.file, root).startsWith('file:') || loc.file === '<stdin>' ? { uri: artifactUri(loc.file, root) } : { uri: artifactUri(loc.file, root), uriBaseId: '%SRCROOT%' },
              ...(loc.line !== undefined && { region: { startLine: loc.line, ...(loc.column !== undefined && { startColumn: loc.column }) } }),
            },
          },
        ],
      }),
    };
  };
  const results = [
    ...result.newlyAllowed.map((d) => result1(0, `NEW allows ${d.action} on ${d.resource} and OLD does not: ${becauseWords(d.because, true)}.`, d.because)),
    ...result.futureActions.map((d) => result1(1, `NEW allows actions AWS may add later, such as ${d.action}: ${becauseWords(d.because, true)}.`, d.because)),
    ...result.undecided.map((u) => result1(2, undecidedLine(u))),
  ];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'whydenied', version: VERSION, informationUri: 'https://github.com/whydenied/whydenied', rules } }, results }],
  };
}

export async function run({ values, args: positionals, style }: CommandInput<typeof diff.options>, io: Io): Promise<number> {
  if (positionals.length !== 2) return usageError(io, `diff takes two files, OLD and NEW, got ${positionals.length}`, 'e.g. `whydenied diff old-policy.json new-policy.json`');
  if (values.json && values.sarif) return usageError(io, 'give --json or --sarif, not both');
  const type: PolicyType = values.type;
  const context = contextOption(values.context ?? []);
  if (typeof context === 'string') return usageError(io, context);
  const scope: DiffScope = {
    ...(values.action && { actions: values.action }),
    ...(values.resource !== undefined && { resource: values.resource }),
    ...(Object.keys(context).length > 0 && { context }),
  };

  const old = await read(io, positionals[0]!);
  if (typeof old === 'number') return old;
  const next = await read(io, positionals[1]!);
  if (typeof next === 'number') return next;
  if (old.kind !== next.kind) return usageError(io, `${old.file} is a ${old.kind} and ${next.file} a ${next.kind}: compare two policy documents or two scenarios`);

  let result: DiffResult;
  if (old.kind === 'policy') {
    for (const input of [old, next]) {
      const problems = new Problems();
      if (!parsePolicy(input.value, type, 'policy', '', problems)) return reportProblems(io, input, problems.list, 'policy');
    }
    result = diffPolicies(old.value, next.value, type, scope);
  } else {
    for (const input of [old, next]) {
      const compiled = compileScenario(input.value);
      if (!compiled.ok) return reportProblems(io, input, compiled.problems, 'scenario');
    }
    const [o, n] = [old.value as Scenario, next.value as Scenario];
    if (o.request.principal !== n.request.principal) {
      return usageError(io, `the scenarios are for different principals (\`${o.request.principal}\` and \`${n.request.principal}\`): diff compares the decision for one principal`);
    }
    result = diffScenarios(o, n, scope);
  }

  if (values.json) {
    io.out(`${JSON.stringify(diffJson(result), null, 2)}\n`);
    return exitCode(result);
  }
  // Lines of the statements named, found once each (--json has none: it skips the YAML parser's start-up).
  const lines = new Map<string, { line: number; column: number } | undefined>();
  for (const d of [...result.newlyAllowed, ...result.newlyDenied, ...result.futureActions]) {
    const p = place(d.because, { old, new: next });
    const key = `${d.because.side}|${p.pointer}`;
    if (!lines.has(key)) lines.set(key, await locatePointer(p.text, p.pointer));
  }
  const located: Located = (b) => ({ file: place(b, { old, new: next }).file, ...lines.get(`${b.side}|${place(b, { old, new: next }).pointer}`) });
  if (values.sarif) {
    // Loaded only for --sarif: it brings lint's rules (and YAML), which a plain diff does not need at start-up.
    const { artifactUri } = await import('../render/sarif.js');
    io.out(`${JSON.stringify(sarif(result, located, artifactUri), null, 2)}\n`);
  }
  else {
    io.out(
      renderDiff(result, style, (b) => {
        const w = located(b);
        return w.line !== undefined ? `${w.file} line ${w.line}` : w.file;
      }),
    );
  }
  return exitCode(result);
}

function exitCode(result: DiffResult): number {
  if (result.broader) return EXIT.denied;
  return result.undecided.length > 0 ? EXIT.undetermined : EXIT.ok;
}
