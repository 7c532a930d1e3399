/**
 * The shapes of `whydenied lint`: the policies found in a file, the rules that check them, and what they
 * report. Rules return message ids and data; src/render/lint-text.ts fills each message's template.
 */
import type { DataOf, MessageData, MessageId, Messages, Report, Rule, RuleMeta as Meta } from '../diagnosis/rule.js';
import type { PolicyType } from '../engine/types.js';
import type { InputProblem } from '../input/input-problems.js';
import type { ParsedPolicy } from '../policy/parse.js';
import type { Problem } from '../policy/problems.js';
import type { Undecided } from '../proof/undecided.js';

export type LintSeverity = 'error' | 'warning';

export type { RuleId } from './rules/index.js';
import type { RuleId, RuleMessages } from './rules/index.js';

/** Message data: plain values the renderer quotes. */
export type LintData = MessageData;

/**
 * A rule, one of its message ids and that message's data, typed by the rule's `meta.messages` (a wrong
 * pair does not compile), as diagnosis findings are (src/diagnosis/checks/index.ts).
 */
export type LintMessage = {
  [Id in RuleId]: {
    [K in MessageId<RuleMessages[Id]>]: { readonly rule: Id; readonly messageId: K; readonly data: DataOf<RuleMessages[Id][K]> };
  }[MessageId<RuleMessages[Id]>];
}[RuleId];

/** A lint rule's meta: the one shape's, and `help`, what the rule means (for `--list-rules`, SARIF and the docs). */
export type RuleMeta<Id extends string = string, M extends Messages = Messages> = Meta<Id, M, LintSeverity> & { readonly help: string };

/** Replace the value at `pointer` (inside the policy document) with `value`. */
export interface SuggestedFix {
  readonly pointer: string;
  readonly value: string | readonly string[];
  /**
   * What the statement's author meant beyond what it allows now (`instance/A` meant the things in
   * instance A): the fix may newly allow these requests (wildcard patterns) and nothing else. Without it
   * the fix must allow nothing new. Checked by ./fix-proof.ts.
   */
  readonly intent?: readonly { readonly action: string; readonly resource: string }[];
  /** What to suggest when the fix cannot be proven (placeholders where the file does not say); else `value`. */
  readonly template?: string | readonly string[];
}

/** A fix that could not be proven to allow nothing beyond the statement's intent: shown, never applied. */
export interface Suggestion {
  readonly pointer: string;
  readonly value: string | readonly string[];
  readonly proof: 'refuted' | 'undecided';
  /** Requests the rule's candidate fix would also allow (`action on resource`). */
  readonly grants: readonly string[];
  /** Why the proof could not decide (data: src/render/proof.ts words it). */
  readonly undecided: readonly Undecided[];
}

/** Where a rule's finding is: a JSON pointer relative to the policy document. */
export interface RuleLocation {
  readonly pointer: string;
}

/** What a rule reports about one policy. */
export type RuleFinding<M extends Messages = Messages> = Report<M, RuleLocation, SuggestedFix, LintSeverity>;

export type SourceFormat = 'policy' | 'scenario' | 'cloudformation' | 'terraform-plan' | 'terraform';

/** One policy document found in a file, before parsing. */
export interface SourcePolicy {
  readonly type: PolicyType;
  /** The policy's name as the file gives it (PolicyName, a scenario's `name`), else where it is. */
  readonly name: string;
  /** The CloudFormation logical ID, Terraform address or scenario field that holds the policy. */
  readonly resource?: string;
  /**
   * The document as linted. Values only known at deployment (CloudFormation `!Ref`, `!Sub` variables,
   * `!GetAtt`...) are unknown tokens: see ./unknown.ts.
   */
  readonly document: unknown;
  /** JSON pointer of the document in the file ('' for a policy file). */
  readonly pointer: string;
  /** The document is a JSON string inside the file (Terraform): places inside it have no line. */
  readonly embedded: boolean;
  /** Pointer inside `document` -> pointer inside the file's document value (they differ around `!If`). */
  readonly origin?: (documentPointer: string) => string;
  /** The principals the policy applies to: deny-everything compares policies that share one. */
  readonly scope: readonly string[];
  /** For a resource-based policy, what holds it when that adds rules (a role's trust policy, a KMS key...). */
  readonly holder?: PolicyHolder;
}

/** The resource that holds a resource-based policy: its actions must be that service's. */
export interface PolicyHolder {
  readonly kind: 'trust' | 'key' | 'bucket' | 'queue' | 'topic' | 'function';
  /** The service prefix of the actions the policy may name. */
  readonly service: string;
}

