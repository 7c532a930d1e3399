/**
 * Hand-written policy pairs for `whydenied diff` (test/proof/cases.json): each element (Action, NotAction,
 * Resource, NotResource, Deny statements) and each operator family, with the verdict and the reasons
 * expected. Every difference reported is also checked with simulate(): allowed on one side, not the other.
 */
import { describe, expect, it } from 'vitest';
import type { PolicyType } from '../src/engine/types.js';
import { diffPolicies, policyScenario, type Difference } from '../src/proof/diff.js';
import { simulate } from '../src/simulate.js';
import { readTable } from './schemas/tables.js';

interface Case {
  readonly name: string;
  readonly type: PolicyType;
  readonly old: unknown;
  readonly new: unknown;
  readonly expect: {
    readonly broader: boolean;
    readonly narrower: boolean;
    readonly newlyAllowed?: readonly Record<string, unknown>[];
    readonly newlyDenied?: readonly Record<string, unknown>[];
    readonly futureActions?: readonly Record<string, unknown>[];
    readonly undecided?: boolean;
  };
}

const { cases } = readTable<{ cases: Case[] }>('proof-cases', 'test/proof/cases.json');

function decision(type: PolicyType, document: unknown, d: Difference): string {
  return simulate(policyScenario(type, document, { principal: d.principal, action: d.action, resource: d.resource, context: d.context })).decision;
}

function expectEntries(actual: readonly Difference[], expected: readonly Record<string, unknown>[] | undefined): void {
  if (expected === undefined) return;
  if (expected.length === 0) expect(actual).toEqual([]);
  for (const e of expected) expect(actual).toContainEqual(expect.objectContaining({ ...e, ...(e['because'] !== undefined && { because: expect.objectContaining(e['because'] as object) }) }));
}

describe('diff: hand-written pairs', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = diffPolicies(c.old, c.new, c.type);
      expect({ broader: result.broader, narrower: result.narrower }).toEqual({ broader: c.expect.broader, narrower: c.expect.narrower });
      expect(result.undecided.length > 0).toBe(c.expect.undecided ?? false);
      expectEntries(result.newlyAllowed, c.expect.newlyAllowed);
      expectEntries(result.newlyDenied, c.expect.newlyDenied);
      expectEntries(result.futureActions, c.expect.futureActions);
      for (const d of result.newlyAllowed) {
        expect(decision(c.type, c.new, d)).toBe('allow');
        expect(decision(c.type, c.old, d)).not.toBe('allow');
      }
      for (const d of result.newlyDenied) {
        expect(decision(c.type, c.old, d)).toBe('allow');
        expect(decision(c.type, c.new, d)).not.toBe('allow');
      }
    });
  }
});
