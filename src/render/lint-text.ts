/** The words of `whydenied lint`: each finding's template filled, fixes and suggestions, the human report. */
import type { Messages } from '../diagnosis/rule.js';
import { RULE_METAS } from '../lint/rules/index.js';
import type { ActionCheck, LintFinding, LintReport, RuleId } from '../lint/types.js';
import { undecidedFields, undecidedLine } from './proof.js';
import type { Style } from './style.js';
import { visible } from './visible.js';
import { fill, words } from './words.js';

const { q, plural } = words;

const TEMPLATES = new Map<string, Messages>(RULE_METAS.map((m) => [m.id, m.messages]));

/** The finding in words: its rule's template for its message id (in the rule's `meta.messages`), filled. */
export function lintMessage(f: Pick<LintFinding, 'rule' | 'messageId' | 'data'>): string {
  return fill(TEMPLATES.get(f.rule) ?? {}, f, words) ?? `${f.rule}: ${f.messageId}`;
}

/**
 * A finding as `--json` prints it: its message id and data, and beside them its words; a suggestion's
 * undecided reasons as lines, with their ids and data.
 */
export type LintFindingJson = Omit<LintFinding, 'suggestion'> & {
  readonly message: string;
  readonly suggestion?: Omit<NonNullable<LintFinding['suggestion']>, 'undecided'> & ReturnType<typeof undecidedFields>;
};

export function lintFindingJson(f: LintFinding): LintFindingJson {
  const { rule, severity, ...rest } = f;
  const json = { rule, severity, message: lintMessage(f), ...rest };
  return f.suggestion ? { ...json, suggestion: { ...f.suggestion, ...undecidedFields(f.suggestion.undecided) } } : (json as LintFindingJson);
}

/** A replacement in words. */
function replacement(v: string | readonly string[], pointer: string | undefined): string {
  // In a CloudFormation template, values known at deployment go in a `!Sub`.
  const cfn = pointer?.startsWith('/Resources/') === true;
  const one = (x: string) => (cfn && /\$\{(?!aws:)[^}]+\}/.test(x) ? `\`!Sub '${x}'\`` : q(x));
  return typeof v === 'string' ? `replace with ${one(v)}` : `replace with ${v.map(one).join(', ')} (one statement each, or a list)`;
}

/** The suggested fix in words, when there is one (proven to allow nothing beyond what the statement meant). */
export function fixMessage(f: Pick<LintFinding, 'fix'> & { readonly location?: Pick<LintFinding['location'], 'pointer'> }): string | undefined {
  return f.fix ? replacement(f.fix.value, f.location?.pointer) : undefined;
}

/** A fix that is not proven, in words: what to complete and why it is not applied as it stands. */
export function suggestionMessage(f: Pick<LintFinding, 'suggestion'> & { readonly location?: Pick<LintFinding['location'], 'pointer'> }): string | undefined {
  const s = f.suggestion;
  if (!s) return undefined;
  const why =
    s.proof === 'refuted'
      ? `not applied automatically: it would also allow ${s.grants.slice(0, 2).map(q).join(' and ')}${s.grants.length > 2 ? ' and more' : ''}`
      : `not applied automatically: it could not be proven to allow nothing more (${s.undecided[0] !== undefined ? undecidedLine(s.undecided[0]) : 'undecided'})`;
  return `${replacement(s.value, f.location?.pointer)}, filling in what the file does not say (${why})`;
}

/** What each rule means, for `--list-rules`, SARIF's rule help and the docs (each rule's `meta.help`). */
export const RULE_HELP: Readonly<Record<RuleId, string>> = Object.fromEntries(RULE_METAS.map((m) => [m.id, m.help])) as Record<RuleId, string>;

const FORMAT_NAMES = { policy: 'policy document', scenario: 'scenario', cloudformation: 'CloudFormation template', 'terraform-plan': 'Terraform plan', terraform: 'Terraform configuration' } as const;

