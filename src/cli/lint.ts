/** `whydenied lint FILE|DIR ... [--json | --sarif] [--action ACTION]`. */
import { checkedActionName } from '../lint/action-check.js';
import { lintPaths } from '../lint/lint.js';
import { RULE_METAS } from '../lint/rules/index.js';
import { RULE_HELP, renderLintText } from '../render/lint-text.js';
import { renderSarif } from '../render/sarif.js';
import type { CommandInput } from './command.js';
import type { lint } from './commands/lint.js';
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
    if (!checked.ok) return usageError(io, `--action: ${checked.message}`, checked.hint);
    action = checked.action;
  }

  const report = await lintPaths(positionals, action === undefined ? {} : { action });
  for (const p of report.problems) io.err(`whydenied: ${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.message}\n`);
  if (values.sarif) io.out(`${JSON.stringify(renderSarif(report, { version: VERSION, root: process.cwd() }), null, 2)}\n`);
  else if (values.json) {
    const errors = report.findings.filter((f) => f.severity === 'error').length;
    io.out(`${JSON.stringify({ ...report, summary: { errors, warnings: report.findings.length - errors, files: report.files.length } }, null, 2)}\n`);
  } else if (report.files.length > 0 || report.problems.length === 0) io.out(renderLintText(report, style));
  if (report.problems.length > 0) return EXIT.badInput;
  return report.findings.some((f) => f.severity === 'error') ? EXIT.errors : EXIT.ok;
}
