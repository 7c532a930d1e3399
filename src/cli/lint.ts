/** `whydenied lint FILE|DIR ... [--json | --sarif] [--action ACTION]`. */
import { parseArgs } from 'node:util';
import { checkedActionName } from '../lint/action-check.js';
import { lintPaths } from '../lint/lint.js';
import { RULE_METAS } from '../lint/rules/index.js';
import { RULE_HELP, renderLintText } from '../render/lint-text.js';
import { renderSarif } from '../render/sarif.js';
import { styleFor } from '../render/style.js';
import { argumentMessage, EXIT, usageError, VERSION, type Io } from './io.js';

/** Exit code for findings of severity error. */
export const EXIT_LINT_ERRORS = 4;

export const LINT_HELP = `Usage:
  whydenied lint FILE|DIR ... [--json | --sarif] [--action SERVICE:ACTION]

Checks IAM policies before they are deployed. Reads policy documents (also \`aws iam get-policy-version\`
and \`get-role-policy\` output), scenario files, CloudFormation templates (JSON, or YAML with !Sub, !Ref,
!GetAtt, !Join...: AWS::IAM::Policy, ManagedPolicy, RolePolicy, and the Policies of Role, User, Group),
and Terraform plans (\`terraform show -json\`). Folders are walked for .json, .yaml, .yml and .template
files; files there that hold no policy are skipped. FILE - reads standard input.

Options:
  --json              print { files, findings, problems, skipped, actionChecks } as JSON
  --sarif             print SARIF 2.1.0, for code scanning tools
  --action ACTION     also check whether each identity policy allows ACTION on the resources it names
                      (the engine decides; e.g. --action connect:StartChatContact)
  --list-rules        the rules, their severity and docs
  -h, --help          this help

Exit codes:
  0  no findings of severity error (warnings may remain)
  1  bad input or usage: a file is missing, unreadable, binary, malformed, or holds no policy
  4  findings of severity error (with --action: also when no identity policy of a file allows the action)
`;

const OPTIONS = {
  json: { type: 'boolean' },
  sarif: { type: 'boolean' },
  action: { type: 'string' },
  'list-rules': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function lintCommand(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    return usageError(io, argumentMessage(e), 'run `whydenied lint --help` for the options');
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(LINT_HELP);
    return EXIT.ok;
  }
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
  } else if (report.files.length > 0 || report.problems.length === 0) io.out(renderLintText(report, styleFor(io.stdout, io.env)));
  if (report.problems.length > 0) return EXIT.badInput;
  return report.findings.some((f) => f.severity === 'error') ? EXIT_LINT_ERRORS : EXIT.ok;
}
