/**
 * Differential test: the engine (`simulate`) and the reference model (test/reference/evaluator.ts) must
 * agree on the decision and on deniedBy for random valid scenarios (test/arbitraries.ts).
 * Runs: DIFFERENTIAL_RUNS (default 5,000); a failure prints the shrunk scenario and fast-check's seed.
 *
 * Disagreements found this way, once decided from the AWS documentation, become table cases in
 * test/cases/differential-counterexamples.json (run against the engine by cases.test.ts); here the
 * reference must follow them too.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/index.js';
import type { Decision, PolicyType } from '../src/engine/types.js';
import type { Scenario } from '../src/scenario/types.js';
import { scenarioArb } from './arbitraries.js';
import { referenceEvaluate } from './reference/evaluator.js';

const RUNS = Number(process.env.DIFFERENTIAL_RUNS ?? 5000);

interface Outcome {
  readonly decision: Decision | 'error';
  readonly deniedBy: readonly PolicyType[];
  readonly issues?: unknown;
}

function engine(scenario: Scenario): Outcome {
  try {
    const result = simulate(scenario);
    return { decision: result.decision, deniedBy: [...result.deniedBy] };
  } catch (error) {
    // Every generated scenario is valid input: an error here is a disagreement too.
    const issues = (error as { issues?: unknown }).issues ?? String(error);
    return { decision: 'error', deniedBy: [], issues };
  }
}

describe('engine vs reference model', () => {
  it(`agree on decision and deniedBy for ${RUNS} random scenarios`, () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const expected = referenceEvaluate(scenario);
        const actual = engine(scenario);
        expect({ decision: actual.decision, deniedBy: actual.deniedBy, issues: actual.issues }).toEqual({
          decision: expected.decision,
          deniedBy: expected.deniedBy,
          issues: undefined,
        });
      }),
      { numRuns: RUNS },
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
      expect(referenceEvaluate(example.scenario)).toEqual({ decision: example.expect.decision, deniedBy: [...example.expect.deniedBy] });
    });
  }
});
