/** What the engine returns: the decision, who denied, and the trace of every statement considered, as data (src/render/trace-detail.ts has the words). */

export type Decision = 'allow' | 'implicit-deny' | 'explicit-deny';

export type PolicyType =
  | 'identity'
  | 'resource'
  | 'permissions-boundary'
  | 'session'
  | 'scp'
  | 'rcp'
  | 'vpc-endpoint';

/** The evaluation path: the order of `deniedBy` and of the trace. */
/** The policy types whose statements name principals (Principal / NotPrincipal). */
export function namesPrincipals(type: PolicyType): boolean {
  return type === 'resource' || type === 'vpc-endpoint' || type === 'rcp';
}

export const POLICY_TYPE_ORDER: readonly PolicyType[] = ['scp', 'rcp', 'resource', 'identity', 'permissions-boundary', 'session', 'vpc-endpoint'];

export type Mismatch = 'action' | 'resource' | 'principal' | 'condition';

/** Why a statement did or did not apply, element by element. */
export type TraceReason =
  /** The action is not matched by Action (or is excluded by NotAction: `negated`). */
  | { readonly element: 'action'; readonly negated: boolean; readonly action: string; readonly patterns: readonly string[] }
  | { readonly element: 'resource'; readonly negated: boolean; readonly resource: string; readonly patterns: readonly string[] }
  /** The principal is not named in Principal (or is listed in NotPrincipal). */
  | { readonly element: 'principal'; readonly negated: boolean; readonly principal: string }
  /** A condition fails; `requestValues` is absent when the request has no such key. */
  | { readonly element: 'condition'; readonly operator: string; readonly key: string; readonly values: readonly string[]; readonly requestValues?: readonly string[] }
  /** The statement applies: every element it has matches (`conditions`: how many conditions). */
  | { readonly element: 'applies'; readonly resource: boolean; readonly principal: boolean; readonly conditions: number };

export interface StatementTrace {
  readonly policyType: PolicyType;
  /** The policy's name, else its ARN, else its place in the scenario, e.g. `identityPolicies[1]`. */
  readonly policy: string;
  /** The statement's Sid, else its index in the Statement array (as a string). */
  readonly statement: string;
  readonly effect: 'Allow' | 'Deny';
  /** True when every element applies to the request. */
  readonly matched: boolean;
  /** Which elements failed (empty when matched). */
  readonly mismatch: readonly Mismatch[];
  /** Why: each element that failed (for conditions the key, operator, policy values and the request's values), or what applied. */
  readonly reasons: readonly TraceReason[];
  /** For SCP/RCP statements: the organization level (target) whose policy this is. */
  readonly target?: string;
}

/** A statement, by its policy type, policy label, Sid (else index) and, for SCPs and RCPs, its level. */
export interface StatementRef {
  readonly policyType: PolicyType;
  readonly policy: string;
  readonly statement: string;
  readonly target?: string;
}

/**
 * A rule a service applies on top of the generic logic (docs/evaluation.md, "Service rules"), as data: the
 * rule's id and the values the renderer quotes.
 */
export type AwsRuleId =
  | 'key-policy-required'
  | 'trust-policy-required'
  | 'kms-grant'
  | 'no-permission-required'
  | 'long-term-credentials-required'
  | 'aws-owned-resource'
  | 'partition-mismatch'
  | 'organization-policies-exempt';

/** What the rule did to this request. */
export type AwsRuleOutcome =
  /** AWS refuses the request whatever the policies say: the decision is never `allow`. */
  | 'refuses'
  /** AWS allows the request whatever the policies say (a call that needs no permission). */
  | 'allows'
  /** The resource's own policy (key policy, trust policy) had to allow explicitly and did not. */
  | 'denies'
  /** Something other than a policy granted the request (a KMS grant). */
  | 'grants'
  /** Policies that would otherwise apply do not (SCPs, RCPs). */
  | 'exempts';

export interface AwsRuleFinding {
  readonly rule: AwsRuleId;
  readonly outcome: AwsRuleOutcome;
  readonly data: Readonly<Record<string, string>>;
}

export interface EvaluationResult {
  readonly decision: Decision;
  /**
   * Each policy type that denies, explicitly or by lacking a needed allow. Empty on allow, and when only an
   * AWS rule refuses the request (`awsRules` then has a `refuses` entry).
   */
  readonly deniedBy: readonly PolicyType[];
  /**
   * The statements that decided (Cedar's "determining policies"): on an explicit deny every Deny that
   * applies, on allow every Allow that applies, in each policy type that takes part in this request's
   * evaluation, in evaluation order; empty on an implicit deny (nothing applied that could decide) and on a
   * call that needs no permission (an AWS rule decided).
   */
  readonly determining: readonly StatementRef[];
  readonly statements: readonly StatementTrace[];
  /** The service rules that applied to this request (empty for the generic logic alone). */
  readonly awsRules: readonly AwsRuleFinding[];
}