export interface LintPolicy extends SourcePolicy {
  /**
   * The parsed policy; with grammar errors (among `problems`), only its well-formed statements
   * (`partial`), or undefined when nothing parses (not an object, no Statement).
   */
  readonly parsed: ParsedPolicy | undefined;
  /** The document has grammar errors: AWS rejects it, so it allows nothing (`--action`). */
  readonly partial: boolean;
  /** Grammar and catalog problems (pointers relative to the document), none about unknown values. */
  readonly problems: readonly Problem[];
  /** The document's value at a pointer; undefined when absent. */
  valueAt(pointer: string): unknown;
}

export interface RuleContext {
  /** The policy to check. */
  readonly policy: LintPolicy;
  /** The other policies of the file that apply to a principal this one applies to. */
  readonly related: readonly LintPolicy[];
  /** Every Resource and NotResource value in the file (for suggestions filled from what it names). */
  readonly fileArns: readonly string[];
  /** What the configuration says about accounts (./config.ts). */
  readonly accounts: AccountSettings;
}

export interface AccountSettings {
  /** The organization's own accounts: never placeholders. */
  readonly own: ReadonlySet<string>;
  /** Severity of the AWS documentation's example accounts. */
  readonly examples: LintSeverity | 'off';
}

export type LintRule<Id extends string = string, M extends Messages = Messages> = Rule<Id, M, RuleContext, RuleLocation, SuggestedFix, LintSeverity> & { readonly meta: RuleMeta<Id, M> };

/** Declare a lint rule, keeping its id and message ids as literal types. */
export function defineRule<const Id extends string, const M extends Messages>(rule: LintRule<Id, M>): LintRule<Id, M> {
  return rule;
}

/** Where a finding is. Lines and columns are 1-based; they are absent inside embedded JSON strings. */
export interface Location {
  readonly file: string;
  readonly resource?: string;
  readonly policy: string;
  /** The statement's Sid, else its index. */
  readonly statement?: string;
  /** JSON pointer in the file (for Terraform: the `policy` string that holds the document). */
  readonly pointer: string;
  /** JSON pointer inside the policy document. */
  readonly documentPointer: string;
  readonly line?: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

/** A rule's finding, located in its file: its rule, message id and data (`LintMessage`), severity and place. */
export type LintFinding = LintMessage & {
  readonly severity: LintSeverity;
  readonly location: Location;
  /** Proven to allow nothing beyond the statement's intent (src/proof/): safe to apply. */
  readonly fix?: LocatedFix;
  /** A fix that is not proven: for a person to complete and review. */
  readonly suggestion?: Suggestion;
};

/** A fix, with the exact place of the value it replaces when the file has one (for SARIF). */
export interface LocatedFix {
  readonly pointer: string;
  readonly value: string | readonly string[];
  readonly proof: 'proven';
  readonly region?: { readonly line: number; readonly column: number; readonly endLine: number; readonly endColumn: number };
}

/** `--action`: would this identity policy allow the action on the resources it names? */
export interface ActionCheck {
  readonly file: string;
  readonly resource?: string;
  readonly policy: string;
  readonly action: string;
  /** allowed: every resource checked is allowed; conditional: only when the statement's conditions hold. */
  readonly verdict: 'allowed' | 'conditional' | 'denied';
  readonly results: readonly ActionCheckResult[];
}

export interface ActionCheckResult {
  /** The resource evaluated (unknown CloudFormation values shown as `${Name}`). */
  readonly resource: string;
  readonly decision: 'allow' | 'implicit-deny' | 'explicit-deny';
  /** The statement that allows or explicitly denies. */
  readonly statement?: string;
  /** Statements that cover the action but miss the resource or a condition. */
  readonly near: readonly { readonly statement: string; readonly mismatch: readonly string[] }[];
  /** Where the resource came from: a Resource pattern of the policy, or built from the ARNs it names. */
  readonly from: 'pattern' | 'derived' | 'any';
}

export type { InputProblem };

export interface LintedFile {
  readonly file: string;
  readonly format: SourceFormat;
  readonly policies: number;
}

/** A finding accepted on purpose: inline or in the configuration (with its reason), or by the baseline. */
export interface SuppressedFinding {
  readonly finding: LintFinding;
  readonly kind: 'inSource' | 'external' | 'baseline';
  readonly reason?: string;
}

export interface LintReport {
  readonly files: readonly LintedFile[];
  readonly findings: readonly LintFinding[];
  /** Files that could not be linted: missing, binary, malformed, not a policy, no IAM policies. */
  readonly problems: readonly InputProblem[];
  /** Files found in folders that hold no policy (package.json...): not an error. */
  readonly skipped: readonly string[];
  readonly actionChecks?: readonly ActionCheck[];
  /** Findings accepted by a suppression or the baseline: not counted, kept for SARIF and --json. */
  readonly suppressed?: readonly SuppressedFinding[];
  /** Files the configuration's `ignore` leaves out. */
  readonly ignored?: readonly string[];
}
