/**
 * Differential test of `whydenied diff`'s proof (src/proof/): over a small universe of requests (a few
 * actions, resources and values of each condition key), brute force decides every request with the
 * engine under OLD and NEW; the proof must find a newly allowed (or denied) request whenever brute force
 * does, and every request the proof reports must really be decided differently by simulate().
 * Runs: PROOF_RUNS (default 300; run PROOF_RUNS=3000 after changing src/proof/); a failure prints the
 * shrunk policy pair and fast-check's seed. Pairs found this way become cases in test/proof/cases.json.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/engine/evaluate.js';
import type { PolicyType } from '../src/engine/types.js';
import { diffPolicies, policyScenario, scenarioForPolicy, type Difference } from '../src/proof/diff.js';
import { buildRequest } from '../src/request/request.js';
import { compileScenario } from '../src/scenario/compile.js';
import type { ContextValue } from '../src/scenario/types.js';
import { simulate } from '../src/simulate.js';

const RUNS = Number(process.env.PROOF_RUNS ?? 300);
const PRINCIPAL = 'arn:aws:sts::111122223333:assumed-role/R/S';

const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'sqs:SendMessage'];
const ACTION_PATTERNS = ['s3:GetObject', 's3:getobject', 's3:Get*', 's3:*', '*', 's3:PutObject', 'sqs:SendMessage', 's3:?etObject', 's3:*Object', 'sqs:*'];
const RESOURCES = ['arn:aws:s3:::bucket/a', 'arn:aws:s3:::bucket/ab', 'arn:aws:s3:::other', 'arn:aws:s3:::bucket/A', '*'];
const RESOURCE_PATTERNS = ['*', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a', 'arn:aws:s3:::b*', 'arn:aws:s3:::bucket/?', 'arn:aws:s3:::*/a*', 'arn:aws:s3:::other'];

interface KeySpec {
  readonly key: string;
  readonly operators: readonly string[];
  readonly policyValues: readonly string[];
  /** The universe's values of the key (arrays for multivalued keys). */
  readonly requestValues: readonly ContextValue[];
}

const KEYS: readonly KeySpec[] = [
  {
    key: 'aws:PrincipalTag/team',
    operators: ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringEqualsIfExists', 'StringNotLikeIfExists'],
    policyValues: ['a', 'A', 'b*', '?', 'ab'],
    requestValues: ['a', 'A', 'bx', 'c', 'ab', 'b', ''],
  },
  {
    key: 'aws:SourceIp',
    operators: ['IpAddress', 'NotIpAddress', 'IpAddressIfExists', 'NotIpAddressIfExists'],
    policyValues: ['10.0.0.0/8', '10.1.0.0/16', '192.0.2.1', '2001:db8::/32', '0.0.0.0/0'],
    requestValues: ['10.1.2.3', '10.2.0.1', '192.0.2.1', '192.0.2.2', '8.8.8.8', '2001:db8::1', '2001:db9::1', 'bad'],
  },
  {
    key: 'aws:CurrentTime',
    operators: ['DateLessThan', 'DateGreaterThanEquals', 'DateEquals', 'DateNotEquals', 'DateLessThanEqualsIfExists', 'DateGreaterThan'],
    policyValues: ['2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'],
    requestValues: ['2025-06-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z', '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z', 'never'],
  },
  {
    key: 'aws:MultiFactorAuthAge',
    operators: ['NumericLessThan', 'NumericGreaterThan', 'NumericEquals', 'NumericNotEquals', 'NumericLessThanEquals', 'NumericGreaterThanEqualsIfExists'],
    policyValues: ['100', '3600'],
    requestValues: ['50', '100', '2000', '3600', '5000', 'x'],
  },
  {
    key: 'aws:MultiFactorAuthPresent',
    operators: ['Bool', 'BoolIfExists'],
    policyValues: ['true', 'false'],
    requestValues: ['true', 'false', 'TRUE', 'maybe'],
  },
  {
    key: 'aws:TagKeys',
    operators: ['ForAllValues:StringEquals', 'ForAnyValue:StringEquals', 'ForAllValues:StringLike', 'ForAnyValue:StringNotEquals', 'ForAllValues:StringNotLike', 'ForAnyValue:StringLikeIfExists'],
    policyValues: ['a', 'b', 'c*'],
    requestValues: [['a'], ['b'], ['a', 'b'], ['cx'], ['d'], ['a', 'd'], ['cx', 'b'], ['a', 'b', 'd']],
  },
  {
    key: 'aws:SourceArn',
    operators: ['ArnLike', 'ArnEquals', 'ArnNotLike', 'ArnNotEqualsIfExists', 'StringLike'],
    policyValues: ['arn:aws:sns:*:111122223333:t*', 'arn:aws:sns:us-east-1:*:topic', 'arn:aws:sns:us-east-1:111122223333:topic'],
    requestValues: ['arn:aws:sns:us-east-1:111122223333:topic', 'arn:aws:sns:us-east-1:444455556666:topic', 'arn:aws:sns:eu-west-1:111122223333:tx', 'arn:aws:sns:eu:west:111122223333:t', 'notarn'],
  },
];

