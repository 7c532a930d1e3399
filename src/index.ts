/** whydenied as a library: named exports only. */
export { simulate, evaluateScenario, InvalidScenarioError, type SimulationResult } from './simulate.js';
export { compileScenario, type CompiledScenario, type CompileResult } from './scenario/compile.js';
export type { Scenario, ScenarioRequest, NamedPolicy, OrganizationLevel, ContextValue, KmsGrant, OrganizationFacts } from './scenario/types.js';
export type { AwsRuleFinding, AwsRuleId, AwsRuleOutcome, Decision, EvaluationResult, Mismatch, PolicyType, StatementTrace } from './engine/types.js';
export type { EvaluateOptions } from './engine/evaluate.js';
export type { Problem, Severity } from './policy/problems.js';
export { wildcardMatch } from './policy/wildcard.js';
export { explain, type ExplainInput, type Explanation, type ExplainResult } from './explain.js';
export { parseAccessDeniedText } from './input/access-denied-message.js';
export { parseSdkError } from './input/sdk-error.js';
export { cloudTrailRecords, denialFromRecord, isDenialRecord } from './input/cloudtrail.js';
export type { Denial } from './input/denial.js';
export type { Fix } from './remedy/fix.js';
export { whydeniedPlugin, withWhydenied, whydeniedOf, type WhydeniedPlugin, type WhydeniedPluginOptions, type WhydeniedError } from './aws/sdk-plugin.js';
export { SELF_POLICY, SELF_CALLS, type SelfCall } from './aws/self-policy.js';
export { scan, type ScanOptions, type ScanReport, type ScanGroup, type ScanFilters } from './scan/index.js';
export { buildDenialQuery, tryBuildDenialQuery, InvalidAthenaQueryError, type DenialQueryOptions } from './scan/athena-sql.js';
