/**
 * Differential test: the engine's fast path (no trace), its traced path and the reference model
 * (test/reference/evaluator.ts) must agree on the decision, deniedBy and the determining statements for
 * random valid scenarios (test/arbitraries.ts).
 * Runs: DIFFERENTIAL_RUNS (default 5,000); a failure prints the shrunk scenario and fast-check's seed.
 *
 * Disagreements found this way, once decided from the AWS documentation, become table cases in
 * test/cases/differential-counterexamples.json (run against the engine by cases.test.ts); here the
 * reference must follow them too.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario, evaluateScenario } from '../src/index.js';
import type { Decision, PolicyType, StatementRef } from '../src/engine/types.js';
import type { Scenario } from '../src/scenario/types.js';
import { scenarioArb } from './arbitraries.js';
import { referenceEvaluate } from './reference/evaluator.js';

const RUNS = Number(process.env.DIFFERENTIAL_RUNS ?? 5000);

interface Outcome {
  readonly decision: Decision | 'error';
  readonly deniedBy: readonly PolicyType[];
  readonly determining: readonly StatementRef[];
  readonly issues?: unknown;
}

function engine(scenario: Scenario, trace: boolean): Outcome {
  const compiled = compileScenario(scenario);
  // Every generated scenario is valid input: a problem here is a disagreement too.
  if (!compiled.ok) return { decision: 'error', deniedBy: [], determining: [], issues: compiled.problems };
  const result = evaluateScenario(compiled.value, { trace });
  return { decision: result.decision, deniedBy: [...result.deniedBy], determining: [...result.determining] };
}

describe('engine vs reference model', () => {
  it(`agree on decision, deniedBy and determining for ${RUNS} random scenarios (fast path, traced path, reference)`, () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const expected = { ...referenceEvaluate(scenario), issues: undefined };
        const fast = engine(scenario, false);
        const traced = engine(scenario, true);
        expect({ ...fast, issues: fast.issues }, 'fast path').toEqual(expected);
        expect({ ...traced, issues: traced.issues }, 'traced path').toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the untraced result as a caller sees it', () => {
  it('serializes as the traced one does, fields in the same order, without the trace (500 random scenarios)', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const compiled = compileScenario(scenario);
        if (!compiled.ok) return;
        const traced = JSON.parse(JSON.stringify(evaluateScenario(compiled.value, { trace: true }))) as Record<string, unknown>;
        const untraced = JSON.parse(JSON.stringify(evaluateScenario(compiled.value, { trace: false }))) as Record<string, unknown>;
        expect(Object.keys(untraced)).toEqual(Object.keys(traced));
        expect(untraced).toEqual({ ...traced, statements: [] });
      }),
      { numRuns: 500 },
    );
  });
});

interface Counterexample {
  readonly name: string;
  readonly scenario: Scenario;
  readonly expect: { readonly decision: Decision; readonly deniedBy: readonly PolicyType[] };
}

const counterexamples = JSON.parse(readFileSync(new URL('./cases/differential-counterexamples.json', import.meta.url), 'utf8')) as Counterexample[];

describe('recorded counterexamples', () => {
  for (const example of counterexamples) {
    it(`the reference follows: ${example.name}`, () => {
      const { decision, deniedBy } = referenceEvaluate(example.scenario);
      expect({ decision, deniedBy }).toEqual({ decision: example.expect.decision, deniedBy: [...example.expect.deniedBy] });
    });
  }
});