function where(f: LintFinding): string {
  return [f.location.resource !== undefined && f.location.resource !== f.location.policy ? f.location.resource : undefined, f.location.policy, f.location.statement].filter((p) => p !== undefined).join(' › ');
}

function actionLine(c: ActionCheck, style: Style): string[] {
  const mark = c.verdict === 'allowed' ? style.green('✓ allowed') : c.verdict === 'conditional' ? style.yellow('? only if conditions hold') : style.red('✗ not allowed');
  const name = [c.resource !== undefined && c.resource !== c.policy ? c.resource : undefined, c.policy].filter(Boolean).join(' › ');
  const lines = [`  ${mark}  ${visible(`${c.file}: ${name}`)}`];
  for (const r of c.results) {
    const how =
      r.decision === 'allow'
        ? `allowed by ${q(r.statement)}`
        : r.decision === 'explicit-deny'
          ? `denied by ${q(r.statement)}`
          : r.near.length > 0
            ? r.near.map((n) => `${q(n.statement)} misses the ${n.mismatch.join(' and ')}`).join('; ')
            : 'no statement covers the action';
    const from = r.from === 'derived' ? ' (built from the ARNs the policy names)' : '';
    lines.push(`      ${q(r.resource)}${from}: ${how}`);
  }
  return lines;
}

/** The human report, grouped by file. */
export function renderLintText(report: LintReport, style: Style): string {
  const lines: string[] = [];
  for (const file of report.files) {
    const findings = report.findings.filter((f) => f.location.file === file.file);
    lines.push(`${style.bold(visible(file.file))}  ${style.dim(`${FORMAT_NAMES[file.format]}, ${plural(file.policies, 'policy', 'policies')}`)}`);
    if (findings.length === 0) lines.push(`  ${style.green('no findings')}`);
    for (const f of findings) {
      const place = f.location.line !== undefined ? `${f.location.line}:${f.location.column}` : visible(f.location.pointer || '/');
      const severity = f.severity === 'error' ? style.red('error  ') : style.yellow('warning');
      lines.push(`  ${place.padEnd(7)} ${severity}  ${f.rule}  ${style.dim(visible(where(f)))}`);
      lines.push(`          ${lintMessage(f)}`);
      const fix = fixMessage(f);
      if (fix) lines.push(`          ${style.green('fix:')} ${fix}`);
      const suggestion = suggestionMessage(f);
      if (suggestion) lines.push(`          ${style.yellow('suggestion:')} ${suggestion}`);
    }
    lines.push('');
  }
  if (report.actionChecks) {
    lines.push(style.bold(`--action ${report.actionChecks[0]?.action ?? ''}`.trimEnd()));
    if (report.actionChecks.length === 0) lines.push('  no identity policy to check');
    for (const c of report.actionChecks) lines.push(...actionLine(c, style));
    lines.push('');
  }
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.length - errors;
  const policies = report.files.reduce((n, f) => n + f.policies, 0);
  const summary = `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(report.files.length, 'file')} (${plural(policies, 'policy', 'policies')})`;
  const suppressed = report.suppressed ?? [];
  const baselined = suppressed.filter((x) => x.kind === 'baseline').length;
  const extra = [
    report.skipped.length > 0 ? `${plural(report.skipped.length, 'file')} without policies skipped` : '',
    (report.ignored?.length ?? 0) > 0 ? `${plural(report.ignored!.length, 'file')} ignored by the configuration` : '',
    suppressed.length > baselined ? `${plural(suppressed.length - baselined, 'finding')} suppressed` : '',
    baselined > 0 ? `${plural(baselined, 'finding')} in the baseline` : '',
    report.problems.length > 0 ? `${plural(report.problems.length, 'file')} not read` : '',
  ]
    .filter(Boolean)
    .join('; ');
  lines.push(`${errors > 0 ? style.red(summary) : warnings > 0 ? style.yellow(summary) : style.green(summary)}${extra ? `; ${extra}` : ''}`);
  return `${lines.join('\n')}\n`;
}