const conditionArb = (spec: KeySpec) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ operator: fc.constantFrom(...spec.operators), values: fc.uniqueArray(fc.constantFrom(...spec.policyValues), { minLength: 1, maxLength: 2 }) }) },
    { weight: 1, arbitrary: fc.record({ operator: fc.constant('Null'), values: fc.constantFrom(['true'], ['false']) }) },
  ).map((c) => ({ key: spec.key, ...c }));

const PRINCIPALS: readonly unknown[] = ['*', { AWS: '444455556666' }, { AWS: 'arn:aws:iam::444455556666:role/R' }, { AWS: 'arn:aws:sts::444455556666:assumed-role/R/S' }, { Service: 'connect.amazonaws.com' }, { AWS: ['111122223333', 'arn:aws:iam::444455556666:root'] }];
/** Callers of the universe for resource policies: same account, other account, each kind. */
const CALLERS = ['arn:aws:sts::111122223333:assumed-role/R/S', 'arn:aws:sts::444455556666:assumed-role/R/S', 'arn:aws:sts::444455556666:assumed-role/R/T', 'arn:aws:iam::444455556666:role/R', 'arn:aws:iam::444455556666:root', 'arn:aws:iam::444455556666:user/u', 'connect.amazonaws.com', 'anonymous'];

const statementArb = (keys: readonly KeySpec[], principals = false) =>
  fc.record({
    principal: principals ? fc.constantFrom(...PRINCIPALS) : fc.constant(undefined),
    notPrincipal: fc.constantFrom(false, false, true),
    effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
    notAction: fc.constantFrom(false, false, false, false, true),
    actions: fc.uniqueArray(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 2 }),
    notResource: fc.constantFrom(false, false, false, true),
    resources: fc.uniqueArray(fc.constantFrom(...RESOURCE_PATTERNS), { minLength: 1, maxLength: 2 }),
    conditions: keys.length === 0 ? fc.constant([]) : fc.array(fc.constantFrom(...keys).chain(conditionArb), { maxLength: 3 }),
  }).map((s): Record<string, unknown> => {
    const Condition: Record<string, Record<string, readonly string[]>> = {};
    for (const c of s.conditions as readonly { key: string; operator: string; values: readonly string[] }[]) (Condition[c.operator] ??= {})[c.key] = c.values;
    return {
      Effect: s.effect,
      ...(s.principal !== undefined && { [s.notPrincipal && s.effect === 'Deny' ? 'NotPrincipal' : 'Principal']: s.principal }),
      [s.notAction ? 'NotAction' : 'Action']: s.actions,
      [s.notResource ? 'NotResource' : 'Resource']: s.resources,
      ...(s.conditions.length > 0 && { Condition }),
    };
  });

const policyArb = (keys: readonly KeySpec[], principals = false) => fc.array(statementArb(keys, principals), { minLength: 1, maxLength: 3 }).map((Statement) => ({ Version: '2012-10-17', Statement: Statement.map((s, i) => ({ ...s, Sid: `S${i}` })) }));

