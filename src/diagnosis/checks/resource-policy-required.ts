/**
 * KMS key policies and role trust policies must allow explicitly ("IAM role trust policies and KMS key
 * policies are exceptions to this logic, because they must explicitly allow access for principals", IAM
 * User Guide, "Policy evaluation logic"): an identity policy alone grants nothing there.
 */
import { explicitResourcePolicy, type ExplicitResourcePolicy } from '../../engine/service-rules.js';
import type { Check, DiagnosisContext, Finding } from '../check.js';

function run(kind: ExplicitResourcePolicy, ctx: DiagnosisContext): Finding[] {
  const r = ctx.request;
  if (!r || explicitResourcePolicy(r) !== kind) return [];
  const id = kind === 'key-policy' ? 'key-policy-not-allowing' : 'trust-policy-not-allowing';
  const data = { action: r.action, resource: r.resource, principal: r.principal.principalArn ?? r.principal.text };
  if (!ctx.result) {
    // Only a message: the policy AWS names may be the identity side, but this one must allow too.
    return [{ check: id, severity: 'warning', messageId: 'mustAllowToo', data }];
  }
  const rule = ctx.result.awsRules.find((a) => a.rule === (kind === 'key-policy' ? 'key-policy-required' : 'trust-policy-required'));
  if (!rule) return [];
  // Callers with no identity policies (services, web identity) have only the resource side.
  const hasIdentitySide = r.principal.hasIdentityPolicies || r.principal.kind === 'root';
  const identityAllows = hasIdentitySide && !ctx.result.deniedBy.includes('identity');
  const messageId = rule.data['policyGiven'] === 'true' ? (identityAllows ? 'identityAllowNotEnough' : 'notAllowing') : 'notGiven';
  return [{ check: id, severity: messageId === 'notGiven' ? 'warning' : 'error', messageId, data, policyType: 'resource' }];
}

export const keyPolicyNotAllowing: Check = {
  id: 'key-policy-not-allowing',
  title: 'The KMS key policy does not allow the caller',
  docs: 'docs/checks/key-policy-not-allowing.md',
  run: (ctx) => run('key-policy', ctx),
};

export const trustPolicyNotAllowing: Check = {
  id: 'trust-policy-not-allowing',
  title: "The role's trust policy does not allow the caller",
  docs: 'docs/checks/trust-policy-not-allowing.md',
  run: (ctx) => run('trust-policy', ctx),
};
