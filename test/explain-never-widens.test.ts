/**
 * Explain's fixes never widen: over random scenarios (test/arbitraries.ts), every fix whose proof says
 * `proven` (every verified fix among them) is applied to the scenario and checked with the engine, not the
 * proof: over a universe of actions and resources, the fixed scenario allows nothing the original did not,
 * except the request's own action on the request's own resource.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explain } from '../src/explain/explain.js';
import { evaluate } from '../src/engine/evaluate.js';
import { buildRequest } from '../src/request/request.js';
import { compileScenario, type CompiledScenario } from '../src/scenario/compile.js';
import type { Fix } from '../src/remedy/fix.js';
import type { NamedPolicy, OrganizationLevel, Scenario, ScenarioRequest } from '../src/scenario/types.js';
import { ACCOUNT_A, ACCOUNT_B, scenarioArb } from './arbitraries.js';

const ACTIONS = ['connect:StartChatContact', 'connect:DescribeInstance', 'connect:StopContact', 's3:GetObject', 's3:PutObject', 's3:DeleteObject', 'sqs:SendMessage', 'kms:Decrypt', 'kms:Encrypt', 'sts:AssumeRole', 'iam:DeleteRole', 'iam:PassRole'];
const RESOURCES = [ACCOUNT_A, ACCOUNT_B].flatMap((a) => [
  `arn:aws:connect:us-east-1:${a}:instance/inst-1/contact-flow/flow-1`,
  `arn:aws:connect:us-east-1:${a}:instance/inst-1/contact-flow/agents`,
  `arn:aws:connect:us-east-1:${a}:instance/inst-1/contact-flow/other`,
  `arn:aws:connect:us-west-2:${a}:instance/inst-1/contact-flow/flow-1`,
  `arn:aws:connect:us-east-1:${a}:instance/inst-1`,
  `arn:aws:connect:us-east-1:${a}:instance/inst-2`,
  `arn:aws:sqs:us-east-1:${a}:queue1`,
  `arn:aws:sqs:us-east-1:${a}:queue2`,
  `arn:aws:kms:eu-west-1:${a}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  `arn:aws:iam::${a}:role/DeployRole`,
  `arn:aws:iam::${a}:role/AgentRole`,
]).concat(['arn:aws:s3:::bucket/key', 'arn:aws:s3:::bucket/alice', 'arn:aws:s3:::bucket/other', 'arn:aws:s3:::other/key', '*']);

type Json = Record<string, unknown>;

/** A document as the remedy sees it: decoded, its Statement a list. */
function normalized(document: unknown): string {
  const doc = (typeof document === 'string' ? JSON.parse(document.startsWith('{') ? document : decodeURIComponent(document)) : document) as Json;
  return JSON.stringify({ ...doc, Statement: Array.isArray(doc['Statement']) ? doc['Statement'] : doc['Statement'] === undefined ? [] : [doc['Statement']] });
}

/** The scenario with the fix applied, found by its `before` document (undefined: not a change of a given policy). */
function applied(scenario: Scenario, fix: Fix): Scenario | undefined {
  const swap = (p: NamedPolicy | undefined): NamedPolicy | undefined => (p && fix.before && normalized(p.document) === JSON.stringify(fix.before) ? { ...p, document: fix.document } : p);
  const list = (ps: readonly NamedPolicy[] | undefined) => ps?.map((p) => swap(p)!);
  const levels = (ls: readonly OrganizationLevel[] | undefined) => ls?.map((l) => ({ ...l, policies: list(l.policies)! }));
  if (fix.change === 'attach' && fix.policyType === 'identity') return { ...scenario, identityPolicies: [...(scenario.identityPolicies ?? []), { name: 'Fix', document: fix.document }] };
  // A statement for a key or trust policy that was not given: the policy is that statement.
  if (fix.change === 'attach' && fix.policyType === 'resource') return { ...scenario, resourcePolicy: { name: 'Fix', document: fix.document } };
  const out: Scenario = {
    ...scenario,
    ...(scenario.identityPolicies && { identityPolicies: list(scenario.identityPolicies) }),
    ...(scenario.permissionsBoundary && { permissionsBoundary: swap(scenario.permissionsBoundary) }),
    ...(scenario.sessionPolicies && { sessionPolicies: list(scenario.sessionPolicies) }),
    ...(scenario.serviceControlPolicies && { serviceControlPolicies: levels(scenario.serviceControlPolicies) }),
    ...(scenario.resourcePolicy && { resourcePolicy: swap(scenario.resourcePolicy) }),
  };
  return JSON.stringify(out) === JSON.stringify(scenario) ? undefined : out;
}

function decide(compiled: CompiledScenario, request: ScenarioRequest): string {
  const built = buildRequest(request);
  return built.ok ? evaluate(compiled.policies, built.request).decision : 'invalid';
}

describe('explain fixes never widen (engine-checked)', () => {
  it('a proven fix allows nothing beyond the request, over random scenarios', () => {
    let checked = 0;
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const result = explain({ scenario: scenario as unknown as Json });
        if (!result.ok || result.explanation.decision === 'allow') return;
        const request = scenario.request;
        for (const fix of result.explanation.fixes) {
          if (fix.proof !== 'proven') continue;
          const fixed = applied(scenario, fix);
          expect(fixed, `${fix.reason}: its document is not found in the scenario`).toBeDefined();
          const [before, after] = [compileScenario(scenario), compileScenario(fixed)];
          if (!before.ok || !after.ok) throw new Error('the scenarios must compile');
          checked++;
          for (const action of ACTIONS.concat(request.action)) {
            // A key or trust policy is attached to the requested resource: it decides no other.
            for (const resource of fix.policyType === 'resource' ? [request.resource ?? '*'] : RESOURCES) {
              const probe = { ...request, action, resource };
              if (decide(after.value, probe) !== 'allow' || decide(before.value, probe) === 'allow') continue;
              // A request without a resource (or on `*`) is one for an action authorized on `*` only (the scenario contract).
              const intended = action.toLowerCase() === request.action.toLowerCase() && (request.resource === undefined || request.resource === '*' || resource === request.resource);
              expect(intended, `${fix.reason} (${fix.verified ? 'verified' : 'not verified'}) also allows ${action} on ${resource}\n${JSON.stringify(fix.document)}`).toBe(true);
            }
          }
        }
      }),
      { numRuns: 15, seed: 1313 },
    );
    // The property must have met fixes to mean anything.
    expect(checked).toBeGreaterThan(3);
  }, 600_000);
});
