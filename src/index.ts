/** whydenied as a library: named exports only. */
import { tryBuildDenialQuery, type AthenaQueryProblem, type DenialQueryOptions } from './scan/athena-sql.js';
import { athenaQueryOptionsMessage } from './render/athena-query.js';
export { simulate, evaluateScenario, InvalidScenarioError, type SimulationResult } from './simulate.js';
export { compileScenario, type CompiledScenario, type CompileResult } from './scenario/compile.js';
export type { Scenario, ScenarioRequest, NamedPolicy, OrganizationLevel, ContextValue, KmsGrant, OrganizationFacts } from './scenario/types.js';
export type { AwsRuleFinding, AwsRuleId, AwsRuleOutcome, Decision, EvaluationResult, Mismatch, PolicyType, StatementRef, StatementTrace, TraceReason } from './engine/types.js';
export type { EvaluateOptions } from './engine/evaluate.js';
export type { Problem, ProblemCode, ProblemMessageId, ProblemMessages, ProblemNote, Severity } from './policy/problems.js';
export { wildcardMatch } from './policy/wildcard.js';
export { explain, type ExplainInput, type Explanation, type ExplainResult, type ExplainedFinding } from './explain/explain.js';
export { explanationJson, findingJson, type ExplanationJson, type FindingJson } from './render/explanation.js';
export { findingMessage } from './render/findings.js';
export { simulationJson } from './render/simulation.js';
export { problemHint, problemJson, problemMessage } from './render/problems.js';
export { traceDetail } from './render/trace-detail.js';
export { parseAccessDeniedText } from './input/access-denied-message.js';
export { parseSdkError } from './input/sdk-error.js';
export { denialFromJson, parseDenialInput } from './input/pasted.js';
export { parseDecodedAuthorization } from './input/decoded-authorization.js';
export { cloudTrailRecords, denialFromRecord, isDenialRecord } from './input/cloudtrail.js';
export type { Denial, DenialResult, NotADenial, NotADenialId, NotADenialMessages } from './input/denial.js';
export { notADenialMessage } from './render/not-a-denial.js';
export type { Fix } from './remedy/fix.js';
export { whydeniedPlugin, withWhydenied, whydeniedOf, type WhydeniedPlugin, type WhydeniedPluginOptions, type WhydeniedError } from './aws/sdk-plugin.js';
export { SELF_POLICY, SELF_CALLS, type SelfCall } from './aws/self-policy.js';
export { scan, type ScanOptions, type ScanReport, type ScanGroup, type ScanFilters } from './scan/index.js';
export {
  tryBuildDenialQuery,
  type AthenaQueryProblem,
  type AthenaQueryProblemId,
  type AthenaQueryProblemMessages,
  type DenialQueryOptions,
  type DenialQueryResult,
} from './scan/athena-sql.js';
export { athenaQueryOptionsMessage, athenaQueryProblemMessage } from './render/athena-query.js';

/**
 * Thrown by {@link buildDenialQuery} for options that cannot become SQL: `problems` holds each as a message
 * id and its data, `message` their words (defined here, where the words may be imported).
 */
export class InvalidAthenaQueryError extends Error {
  constructor(readonly problems: readonly AthenaQueryProblem[]) {
    super(athenaQueryOptionsMessage(problems));
    this.name = 'InvalidAthenaQueryError';
  }
}

/** The denial query (Trino/Presto SQL for Athena engine v3). Throws {@link InvalidAthenaQueryError} on bad options. */
export function buildDenialQuery(options: DenialQueryOptions): string {
  const built = tryBuildDenialQuery(options);
  if (!built.ok) throw new InvalidAthenaQueryError(built.problems);
  return built.sql;
}
