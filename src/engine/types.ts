/** What the engine returns: the decision, who denied, and the trace of every statement considered. */

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
export const POLICY_TYPE_ORDER: readonly PolicyType[] = ['scp', 'rcp', 'resource', 'identity', 'permissions-boundary', 'session', 'vpc-endpoint'];

export type Mismatch = 'action' | 'resource' | 'principal' | 'condition';

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
  /** Why, in words: for conditions the key, operator, policy values and the request's value or its absence. */
  readonly detail: string;
  /** For SCP/RCP statements: the organization level (target) whose policy this is. */
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
  readonly statements: readonly StatementTrace[];
  /** The service rules that applied to this request (empty for the generic logic alone). */
  readonly awsRules: readonly AwsRuleFinding[];
}
