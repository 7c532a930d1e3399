/**
 * `whydenied lint` as a library: paths -> every finding of every rule, each located in its file (JSON
 * pointer, and line and column where the format has them), plus the `--action` checks.
 */
import { checkAction } from './action-check.js';
import { lintPolicyOf, statementLabel } from './policy.js';
import { actionNotAllowed, actionNotAllowedMeta } from './rules/action-not-allowed.js';
import { RULES } from './rules/index.js';
import { collectTargets, loadSource, type Range, type SourceFile } from './source.js';
import { proveFix } from './fix-proof.js';
import type { ActionCheck, InputProblem, LintedFile, LintFinding, LintPolicy, LintReport, LocatedFix, RuleFinding, RuleId, RuleMeta, SourcePolicy, SuggestedFix, Suggestion } from './types.js';
import { displayUnknowns, displayValue } from './unknown.js';

export interface LintOptions {
  /** `--action`: check whether each identity policy allows this action (already validated). */
  readonly action?: string;
}

const RULE_ORDER = new Map<string, number>([...RULES.map((r, i) => [r.meta.id, i] as const), [actionNotAllowedMeta.id, RULES.length]]);

function filePointer(policy: SourcePolicy, documentPointer: string): string {
  if (policy.embedded) return policy.pointer;
  return policy.origin ? policy.origin(documentPointer) : policy.pointer + documentPointer;
}

function located(file: string, policy: LintPolicy, meta: RuleMeta, f: RuleFinding, locate: ((pointer: string) => Range | undefined) | undefined): LintFinding {
  const pointer = filePointer(policy, f.location.pointer);
  const range = locate?.(pointer);
  const statement = statementLabel(policy, f.location.pointer);
  const data = Object.fromEntries(Object.entries(f.data).map(([k, v]) => [k, displayValue(v)]));
  return {
    rule: meta.id as RuleId,
    severity: f.severity ?? meta.severity,
    messageId: f.messageId,
    data,
    location: {
      file,
      ...(policy.resource !== undefined && { resource: displayUnknowns(policy.resource) }),
      policy: displayUnknowns(policy.name),
      ...(statement !== undefined && { statement: displayUnknowns(statement) }),
      pointer,
      documentPointer: f.location.pointer,
      ...(range && { line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn }),
    },
    ...(f.fix && checkedFix(policy, f.fix, locate)),
  };
}

/** The fix when it is proven not to widen (./fix-proof.ts), else a suggestion. */
function checkedFix(policy: LintPolicy, fix: SuggestedFix, locate: ((pointer: string) => Range | undefined) | undefined): { fix: LocatedFix } | { suggestion: Suggestion } {
  const proof = proveFix(policy, fix);
  if (proof.proof === 'proven') return { fix: locatedFix(policy, fix, locate) };
  return { suggestion: { pointer: fix.pointer, value: displayValue(fix.template ?? fix.value), proof: proof.proof, grants: proof.grants.map(displayUnknowns), undecided: proof.undecided } };
}

/** The fix, with the range of the value it replaces when that is one node of a JSON or YAML file. */
function locatedFix(policy: LintPolicy, fix: NonNullable<RuleFinding['fix']>, locate: ((pointer: string) => Range | undefined) | undefined): LocatedFix {
  const value = displayValue(fix.value);
  const texts = typeof value === 'string' ? [value] : value;
  const range = policy.embedded || texts.some((t) => t.includes('${')) ? undefined : locate?.(filePointer(policy, fix.pointer));
  return { pointer: fix.pointer, value, proof: 'proven', ...(range?.exact && { region: { line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn } }) };
}

function byPlace(a: LintFinding, b: LintFinding): number {
  const la = a.location.line ?? Number.MAX_SAFE_INTEGER;
  const lb = b.location.line ?? Number.MAX_SAFE_INTEGER;
  if (la !== lb) return la - lb;
  if ((a.location.column ?? 0) !== (b.location.column ?? 0)) return (a.location.column ?? 0) - (b.location.column ?? 0);
  return (RULE_ORDER.get(a.rule) ?? 0) - (RULE_ORDER.get(b.rule) ?? 0);
}

/** Lint the policies of one file (also for tests and library users who have the documents in hand). */
export function lintPolicies(
  file: string,
  sources: readonly SourcePolicy[],
  options: LintOptions = {},
  locate?: (pointer: string) => Range | undefined,
): { findings: LintFinding[]; actionChecks: ActionCheck[] } {
  const policies = sources.map(lintPolicyOf);
  const fileArns = policies.flatMap((p) => (p.parsed?.statements ?? []).flatMap((s) => [...(s.resource ?? []), ...(s.notResource ?? [])]));
  const findings: LintFinding[] = [];
  for (const policy of policies) {
    const related = policies.filter((p) => p !== policy && p.scope.some((s) => policy.scope.includes(s)));
    for (const rule of RULES) {
      for (const f of rule.run({ policy, related, fileArns })) findings.push(located(file, policy, rule.meta, f, locate));
    }
  }
  const actionChecks: ActionCheck[] = [];
  if (options.action !== undefined) {
    const checked = policies.flatMap((p) => {
      const check = checkAction(p, options.action!, file, fileArns, policies.filter((o) => o !== p && o.scope.some((s) => p.scope.includes(s))));
      return check ? [{ policy: p, check }] : [];
    });
    actionChecks.push(...checked.map((c) => c.check));
    const worst = actionNotAllowed(actionChecks);
    const at = worst && checked.find((c) => c.check === worst);
    if (worst && at) {
      const denied = worst.results.find((r) => r.decision === 'explicit-deny')?.statement;
      const near = denied ?? worst.results.flatMap((r) => r.near.map((n) => n.statement))[0];
      const statement = near === undefined ? undefined : at.policy.parsed?.statements.find((s) => (s.sid ?? String(s.index)) === near);
      findings.push(
        located(
          file,
          at.policy,
          actionNotAllowedMeta,
          {
            messageId: worst.verdict === 'conditional' ? 'onlyWithConditions' : denied !== undefined ? 'denied' : near !== undefined ? 'statementsMiss' : 'noStatement',
            location: { pointer: statement?.pointer ?? '' },
            data: { action: worst.action, policies: checked.length, resources: worst.results.map((r) => r.resource), statement: near },
          },
          locate,
        ),
      );
    }
  }
  findings.sort(byPlace);
  return { findings, actionChecks };
}

export function lintSource(source: SourceFile, options: LintOptions = {}): { findings: LintFinding[]; actionChecks: ActionCheck[] } {
  return lintPolicies(source.file, source.policies, options, (p) => source.locate(p));
}

/** Lint files and folders (walked recursively). */
export async function lintPaths(paths: readonly string[], options: LintOptions = {}): Promise<LintReport> {
  const { targets, problems } = await collectTargets(paths);
  const inputProblems: InputProblem[] = [...problems];
  const files: LintedFile[] = [];
  const findings: LintFinding[] = [];
  const skipped: string[] = [];
  const actionChecks: ActionCheck[] = [];
  for (const target of targets) {
    const loaded = await loadSource(target);
    if (loaded.ok === 'skip') skipped.push(loaded.file);
    else if (!loaded.ok) inputProblems.push(loaded.problem);
    else {
      const result = lintSource(loaded.source, options);
      files.push({ file: loaded.source.file, format: loaded.source.format, policies: loaded.source.policies.length });
      findings.push(...result.findings);
      actionChecks.push(...result.actionChecks);
    }
  }
  return { files, findings, problems: inputProblems, skipped, ...(options.action !== undefined && { actionChecks }) };
}
