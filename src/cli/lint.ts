/** `whydenied lint FILE|DIR ... [--json | --sarif] [--action ACTION] [--config FILE] [--baseline FILE] [--max-warnings N]`. */
import type { InputProblem } from '../input/input-problems.js';
import { checkedActionName } from '../lint/action-check.js';
import { readBaseline, writeBaseline } from '../lint/baseline.js';
import { loadConfig } from '../lint/config.js';
import { lintPaths } from '../lint/lint.js';
import { RULE_METAS } from '../lint/rules/index.js';
import { lintFindingJson, RULE_HELP, renderLintText } from '../render/lint-text.js';
import { inputProblemJson, inputProblemLine } from '../render/input-problems.js';
import { problemHint, problemMessage } from '../render/problems.js';
import { renderSarif } from '../render/sarif.js';
import type { CommandInput } from './command.js';
import type { lint } from './commands/lint.js';
import { contextOption } from './context-option.js';
import { EXIT, usageError, VERSION, type Io } from './io.js';

export async function run({ values, args: positionals, style }: CommandInput<typeof lint.options>, io: Io): Promise<number> {
  if (values['list-rules']) {
    for (const m of RULE_METAS) io.out(`${m.id.padEnd(36)} ${m.severity.padEnd(8)} ${m.title}  (${m.docs})\n    ${RULE_HELP[m.id]}\n`);
    return EXIT.ok;
  }
  if (values.json && values.sarif) return usageError(io, 'give --json or --sarif, not both');
  if (positionals.length === 0) return usageError(io, 'lint needs files or folders', 'e.g. `whydenied lint policy.json infra/`');
  let action: string | undefined;
  if (values.action !== undefined) {
    const checked = checkedActionName(values.action);
    if (!checked.ok) return usageError(io, `--action: ${problemMessage(checked.problem)}`, problemHint(checked.problem));
    action = checked.action;
  }

  if (values.context !== undefined && action === undefined) return usageError(io, '--context needs --action', 'e.g. `--action s3:GetObject --context aws:SourceVpce=vpce-0a1b2c3d`');
  const context = contextOption(values.context ?? []);
  if (typeof context === 'string') return usageError(io, context);
  const problem = (p: InputProblem) => io.err(`whydenied: ${inputProblemLine(p)}\n`);
  const loaded = await loadConfig(values.config);
  if (!loaded.ok) {
    problem(loaded.problem);
    return EXIT.badInput;
  }
  let baseline;
  if (values.baseline !== undefined) {
    const read = await readBaseline(values.baseline);
    if (!read.ok) {
      problem(read.problem);
      return EXIT.badInput;
    }
    baseline = read.baseline;
  }

  const policyType = values['policy-type'];
  const report = await lintPaths(positionals, { ...(action !== undefined && { action, context }), ...(policyType !== undefined && { policyType }), config: loaded.config, ...(baseline && { baseline }) });
  for (const p of report.problems) problem(p);
  if (values['write-baseline'] !== undefined) {
    // An incomplete baseline would accept less than the repository has: write nothing when a file was not read.
    if (report.problems.length > 0) {
      io.err(`whydenied: ${values['write-baseline']}: not written: ${report.problems.length === 1 ? 'a file' : `${report.problems.length} files`} could not be linted\n`);
      return EXIT.badInput;
    }
    const failed = await writeBaseline(values['write-baseline'], report.findings);
    if (failed) {
      problem(failed);
      return EXIT.badInput;
    }
    io.err(`whydenied: wrote ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} to ${values['write-baseline']}; lint with --baseline ${values['write-baseline']} to accept them\n`);
    return EXIT.ok;
  }
  if (values.sarif) io.out(`${JSON.stringify(renderSarif(report, { version: VERSION, root: process.cwd() }), null, 2)}\n`);
  else if (values.json) {
    const errors = report.findings.filter((f) => f.severity === 'error').length;
    const suppressed = report.suppressed ?? [];
    const baselined = suppressed.filter((s) => s.kind === 'baseline').length;
    const summary = { errors, warnings: report.findings.length - errors, files: report.files.length, suppressed: suppressed.length - baselined, baselined };
    const findings = report.findings.map(lintFindingJson);
    const accepted = suppressed.map((s) => ({ ...s, finding: lintFindingJson(s.finding) }));
    io.out(`${JSON.stringify({ ...report, findings, problems: report.problems.map(inputProblemJson), suppressed: accepted, summary }, null, 2)}\n`);
  } else if (report.files.length > 0 || report.problems.length === 0) io.out(renderLintText(report, style));
  if (report.problems.length > 0) return EXIT.badInput;
  if (report.findings.some((f) => f.severity === 'error')) return EXIT.errors;
  const warnings = report.findings.length;
  const max = values['max-warnings'];
  if (max !== undefined && warnings > max) {
    io.err(`whydenied: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${max}\n`);
    return EXIT.errors;
  }
  return EXIT.ok;
}
