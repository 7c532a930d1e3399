/**
 * KMS key policies and role trust policies must allow explicitly ("IAM role trust policies and KMS key
 * policies are exceptions to this logic, because they must explicitly allow access for principals", IAM
 * User Guide, "Policy evaluation logic"): an identity policy alone grants nothing there.
 */
import { explicitResourcePolicy, type ExplicitResourcePolicy } from '../../engine/service-rules.js';
import { defineCheck, type CheckLocation, type DiagnosisContext, type FixIntent } from '../check.js';
import { message, type Report } from '../rule.js';

const messages = { notGiven: message(), notAllowing: message(), identityAllowNotEnough: message(), mustAllowToo: message() };

function run(policy: ExplicitResourcePolicy, ctx: DiagnosisContext): Report<typeof messages, CheckLocation | undefined, FixIntent>[] {
  const r = ctx.request;
  if (!r || explicitResourcePolicy(r) !== policy) return [];
  const data = { action: r.action, resource: r.resource, principal: r.principal.principalArn ?? r.principal.text };
  if (!ctx.result) {
    // Only a message: the policy AWS names may be the identity side, but this one must allow too.
    return [{ messageId: 'mustAllowToo', severity: 'warning', data }];
  }
  const rule = ctx.result.awsRules.find((a) => a.rule === (policy === 'key-policy' ? 'key-policy-required' : 'trust-policy-required'));
  if (!rule) return [];
  // Callers with no identity policies (services, web identity) have only the resource side.
  const hasIdentitySide = r.principal.hasIdentityPolicies || r.principal.kind === 'root';
  const identityAllows = hasIdentitySide && !ctx.result.deniedBy.includes('identity');
  const messageId = rule.data['policyGiven'] === 'true' ? (identityAllows ? 'identityAllowNotEnough' : 'notAllowing') : 'notGiven';
  return [{ messageId, severity: messageId === 'notGiven' ? 'warning' : 'error', data, location: { policyType: 'resource' }, fix: { kind: 'allow-in-resource-policy', policy } }];
}

export const keyPolicyNotAllowing = defineCheck({
  meta: { id: 'key-policy-not-allowing', title: 'The KMS key policy does not allow the caller', docs: 'docs/checks/key-policy-not-allowing.md', severity: 'error', messages },
  run: (ctx) => run('key-policy', ctx),
});

export const trustPolicyNotAllowing = defineCheck({
  meta: { id: 'trust-policy-not-allowing', title: "The role's trust policy does not allow the caller", docs: 'docs/checks/trust-policy-not-allowing.md', severity: 'error', messages },
  run: (ctx) => run('trust-policy', ctx),
});
