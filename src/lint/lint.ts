/**
 * `whydenied lint` as a library: paths -> every finding of every rule, each located in its file (JSON
 * pointer, and line and column where the format has them), plus the `--action` checks.
 */
import { pathName } from '../input/file-name.js';
import { checkAction } from './action-check.js';
import { lintPolicyOf, statementLabel } from './policy.js';
import { actionNotAllowed, actionNotAllowedMeta } from './rules/action-not-allowed.js';
import { RULES } from './rules/index.js';
import { applyBaseline, type Baseline } from './baseline.js';
import { configSuppressions, defaultConfig, matchesAny, type LintConfig } from './config.js';
import type { ContextValue } from '../scenario/types.js';
import type { LintPolicyType } from './policy-type.js';
import { collectTargets, loadSource, type Range, type SourceFile } from './source.js';
import { proveFix } from './fix-proof.js';
import { applySuppressions } from './suppress.js';
import type { AccountSettings, ActionCheck, InputProblem, LintData, LintedFile, LintFinding, LintPolicy, LintReport, LocatedFix, RuleFinding, RuleId, RuleMeta, SourcePolicy, SuggestedFix, Suggestion, SuppressedFinding } from './types.js';
import { displayUnknowns, displayValue } from './unknown.js';

export interface LintOptions {
  /** `--action`: check whether each identity policy allows this action (already validated). */
  readonly action?: string;
  /** `--context`: the request `--action` checks carries these context keys. */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** `--policy-type`: the type of plain policy documents (else guessed from each document). */
  readonly policyType?: LintPolicyType;
  /** Severities, ignored files, accounts and suppressions (./config.ts); none by default. */
  readonly config?: LintConfig;
  /** Findings already accepted (./baseline.ts). */
  readonly baseline?: Baseline;
}

/** The configured severity of each finding; findings of rules turned off are dropped. */
function configured(findings: readonly LintFinding[], config: LintConfig | undefined): LintFinding[] {
  if (!config) return [...findings];
  return findings.flatMap((f) => {
    const severity = config.rules[f.rule];
    if (severity === 'off') return [];
    return severity === undefined || severity === f.severity ? [f] : [{ ...f, severity }];
  });
}

const rulesOff = (config: LintConfig | undefined): ReadonlySet<string> => new Set(Object.entries(config?.rules ?? {}).flatMap(([rule, s]) => (s === 'off' ? [rule] : [])));

const RULE_ORDER = new Map<string, number>([...RULES.map((r, i) => [r.meta.id, i] as const), [actionNotAllowedMeta.id, RULES.length]]);

function filePointer(policy: SourcePolicy, documentPointer: string): string {
  if (policy.embedded) return policy.pointer;
  return policy.origin ? policy.origin(documentPointer) : policy.pointer + documentPointer;
}

/** What located() reads of any rule's finding (the data is typed by each rule's templates). */
type AnyRuleFinding = Pick<RuleFinding, 'severity' | 'fix' | 'location'> & { readonly messageId: string; readonly data: object };

