/**
 * Explain's fixes never widen: over random scenarios of the shapes fixes are made for (identity policies
 * that nearly allow, guardrail SCPs, boundaries), every fix whose proof says
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

const ACCOUNT_A = '111122223333';
const ACCOUNT_B = '444455556666';

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

const SESSION = `arn:aws:sts::${ACCOUNT_A}:assumed-role/AgentRole/chat`;
const ROLE = `arn:aws:iam::${ACCOUNT_A}:role/AgentRole`;
const REQUESTS: readonly ScenarioRequest[] = [
  { principal: SESSION, action: 'connect:StartChatContact', resource: `arn:aws:connect:us-east-1:${ACCOUNT_A}:instance/inst-1/contact-flow/flow-1` },
  { principal: SESSION, action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key' },
  { principal: SESSION, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT_A}:queue1`, context: { 'aws:SourceVpce': 'vpce-1a2b3c4d', 'aws:SourceIp': '10.1.2.3' } },
];
const statementArb: fc.Arbitrary<Json> = fc.record(
  {
    Effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
    Action: fc.oneof(
      fc.constantFrom('connect:StartChatContact', 'connect:*', 's3:GetObject', 's3:Get*', 'sqs:SendMessage', 'sqs:*', '*'),
      fc.uniqueArray(fc.constantFrom('connect:StartChatContact', 'connect:DescribeInstance', 's3:GetObject', 's3:PutObject', 'sqs:SendMessage', 'sqs:ReceiveMessage'), { minLength: 1, maxLength: 3 }),
    ),
    Resource: fc.oneof(
      fc.constantFrom(...RESOURCES_PATTERNS()),
      fc.uniqueArray(fc.constantFrom(...RESOURCES_PATTERNS()), { minLength: 1, maxLength: 2 }),
    ),
    Condition: fc.constantFrom<Json>(
      { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
      { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
      { StringEqualsIfExists: { 's3:prefix': 'q3/' } },
      { ArnNotLike: { 'aws:PrincipalARN': `arn:aws:iam::${ACCOUNT_A}:role/Admin` } },
    ),
  },
  { requiredKeys: ['Effect', 'Action', 'Resource'] },
);
function RESOURCES_PATTERNS(): string[] {
  return [
    `arn:aws:connect:us-east-1:${ACCOUNT_A}:instance/inst-1`,
    `arn:aws:connect:us-east-1:${ACCOUNT_A}:instance/inst-1/contact-flow/flow-2`,
    `arn:aws:connect:us-west-2:${ACCOUNT_A}:instance/inst-1/contact-flow/flow-1`,
    `arn:aws:connect:us-east-1:${ACCOUNT_B}:instance/inst-1/contact-flow/*`,
    'arn:aws:s3:::bucket/other',
    'arn:aws:s3:::Bucket/*',
    'arn:aws:s3:::bucket',
    `arn:aws:sqs:us-east-1:${ACCOUNT_A}:queue2`,
    `arn:aws:sqs:us-west-2:${ACCOUNT_A}:queue1`,
    '*',
  ];
}
const policy = (name: string) => fc.array(statementArb, { minLength: 1, maxLength: 3 }).map((Statement) => ({ name, document: { Version: '2012-10-17', Statement } }));
const ALLOW_ALL = { name: 'FullAWSAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } };
const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    request: fc.constantFrom(...REQUESTS),
    identityPolicies: fc.array(policy('identity'), { minLength: 1, maxLength: 2 }).map((ps) => ps.map((p, i) => ({ ...p, name: `identity${i}` }))),
    permissionsBoundary: fc.option(policy('boundary'), { nil: undefined, freq: 3 }),
    scp: fc.option(policy('guardrail'), { nil: undefined, freq: 2 }),
  })
  .map(({ request, identityPolicies, permissionsBoundary, scp }) => ({
    request: { ...request, context: { ...request.context, 'aws:PrincipalArn': ROLE } },
    identityPolicies,
    ...(permissionsBoundary && { permissionsBoundary }),
    ...(scp && { serviceControlPolicies: [{ target: 'r-root', policies: [ALLOW_ALL, scp] }] }),
  }));

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
      { numRuns: 60, seed: 1313 },
    );
    // The property must have met fixes to mean anything.
    expect(checked).toBeGreaterThan(15);
  }, 600_000);
});