/** OLD and NEW share their keys; NEW is often OLD with one statement changed (as in a pull request). */
const pairArb = fc
  .record({
    keys: fc.uniqueArray(fc.constantFrom(...KEYS), { maxLength: 2, selector: (k) => k.key }),
    type: fc.constantFrom<PolicyType>('identity', 'identity', 'scp', 'permissions-boundary', 'session', 'resource', 'resource'),
  })
  .chain(({ keys, type }) =>
    fc.record({
      keys: fc.constant(keys),
      type: fc.constant(type),
      old: policyArb(keys, type === 'resource'),
      edit: fc.oneof(policyArb(keys, type === 'resource'), fc.record({ index: fc.nat(2), statement: statementArb(keys, type === 'resource') })),
    }),
  )
  .map(({ keys, type, old, edit }) => {
    if ('Statement' in edit) return { keys, type, old, next: edit };
    const Statement = [...old.Statement];
    Statement[edit.index % Statement.length] = { ...edit.statement, Sid: `S${edit.index % Statement.length}` };
    return { keys, type, old, next: { ...old, Statement } };
  });

function* contexts(keys: readonly KeySpec[], i = 0, acc: Record<string, ContextValue> = {}): Generator<Record<string, ContextValue>> {
  if (i === keys.length) {
    yield acc;
    return;
  }
  yield* contexts(keys, i + 1, acc); // absent
  for (const v of keys[i]!.requestValues) yield* contexts(keys, i + 1, { ...acc, [keys[i]!.key]: v });
}

/** Every request of the universe decided under both policies: is some request newly allowed / denied? */
function bruteForce(type: PolicyType, oldDoc: unknown, newDoc: unknown, keys: readonly KeySpec[]): { gained: boolean; lost: boolean } {
  const compile = (doc: unknown, cross: boolean) => {
    const c = compileScenario({ ...scenarioForPolicy(type, doc, cross), request: { principal: PRINCIPAL, action: 's3:GetObject' } });
    if (!c.ok) throw new Error(JSON.stringify(c.problems));
    return c.value.policies;
  };
  const sides = [oldDoc, newDoc].map((d) => ({ alone: compile(d, false), cross: compile(d, true) }));
  const callers = type === 'resource' ? CALLERS : [PRINCIPAL];
  let gained = false;
  let lost = false;
  for (const action of ACTIONS) {
    for (const resource of RESOURCES) {
      for (const context of contexts(keys)) {
        for (const principal of callers) {
          // A resource policy's resource belongs to 111122223333 (S3 ARNs do not say so).
          const ctx = type === 'resource' ? { 'aws:ResourceAccount': '111122223333', ...context } : context;
          const built = buildRequest({ principal, action, resource, context: ctx });
          if (!built.ok) throw new Error('bad request');
          const r = built.request;
          const cross = type === 'resource' && r.principalAccount !== undefined && r.principalAccount !== r.resourceAccount;
          const [before, after] = sides.map((s) => evaluate(cross ? s.cross : s.alone, r).decision === 'allow');
          if (after && !before) gained = true;
          if (before && !after) lost = true;
          if (gained && lost) return { gained, lost };
        }
      }
    }
  }
  return { gained, lost };
}

function confirm(type: PolicyType, d: Difference, allowing: unknown, denying: unknown): void {
  const request = { principal: d.principal, action: d.action, resource: d.resource, context: d.context };
  expect(simulate(policyScenario(type, allowing, request)).decision).toBe('allow');
  expect(simulate(policyScenario(type, denying, request)).decision).not.toBe('allow');
}

describe('proof vs brute force', () => {
  it(`agree for ${RUNS} random policy pairs`, () => {
    fc.assert(
      fc.property(pairArb, ({ keys, type, old, next }) => {
        const result = diffPolicies(old, next, type);
        const brute = bruteForce(type, old, next, keys);
        expect(result.undecided).toEqual([]);
        if (brute.gained) expect(result.newlyAllowed.length).toBeGreaterThan(0);
        if (brute.lost) expect(result.newlyDenied.length).toBeGreaterThan(0);
        for (const d of result.newlyAllowed) confirm(type, d, next, old);
        for (const d of result.newlyDenied) confirm(type, d, old, next);
        expect(result.broader).toBe(result.newlyAllowed.length > 0 || result.futureActions.length > 0);
      }),
      { numRuns: RUNS },
    );
  }, 1_800_000);
});
