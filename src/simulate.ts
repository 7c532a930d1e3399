/** simulate(scenario): the engine's public entry point. */
import { evaluate, type EvaluateOptions } from './engine/evaluate.js';
import type { EvaluationResult } from './engine/types.js';
import type { Problem } from './policy/problems.js';
import { compileScenario, type CompiledScenario } from './scenario/compile.js';

export interface SimulationResult extends EvaluationResult {
  /** What AWS accepts but is almost always a mistake (unknown actions, malformed ARNs...). */
  readonly warnings: readonly Problem[];
}

/**
 * Thrown by simulate() for input AWS would reject or that is not a scenario; `issues` lists every problem
 * as data (code, message id, data). The core makes no sentences: the error's message names each error's
 * place and code, and `problemMessage(issue)` (exported beside it) gives an issue's words.
 */
export class InvalidScenarioError extends Error {
  constructor(readonly issues: readonly Problem[]) {
    super(`invalid scenario: ${issues.filter((p) => p.severity === 'error').map((p) => `${p.pointer || '/'}: ${p.code}`).join('; ')}`);
    this.name = 'InvalidScenarioError';
  }
}

/** Evaluate an already compiled scenario (fast path for repeated decisions). */
export function evaluateScenario(compiled: CompiledScenario, options: EvaluateOptions = { trace: true }): SimulationResult {
  // Object.assign keeps the untraced result's lazy `determining` lazy (a spread would drop it).
  return Object.assign(evaluate(compiled.policies, compiled.request, options), { warnings: compiled.warnings });
}

/**
 * Decide a scenario's request exactly as AWS would, with the trace of every statement considered.
 * Throws InvalidScenarioError when the scenario is invalid (use compileScenario() for a result instead).
 */
export function simulate(scenario: unknown, options: EvaluateOptions = { trace: true }): SimulationResult {
  const compiled = compileScenario(scenario);
  if (!compiled.ok) throw new InvalidScenarioError(compiled.problems);
  return evaluateScenario(compiled.value, options);
}
