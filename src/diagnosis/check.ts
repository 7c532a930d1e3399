/**
 * The shape of a check (one cause of an AccessDenied) and of what it reports. A check returns message ids
 * and data; src/render/findings.ts turns them into words.
 */
import type { EvaluationResult, PolicyType } from '../engine/types.js';
import type { Denial } from '../input/denial.js';
import type { Problem } from '../policy/problems.js';
import type { Request } from '../request/request.js';
import type { CompiledScenario } from '../scenario/compile.js';
import type { StatementAnalysis } from './analyze.js';

export type CheckId =
  | 'action-not-allowed'
  | 'resource-not-matched'
  | 'condition-not-met'
  | 'explicit-deny'
  | 'malformed-arn'
  | 'id-passed-as-arn'
  | 'cross-account'
  | 'session-policy-scope-down'
  | 'not-a-policy-decision'
  | 'region-or-account-mismatch'
  | 'misspelled-action'
  | 'allowed-by-given-policies'
  | 'key-policy-not-allowing'
  | 'trust-policy-not-allowing'
  | 'aws-owned-resource'
  | 'partition-mismatch';

export type Severity = 'error' | 'warning' | 'info';

/** Message data: plain values the renderer quotes. */
export type FindingData = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

export interface Finding {
  readonly check: CheckId;
  readonly severity: Severity;
  readonly messageId: string;
  readonly data: FindingData;
  readonly policyType?: PolicyType;
  readonly policy?: string;
  readonly statement?: string;
  /** The analysed statement the finding is about, for the remedy (not serialised). */
  readonly subject?: StatementAnalysis;
}

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
}

export interface Check {
  readonly id: CheckId;
  readonly title: string;
  /** docs/checks/<id>.md */
  readonly docs: string;
  run(ctx: DiagnosisContext): Finding[];
}

/** Helper for checks: a finding about one analysed statement. */
export function about(subject: StatementAnalysis): Pick<Finding, 'policyType' | 'policy' | 'statement' | 'subject'> {
  return { policyType: subject.type, policy: subject.statement.policy.label, statement: subject.statement.label, subject };
}