function located(file: string, policy: LintPolicy, meta: Pick<RuleMeta, 'id' | 'severity'>, f: AnyRuleFinding, locate: ((pointer: string) => Range | undefined) | undefined): LintFinding {
  const pointer = filePointer(policy, f.location.pointer);
  const range = locate?.(pointer);
  const statement = statementLabel(policy, f.location.pointer);
  const data: LintData = Object.fromEntries(Object.entries(f.data as LintData).map(([k, v]) => [k, displayValue(v)]));
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
    // The rule's run() typed the message id and data by its own meta.messages (displayValue keeps each value's type).
  } as LintFinding;
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
  const config = options.config ?? defaultConfig();
  const accounts: AccountSettings = { own: config.ownAccounts, examples: config.exampleAccounts };
  for (const policy of policies) {
    const related = policies.filter((p) => p !== policy && p.scope.some((s) => policy.scope.includes(s)));
    for (const rule of RULES) {
      if (config.rules[rule.meta.id] === 'off') continue;
      for (const f of rule.run({ policy, related, fileArns, accounts })) findings.push(located(file, policy, rule.meta, f, locate));
    }
  }
  const actionChecks: ActionCheck[] = [];
  if (options.action !== undefined) {
    const checked = policies.flatMap((p) => {
      const check = checkAction(p, options.action!, file, fileArns, policies.filter((o) => o !== p && o.scope.some((s) => p.scope.includes(s))), options.context);
      return check ? [{ policy: p, check }] : [];
    });
    actionChecks.push(...checked.map((c) => c.check));
    const worst = actionNotAllowed(actionChecks);
    const at = worst && checked.find((c) => c.check === worst);
    if (worst && at) {
      const denied = worst.results.find((r) => r.decision === 'explicit-deny')?.statement;
      const near = denied ?? worst.results.flatMap((r) => r.near.map((n) => n.statement))[0];
      const statement = near === undefined ? undefined : at.policy.parsed?.statements.find((s) => (s.sid ?? String(s.index)) === near);
      const finding: RuleFinding<typeof actionNotAllowedMeta.messages> = {
        messageId:
          worst.verdict === 'conditional'
            ? Object.keys(options.context ?? {}).length > 0
              ? 'conditionsNotMet'
              : 'onlyWithConditions'
            : denied !== undefined
              ? 'denied'
              : near !== undefined
                ? 'statementsMiss'
                : 'noStatement',
        location: { pointer: statement?.pointer ?? '' },
        data: { action: worst.action, policies: checked.length, resources: worst.results.map((r) => r.resource), statement: near },
      };
      findings.push(located(file, at.policy, actionNotAllowedMeta, finding, locate));
    }
  }
  const kept = configured(findings, options.config);
  kept.sort(byPlace);
  return { findings: kept, actionChecks };
}

/** One file's findings, less the suppressed ones, plus the findings about its suppressions. */
export function lintSource(source: SourceFile, options: LintOptions = {}): { findings: LintFinding[]; actionChecks: ActionCheck[]; suppressed: SuppressedFinding[] } {
  const result = lintPolicies(source.file, source.policies, options, (p) => source.locate(p));
  const suppressions = [...source.suppressions, ...(options.config ? configSuppressions(options.config, source.file) : [])];
  if (suppressions.length === 0) return { ...result, suppressed: [] };
  const { kept, suppressed, problems } = applySuppressions(result.findings, suppressions, rulesOff(options.config));
  const findings = [...kept, ...configured(problems, options.config)].sort(byPlace);
  return { findings, actionChecks: result.actionChecks, suppressed };
}

/** Lint files and folders (walked recursively). */
export async function lintPaths(paths: readonly string[], options: LintOptions = {}): Promise<LintReport> {
  const { targets, problems } = await collectTargets(paths);
  const inputProblems: InputProblem[] = [...problems];
  const files: LintedFile[] = [];
  const findings: LintFinding[] = [];
  const skipped: string[] = [];
  const ignored: string[] = [];
  const suppressed: SuppressedFinding[] = [];
  const actionChecks: ActionCheck[] = [];
  for (const target of targets) {
    const shown = pathName(target.path);
    if (options.config && target.path !== '-' && matchesAny(options.config.ignore, options.config, shown)) {
      ignored.push(shown);
      continue;
    }
    const loaded = await loadSource(target, options.policyType);
    if (loaded.ok === 'skip') skipped.push(loaded.file);
    else if (!loaded.ok) inputProblems.push(loaded.problem);
    else {
      const result = lintSource(loaded.source, options);
      files.push({ file: loaded.source.file, format: loaded.source.format, policies: loaded.source.policies.length });
      findings.push(...result.findings);
      suppressed.push(...result.suppressed);
      actionChecks.push(...result.actionChecks);
    }
  }
  const baselined = options.baseline ? applyBaseline(findings, options.baseline) : { kept: findings, accepted: [] };
  return {
    files,
    findings: baselined.kept,
    problems: inputProblems,
    skipped,
    ...(options.action !== undefined && { actionChecks }),
    suppressed: [...suppressed, ...baselined.accepted.map((finding) => ({ finding, kind: 'baseline' as const }))],
    ignored,
  };
}
