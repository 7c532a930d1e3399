/** whydenied as a library: named exports only. */
export { simulate, evaluateScenario, InvalidScenarioError, type SimulationResult } from './simulate.js';
export { compileScenario, type CompiledScenario, type CompileResult } from './scenario/compile.js';
export type { Scenario, ScenarioRequest, NamedPolicy, OrganizationLevel, ContextValue } from './scenario/types.js';
export type { Decision, EvaluationResult, Mismatch, PolicyType, StatementTrace } from './engine/types.js';
export type { EvaluateOptions } from './engine/evaluate.js';
export type { Problem, Severity } from './policy/problems.js';
export { wildcardMatch } from './policy/wildcard.js';
