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

export interface EvaluationResult {
  readonly decision: Decision;
  /** Each policy type that denies, explicitly or by lacking a needed allow; empty on allow. */
  readonly deniedBy: readonly PolicyType[];
  readonly statements: readonly StatementTrace[];
}
