/**
 * The diagnosis check: one cause of an AccessDenied, in the one rule shape of ./rule.ts. A check returns
 * message ids and data (the templates in its `meta.messages` have the words; src/render/findings.ts fills
 * them) and, where a policy edit can remove the cause, a typed fix intent that src/remedy/ turns into a
 * verified policy.
 */
import type { ExplicitResourcePolicy } from '../engine/service-rules.js';
import type { EvaluationResult, PolicyType } from '../engine/types.js';
import type { Denial } from '../input/denial.js';
import type { Problem } from '../policy/problems.js';
import type { Request } from '../request/request.js';
import type { CompiledScenario } from '../scenario/compile.js';
import type { StatementAnalysis } from './analyze.js';
import type { Messages, Rule } from './rule.js';

export type { MessageData as FindingData, Severity } from './rule.js';

export interface DiagnosisContext {
  readonly denial?: Denial;
  /** The request as evaluated (absent when the input did not say enough to build one). */
  readonly request?: Request;
  /** Present when policies were given: the compiled scenario, its result and statement analysis. */
  readonly scenario?: CompiledScenario;
  readonly result?: EvaluationResult;
  readonly analysis: readonly StatementAnalysis[];
  /** Warnings from checking the policies (misspelled actions, malformed ARNs...). */
  readonly warnings: readonly Problem[];
  /** Policy types some of whose policies could not be read (`--live`): unknown, not empty. */
  readonly unread?: readonly PolicyType[];
}

/** Where a finding is: the policy type, and the statement when it is about one. */
export interface CheckLocation {
  readonly policyType?: PolicyType;
  readonly policy?: string;
  readonly statement?: string;
  /** The analysed statement the finding is about (not serialised). */
  readonly subject?: StatementAnalysis;
}

/** What a policy edit must do to remove the cause; src/remedy/fix.ts builds and verifies it. */
export type FixIntent =
  /** The policy type must allow the request; `closest` is the statement that nearly does. */
  | { readonly kind: 'grant'; readonly policyType: PolicyType; readonly closest?: StatementAnalysis; readonly failing?: 'resource' | 'condition' }
  /** The closest Allow tests aws:SourceIp on a call through a VPC endpoint: test aws:SourceVpce instead. */
  | { readonly kind: 'use-source-vpce'; readonly policyType: PolicyType; readonly closest: StatementAnalysis; readonly sourceVpce?: string }
  /** The action is misspelled in the policies: allow it as AWS spells it. */
  | { readonly kind: 'allow-action' }
  /** An SCP statement denies: an exception for the principal. */
  | { readonly kind: 'scp-exception'; readonly statement: StatementAnalysis }
  /** The session policy passed at AssumeRole must allow the action too. */
  | { readonly kind: 'session-policy' }
  /** No policy edit helps (Amazon Cognito's scope-down policy): call from a backend's role. */
  | { readonly kind: 'call-from-backend' }
  /** No resource-based policies: a role in the resource's account. */
  | { readonly kind: 'assume-role-in-resource-account'; readonly account: string }
  /** A KMS key policy or role trust policy must name the caller: a statement allowing exactly this call. */
  | { readonly kind: 'allow-in-resource-policy'; readonly policy: ExplicitResourcePolicy };

export type Check<Id extends string = string, M extends Messages = Messages> = Rule<Id, M, DiagnosisContext, CheckLocation | undefined, FixIntent>;

/** Declare a check, keeping its id and message ids as literal types. */
export function defineCheck<const Id extends string, const M extends Messages>(check: Check<Id, M>): Check<Id, M> {
  return check;
}

/** Helper for checks: the location of a finding about one analysed statement. */
export function about(subject: StatementAnalysis): CheckLocation {
  return { policyType: subject.type, policy: subject.statement.policy.label, statement: subject.statement.label, subject };
}
